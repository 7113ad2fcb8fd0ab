// The staff search's lists of several values (search/widgets.py): the list to add from becomes
// a box to type in, matching as you type (without tone marks too: "ha tinh" finds "Hà Tĩnh"),
// as an ARIA combobox: arrows move, Enter or a click chooses, Escape closes. A chip's box,
// unticked, removes the chip at once; a city set to "remove" goes the same way. Without this
// script the same controls work as they are, on the next search.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().trim();
  }

  function say(box, template, name) {
    var status = box.querySelector(".chips__status");
    if (status && template) status.textContent = template.replace("{name}", name);
  }

  function chipFor(name, value, label, lang) {
    var item = document.createElement("li");
    var chip = document.createElement("label");
    chip.className = "chip";
    if (lang) chip.lang = lang;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = true;
    var text = document.createElement("span");
    text.className = "chip__label";
    text.textContent = label;
    var mark = document.createElement("span");
    mark.className = "chip__mark";
    mark.setAttribute("aria-hidden", "true");
    chip.append(box, text, mark);
    item.appendChild(chip);
    return item;
  }

  function enhance(box, number) {
    var select = box.querySelector("select.chips__add");
    var chosen = box.querySelector(".chips__chosen");
    if (!select || !chosen) return;
    var options = Array.prototype.filter.call(select.options, function (option) {
      return option.value;
    }).map(function (option) {
      return { value: option.value, label: option.text, key: fold(option.text), lang: option.lang };
    });
    var lang = options.length ? options[0].lang : "";
    var listId = "chips-options-" + number;
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id;
    input.className = "chips__find";
    input.autocomplete = "off";
    input.placeholder = box.getAttribute("data-chips-find") || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    ["aria-labelledby", "aria-invalid", "aria-describedby"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "chips__options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-labelledby", select.getAttribute("aria-labelledby") || "");
    list.hidden = true;
    // The plain list stays in the page, out of sight and out of the form.
    select.id = select.id + "-plain";
    select.hidden = true;
    select.disabled = true;
    select.after(input, list);

    var matches = [];
    var active = -1;

    function chosenValues() {
      var values = {};
      chosen.querySelectorAll("input[type=checkbox]").forEach(function (checkbox) {
        if (checkbox.checked) values[checkbox.value] = true;
      });
      return values;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show() {
      var typed = fold(input.value);
      var taken = chosenValues();
      matches = options.filter(function (option) {
        return !taken[option.value] && (!typed || option.key.indexOf(typed) !== -1);
      });
      // Names starting with what was typed first ("nhat" → Nhật Bản before Cộng hòa …).
      matches.sort(function (a, b) {
        return (b.key.indexOf(typed) === 0) - (a.key.indexOf(typed) === 0);
      });
      matches = matches.slice(0, 60);
      list.textContent = "";
      if (!matches.length) {
        var none = document.createElement("li");
        none.className = "chips__none";
        none.textContent = box.getAttribute("data-chips-none") || "";
        list.appendChild(none);
      }
      matches.forEach(function (option, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", index === active ? "true" : "false");
        if (option.lang) item.lang = option.lang;
        item.textContent = option.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(option);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", listId + "-" + active);
        var current = document.getElementById(listId + "-" + active);
        if (current) current.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      chosen.appendChild(chipFor(select.name, option.value, option.label, lang));
      input.value = "";
      close();
      say(box, box.getAttribute("data-chips-added"), option.label);
      input.focus();
    }

    input.addEventListener("input", function () {
      active = -1;
      show();
    });
    input.addEventListener("focus", function () {
      if (input.value) show();
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          active = -1;
          show();
        }
        if (!matches.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + matches.length) % matches.length;
        show();
      } else if (event.key === "Enter") {
        // With a match to choose, Enter chooses it; with nothing typed, it searches.
        if (open && matches.length && (active >= 0 || input.value.trim())) {
          event.preventDefault();
          choose(matches[Math.max(active, 0)]);
        } else if (input.value.trim()) {
          event.preventDefault();
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    // A chip unticked is removed at once, and its value can be chosen again.
    chosen.addEventListener("change", function (event) {
      var checkbox = event.target;
      if (checkbox.type !== "checkbox" || checkbox.checked) return;
      var item = checkbox.closest("li");
      var label = item ? item.textContent.trim() : "";
      if (item) item.remove();
      say(box, box.getAttribute("data-chips-removed"), label);
      input.focus();
    });
  }

  document.querySelectorAll("[data-chips]").forEach(enhance);

  // A chosen city set to "remove" leaves at once too.
  document.querySelectorAll(".places__chosen select").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) return;
      var item = select.closest("li");
      var next = item && (item.nextElementSibling || item.previousElementSibling);
      if (item) item.remove();
      var focus = next ? next.querySelector("select") : document.getElementById("id_near");
      if (focus) focus.focus();
    });
  });
})();
