// "Insert image" for the article body editor: asks for alt text, uploads the file
// to articles.uploads.ImageUploadView and inserts the Markdown it answers with.
// Dropped or pasted files land in the same form so they, too, get a description.
"use strict";

(function () {
  // The desk's catalog (desk:jsi18n) in the editor's language; English without it.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const interpolate = window.interpolate || ((format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => values[name]));
  const ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

  function csrfToken(form) {
    const field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text) node.textContent = text;
    return node;
  }

  function insertAtCursor(editor, text) {
    const start = editor.selectionStart ?? editor.value.length;
    const end = editor.selectionEnd ?? start;
    const before = editor.value.slice(0, start);
    const spacer = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    editor.value = before + spacer + text + "\n" + editor.value.slice(end);
    editor.selectionStart = editor.selectionEnd = (before + spacer + text).length + 1;
    // markdownx refreshes its live preview on input events.
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function attach(container) {
    const editor = container.querySelector("textarea[data-markdownx-upload-urls-path]");
    if (!editor) return;
    const id = editor.id;

    const panel = element("fieldset", { class: "image-upload" });
    panel.append(element("legend", {}, gettext("Insert image")));
    const altLabel = element("label", { for: `${id}-image-alt` }, gettext("Image description (alt text)"));
    const alt = element("input", { type: "text", id: `${id}-image-alt`, maxlength: "300" });
    const fileLabel = element("label", { for: `${id}-image-file` }, gettext("Image file"));
    const file = element("input", { type: "file", id: `${id}-image-file`, accept: ACCEPT });
    const button = element("button", { type: "button", class: "button" }, gettext("Upload and insert"));
    const status = element("p", { class: "image-upload-status", role: "status" });
    panel.append(altLabel, alt, fileLabel, file, button, status);
    // Between the editor and its preview, in the editor's own column.
    editor.after(panel);

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("errornote", Boolean(isError));
    }

    button.addEventListener("click", async () => {
      if (!file.files.length) return say(gettext("Choose an image file first."), true);
      if (!alt.value.trim()) {
        alt.focus();
        return say(gettext("Describe the image for readers who cannot see it (alt text)."), true);
      }
      const data = new FormData();
      data.append("image", file.files[0]);
      data.append("alt", alt.value);
      button.disabled = true;
      say(gettext("Uploading…"));
      try {
        const response = await fetch(editor.getAttribute("data-markdownx-upload-urls-path"), {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(editor.form), "X-Requested-With": "XMLHttpRequest" },
        });
        let answer = {};
        try {
          answer = await response.json();
        } catch (error) {
          answer = {};
        }
        if (response.ok && answer.image_code) {
          insertAtCursor(editor, answer.image_code);
          alt.value = "";
          file.value = "";
          say(gettext("Image inserted."));
        } else {
          say(answer.error || interpolate(gettext("The upload failed (%(status)s). Please try again."), { status: response.status }, true), true);
        }
      } catch (error) {
        say(gettext("The upload failed: the server could not be reached. Please try again."), true);
      } finally {
        button.disabled = false;
      }
    });

    // Capture phase: markdownx's own drop/paste upload (no alt text) never runs.
    function takeFiles(event, files) {
      if (!files || !files.length) return;
      event.preventDefault();
      event.stopPropagation();
      const transfer = new DataTransfer();
      transfer.items.add(files[0]);
      file.files = transfer.files;
      alt.focus();
      say(gettext("Describe the image, then press “Upload and insert”."));
    }
    container.addEventListener("drop", (event) => takeFiles(event, event.dataTransfer && event.dataTransfer.files), true);
    container.addEventListener("paste", (event) => takeFiles(event, event.clipboardData && event.clipboardData.files), true);
  }

  function start() {
    document.querySelectorAll(".markdownx").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
