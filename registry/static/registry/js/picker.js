// Hometown and city pickers: the list of matches fills in while the member types.
// Without JavaScript the "Find" button does the same through a normal form submission.
// Enter in the text field searches (it would otherwise send the whole form); a field marked
// data-refreshes-picker (the country) refreshes the list when it changes.
(function () {
  "use strict";
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var form = picker.closest("form");
    var target = document.getElementById(picker.getAttribute("data-picker-target"));
    var input = picker.querySelector("input[type=text]");
    if (!form || !target || !input) return;
    var timer = null;
    var pending = null;
    function refresh() {
      clearTimeout(timer);
      if (pending) pending.abort();
      var controller = new AbortController();
      pending = controller;
      var params = new URLSearchParams(new FormData(form));
      // Only what the list needs: the record's other answers stay out of URLs (and server logs).
      params.delete("csrfmiddlewaretoken");
      params.delete("opened");
      params.delete("hometown_village");
      fetch(picker.getAttribute("data-picker") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
      })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && pending === controller) target.innerHTML = html;
        })
        .catch(function () { /* replaced by a newer search, or offline: Find still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      refresh();
    });
    form.querySelectorAll("[data-refreshes-picker]").forEach(function (field) {
      field.addEventListener("change", refresh);
    });
  });
})();
