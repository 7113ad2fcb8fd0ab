// Hometown and city pickers: the list of matches fills in while the member types.
// Without JavaScript the "Find" button does the same through a normal form submission.
(function () {
  "use strict";
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var form = picker.closest("form");
    var target = document.getElementById(picker.getAttribute("data-picker-target"));
    var input = picker.querySelector("input[type=text]");
    if (!form || !target || !input) return;
    var timer = null;
    var latest = 0;
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      params.delete("csrfmiddlewaretoken");
      var ticket = ++latest;
      fetch(picker.getAttribute("data-picker") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && ticket === latest) target.innerHTML = html;
        })
        .catch(function () { /* the Find button still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    });
  });
})();
