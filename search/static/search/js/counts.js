// The staff search showed a large result's page before counting it: fetch the same search with
// its counts and put the total, the facet sidebar, the pages and the export button in place.
// Without this script (or if the fetch fails) the "Show the counts" link does the same.
(function () {
  "use strict";
  var link = document.querySelector(".staff-search__count-now");
  if (!link || !window.fetch || !window.DOMParser) return;
  link.hidden = true;
  fetch(link.getAttribute("href"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    })
    .then(function (html) {
      var counted = new DOMParser().parseFromString(html, "text/html");
      ["facets", "total", "pages", "export"].forEach(function (part) {
        var selector = '[data-counts="' + part + '"]';
        var fresh = counted.querySelector(selector);
        var stale = document.querySelector(selector);
        if (fresh && stale) stale.replaceWith(document.importNode(fresh, true));
        else if (fresh && part === "pages") {
          var list = document.querySelector(".staff-search__list");
          if (list) list.after(document.importNode(fresh, true));
        }
      });
    })
    .catch(function () {
      link.hidden = false;
    });
})();
