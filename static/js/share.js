// The "Share…" button opens the device's own share sheet; browsers without the
// Web Share API keep it hidden and readers use the plain links beside it.
"use strict";
if (navigator.share) {
  for (const button of document.querySelectorAll(".share-native")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(() => {});
    });
  }
}
