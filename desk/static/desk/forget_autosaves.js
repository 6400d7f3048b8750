// After logging out: forget the autosaved typing this browser keeps (autosave.js), so the
// next person at a shared computer cannot read it. The server keeps its own copy.
"use strict";
(function () {
  const prefix = "newsroom-autosave:";
  try {
    Object.keys(window.localStorage)
      .filter((key) => key.startsWith(prefix))
      .forEach((key) => window.localStorage.removeItem(key));
  } catch (error) {
    // Storage switched off: nothing was kept.
  }
})();
