// Text size and contrast without a page reload. Without JavaScript the same buttons submit to the
// server (cms.views.display), which sets the same cookie; this script only saves the round trip.
(function () {
  "use strict";
  var NAMES = { "-1": "small", "0": "normal", "1": "large", "2": "larger" };
  function read() {
    var match = document.cookie.match(/(?:^|; )display=(-?\d):([01])/);
    return match ? { step: parseInt(match[1], 10), contrast: match[2] === "1" } : { step: 0, contrast: false };
  }
  function apply(prefs) {
    var html = document.documentElement;
    Object.keys(NAMES).forEach(function (k) { html.classList.remove("text-" + NAMES[k]); });
    html.classList.add("text-" + NAMES[String(prefs.step)]);
    html.classList.toggle("high-contrast", prefs.contrast);
    var contrastButton = document.querySelector('[data-display-action="contrast"]');
    if (contrastButton) { contrastButton.setAttribute("aria-pressed", prefs.contrast ? "true" : "false"); }
    document.cookie = "display=" + prefs.step + ":" + (prefs.contrast ? 1 : 0) +
      "; path=/; max-age=31536000; samesite=lax" + (location.protocol === "https:" ? "; secure" : "");
  }
  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-display-action]");
    if (!control) { return; }
    event.preventDefault();
    var prefs = read();
    var action = control.getAttribute("data-display-action");
    if (action === "smaller") { prefs.step = Math.max(-1, prefs.step - 1); }
    if (action === "larger") { prefs.step = Math.min(2, prefs.step + 1); }
    if (action === "normal") { prefs.step = 0; }
    if (action === "contrast") { prefs.contrast = !prefs.contrast; }
    apply(prefs);
  });
})();
