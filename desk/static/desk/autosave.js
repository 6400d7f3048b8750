// Autosave on the article form (desk/autosave.py): the text is kept in this browser as
// the editor types and sent to the server after a few seconds of quiet; offline, it waits
// in localStorage and goes when the server answers again. After a closed tab or a crash the
// form offers it back: "Restore your unsaved text from 10:42?". Restoring also restores the
// version token it was typed against, so the server's edit-conflict check still decides.
(function () {
  "use strict";
  // The desk's catalog (desk:jsi18n) in the editor's language; English without it.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const interpolate = window.interpolate || ((format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => values[name]));
  const offer = document.getElementById("autosave");
  const form = document.getElementById("article_form");
  if (!offer || !form) {
    return;
  }
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  const status = document.getElementById("autosave-status");
  const names = offer.dataset.fields.split(" ");
  const storageKey = offer.dataset.key;
  const IDLE_MS = 2000; // quiet typing before a save to the server
  const LONGEST_MS = 15000; // while typing without a pause
  const RETRY_MS = 10000; // offline: try again this often

  let dirty = false;
  let submitting = false;
  let choosing = false; // an offer is shown: nothing is autosaved until the editor chooses
  let idleTimer = null;
  let firstUnsent = null;
  let sending = false;

  function field(name) {
    return form.elements.namedItem(name);
  }
  function tokenField() {
    return form.elements.namedItem("version_token");
  }
  function currentFields() {
    const fields = {};
    for (const name of names) {
      const element = field(name);
      if (element && typeof element.value === "string") {
        fields[name] = element.value;
      }
    }
    return fields;
  }
  function differsFromForm(fields) {
    return Object.keys(fields).some((name) => field(name) && field(name).value !== fields[name]);
  }

  function readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }
  function writeLocal(entry) {
    try {
      if (entry === null) {
        window.localStorage.removeItem(storageKey);
      } else {
        window.localStorage.setItem(storageKey, JSON.stringify(entry));
      }
    } catch (error) {
      // Storage full or disabled: the server copy still works.
    }
  }

  function timeLabel(iso) {
    const zone = offer.dataset.timeZone;
    const moment = new Date(iso);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" });
    const time = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(moment);
    if (day.format(moment) === day.format(new Date())) {
      return time;
    }
    return `${day.format(moment)} ${time}`;
  }
  function say(text) {
    status.textContent = text;
  }

  async function post(body) {
    const response = await fetch(offer.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.value },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
    if (response.status === 409) {
      return null; // typed before the editor's own save, which holds it
    }
    if (!response.ok) {
      throw new Error(`autosave answered ${response.status}`);
    }
    return response.json();
  }

  function keepLocally() {
    const token = tokenField();
    writeLocal({
      fields: currentFields(),
      version_token: token ? token.value : "",
      saved_at: new Date().toISOString(),
      synced: false,
    });
  }

  async function send() {
    idleTimer = null;
    const entry = readLocal();
    if (!entry || entry.synced || sending || submitting || choosing) {
      return;
    }
    sending = true;
    try {
      const saved = await post({ fields: entry.fields, version_token: entry.version_token });
      if (saved === null) {
        writeLocal(null);
        return;
      }
      const latest = readLocal();
      // Typing that arrived while this was on its way is sent next time.
      if (latest && latest.saved_at === entry.saved_at) {
        latest.synced = true;
        writeLocal(latest);
        firstUnsent = null;
      }
      say(
        interpolate(gettext("Unsaved changes kept at %(time)s (only you see them until you save)."), { time: saved.label }, true),
      );
    } catch (error) {
      say(gettext("Offline: your text is kept in this browser and sent when the server answers."));
      schedule(RETRY_MS);
    } finally {
      sending = false;
    }
  }
  function schedule(delay) {
    if (idleTimer !== null) {
      window.clearTimeout(idleTimer);
    }
    idleTimer = window.setTimeout(send, delay);
  }

  function typed() {
    if (submitting) {
      return;
    }
    dirty = true; // leaving asks first, even before the editor answers the offer
    if (choosing) {
      return; // storing now would replace the text on offer
    }
    keepLocally();
    const now = Date.now();
    firstUnsent = firstUnsent || now;
    // Quiet for a moment, or typing for a long while: send.
    schedule(now - firstUnsent >= LONGEST_MS ? 0 : IDLE_MS);
  }

  function restore(candidate) {
    for (const [name, value] of Object.entries(candidate.fields)) {
      const element = field(name);
      if (element) {
        element.value = value;
        element.dispatchEvent(new Event("input", { bubbles: true }));
        element.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    const token = tokenField();
    if (token && candidate.version_token) {
      token.value = candidate.version_token;
    }
  }

  function offerBack(candidate) {
    choosing = true;
    offer.querySelector(".autosave-question").textContent =
      interpolate(gettext("Restore your unsaved text from %(time)s?"), { time: timeLabel(candidate.saved_at) }, true);
    offer.hidden = false;
    offer.querySelector(".autosave-restore").addEventListener("click", () => {
      restore(candidate);
      choosing = false;
      offer.hidden = true;
      say(gettext("Restored. Save to keep it; until then only you can see it."));
      typed();
    });
    offer.querySelector(".autosave-discard").addEventListener("click", () => {
      choosing = false;
      offer.hidden = true;
      writeLocal(null);
      post({ discard: true }).catch(() => {});
      say(gettext("Discarded the unsaved text."));
    });
  }

  // What is waiting: the server's copy, or a newer one this browser could not send.
  const waitingElement = document.getElementById("autosave-waiting");
  const fromServer = waitingElement ? JSON.parse(waitingElement.textContent) : null;
  let local = readLocal();
  if (local && local.submitted) {
    // The last submit went through unless the form came back with errors, which then
    // holds the text itself.
    const failed = document.querySelector(".errornote, .errorlist");
    local = failed || fromServer ? Object.assign(local, { submitted: false }) : null;
    writeLocal(local);
  }
  if (local && local.synced && !fromServer) {
    local = null; // sent, then cleared by a save: nothing waits
    writeLocal(null);
  }
  let candidate = fromServer;
  if (local && !local.synced && (!candidate || new Date(local.saved_at) > new Date(candidate.saved_at))) {
    candidate = local;
  }
  if (candidate && differsFromForm(candidate.fields)) {
    offerBack(candidate);
  }

  form.addEventListener("input", typed);
  form.addEventListener("submit", () => {
    submitting = true;
    const entry = readLocal();
    if (entry) {
      entry.submitted = true;
      writeLocal(entry);
    }
  });
  window.addEventListener("online", () => schedule(0));
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
