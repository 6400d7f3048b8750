// The photo library's two helpers: a focal point picker (click the picture, the focal
// point fields follow) and dropping files on the upload form. A file, not inline
// script, so the admin's Content-Security-Policy stays 'self'.
"use strict";

(function () {
  function placeMarker(picture, marker, x, y) {
    marker.style.left = (x * 100).toFixed(2) + "%";
    marker.style.top = (y * 100).toFixed(2) + "%";
    marker.hidden = false;
  }

  function focalPointPicker(picture) {
    const fieldX = document.getElementById("id_focal_x");
    const fieldY = document.getElementById("id_focal_y");
    const marker = picture.parentElement.querySelector(".focal-point-marker");
    if (!fieldX || !fieldY || !marker) return;
    const show = () => placeMarker(picture, marker, Number(fieldX.value) || 0, Number(fieldY.value) || 0);
    picture.addEventListener("click", (event) => {
      const box = picture.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      show();
    });
    fieldX.addEventListener("input", show);
    fieldY.addEventListener("input", show);
    show();
  }

  function dropZone(zone) {
    const input = zone.querySelector("input[type=file]");
    if (!input) return;
    ["dragenter", "dragover"].forEach((name) =>
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("is-dragging");
      }),
    );
    ["dragleave", "drop"].forEach((name) =>
      zone.addEventListener(name, () => zone.classList.remove("is-dragging")),
    );
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.form.requestSubmit();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("img[data-focal-picker]").forEach(focalPointPicker);
    document.querySelectorAll("[data-photo-drop-zone]").forEach(dropZone);
  });
})();
