// "Also editing" notice on the article change form: a heartbeat tells the server this form
// is still open and shows who else has it open. A notice, never a lock.
(function () {
  "use strict";
  const notice = document.getElementById("also-editing");
  const csrf = document.querySelector("#article_form input[name=csrfmiddlewaretoken]");
  if (!notice || !csrf) {
    return;
  }
  const names = notice.querySelector(".also-editing-names");
  async function heartbeat() {
    try {
      const response = await fetch(notice.dataset.heartbeatUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf.value },
        credentials: "same-origin",
      });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      names.textContent = data.editors.join(", ");
      notice.hidden = data.editors.length === 0;
    } catch (error) {
      // Offline for a moment: the next heartbeat tries again.
    }
  }
  window.setInterval(heartbeat, 30000);
})();
