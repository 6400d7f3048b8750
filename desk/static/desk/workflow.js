// Ctrl+S / Cmd+S on the article form saves, with its safe button ("Save draft" on a live
// article): the same press a mouse would make, so every rule of the form applies.
(function () {
  "use strict";
  const form = document.getElementById("article_form");
  const button = form && form.querySelector("[data-keyboard-save]");
  if (!button) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      form.requestSubmit(button);
    }
  });
})();
