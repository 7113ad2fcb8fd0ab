// The main menu folds behind a "Menu" button on narrow screens. Without this script the menu is a
// wrapping row of links, usable everywhere; the button stays hidden.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function setUp(menu) {
    var toggle = menu.querySelector("[data-menu-toggle]");
    function show(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("main-menu--collapsed", !open);
      menu.classList.toggle("main-menu--open", open);
    }
    function fit() {
      toggle.hidden = !narrow.matches;
      show(!narrow.matches);
    }
    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        show(false);
        toggle.focus();
      }
    });
    narrow.addEventListener("change", fit);
    fit();
  }
  document.querySelectorAll("[data-menu]").forEach(setUp);
})();
