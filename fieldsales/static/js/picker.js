/*
 * Search-as-you-type pickers (templates/trips/_picker.html), no dependencies.
 * <div data-picker data-url="/json?q=" data-name="customers"> holds a list of chips (the chosen
 * rows, each a hidden input named data-name) and a search box. Typing asks data-url for
 * {"results": [{id, name, meta}]} and lists them; tapping one (or Enter on the highlighted one)
 * adds a chip, the chip's button removes it. With data-invited-name a chip also carries a
 * checkbox of that name (a companion the traveller invited). Adding or removing a chip fires
 * "change" on the form, so the live estimate follows. Texts come from data-* attributes
 * (translated by the template); no inline handlers (CSP).
 */
(function () {
  "use strict";

  var DELAY = 200;

  function chosenIds(picker) {
    var inputs = picker.querySelectorAll("[data-picker-chips] input[type=hidden]");
    return Array.prototype.map.call(inputs, function (i) { return i.value; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function removeIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4l8 8M12 4l-8 8");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("fill", "none");
    svg.appendChild(path);
    return svg;
  }

  function changed(picker) {
    var form = picker.closest("form");
    if (form) form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addChip(picker, row) {
    if (chosenIds(picker).indexOf(String(row.id)) !== -1) return;
    var chip = el("li", "chip");
    chip.setAttribute("data-id", row.id);
    var hidden = el("input");
    hidden.type = "hidden";
    hidden.name = picker.getAttribute("data-name");
    hidden.value = row.id;
    chip.appendChild(hidden);
    chip.appendChild(el("span", "chip-name", row.name));
    if (row.meta) chip.appendChild(el("span", "chip-meta", row.meta));
    var invited = picker.getAttribute("data-invited-name");
    if (invited) {
      var label = el("label", "chip-check");
      var box = el("input");
      box.type = "checkbox";
      box.name = invited;
      box.value = row.id;
      label.appendChild(box);
      label.appendChild(document.createTextNode(picker.getAttribute("data-invited-label")));
      chip.appendChild(label);
    }
    var remove = el("button", "chip-remove");
    remove.type = "button";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", picker.getAttribute("data-remove-label") + " " + row.name);
    remove.appendChild(removeIcon());
    chip.appendChild(remove);
    picker.querySelector("[data-picker-chips]").appendChild(chip);
    changed(picker);
  }

  function close(picker) {
    var list = picker.querySelector(".picker-results");
    list.hidden = true;
    list.textContent = "";
    picker.querySelector(".picker-input").setAttribute("aria-expanded", "false");
    picker.pickerRows = [];
    picker.pickerActive = -1;
  }

  function highlight(picker, index) {
    var items = picker.querySelectorAll(".picker-results [role=option]");
    if (!items.length) return;
    index = (index + items.length) % items.length;
    Array.prototype.forEach.call(items, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    picker.pickerActive = index;
    var input = picker.querySelector(".picker-input");
    input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  }

  function show(picker, rows) {
    var list = picker.querySelector(".picker-results");
    var input = picker.querySelector(".picker-input");
    var taken = chosenIds(picker);
    rows = rows.filter(function (r) { return taken.indexOf(String(r.id)) === -1; });
    picker.pickerRows = rows;
    picker.pickerActive = -1;
    list.textContent = "";
    if (!rows.length) {
      var none = el("li", "picker-empty", picker.getAttribute("data-empty-label"));
      none.setAttribute("role", "option");
      none.setAttribute("aria-disabled", "true");
      list.appendChild(none);
    }
    rows.forEach(function (row, i) {
      var item = el("li", "picker-option");
      item.id = input.id + "-opt-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-index", i);
      item.appendChild(el("span", "picker-option-name", row.name));
      if (row.meta) item.appendChild(el("span", "picker-option-meta", row.meta));
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function search(picker) {
    var input = picker.querySelector(".picker-input");
    var q = input.value.trim();
    var url = picker.getAttribute("data-url") + "?q=" + encodeURIComponent(q);
    var asked = ++picker.pickerAsked;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        // An older answer arriving after a newer one is dropped.
        if (asked === picker.pickerAsked && document.activeElement === input) {
          show(picker, data.results || []);
        }
      })
      .catch(function () { /* offline: the list stays as it was */ });
  }

  function pick(picker, index) {
    var row = (picker.pickerRows || [])[index];
    if (!row) return;
    // A search still waiting or under way would reopen the list: it is dropped.
    clearTimeout(picker.pickerTimer);
    picker.pickerAsked++;
    addChip(picker, row);
    var input = picker.querySelector(".picker-input");
    input.value = "";
    close(picker);
    input.focus();
  }

  function bind(picker) {
    if (picker.pickerBound) return;
    picker.pickerBound = true;
    picker.pickerAsked = 0;
    var input = picker.querySelector(".picker-input");
    input.addEventListener("input", function () {
      clearTimeout(picker.pickerTimer);
      picker.pickerTimer = setTimeout(function () { search(picker); }, DELAY);
    });
    input.addEventListener("focus", function () { search(picker); });
    // The search box is no field of the form: its changes must not ask for an estimate.
    input.addEventListener("change", function (e) { e.stopPropagation(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(picker, picker.pickerActive + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(picker, picker.pickerActive - 1); }
      else if (e.key === "Enter") {
        // Enter picks (the highlighted row, or the only one); it never submits the form.
        e.preventDefault();
        var rows = picker.pickerRows || [];
        if (picker.pickerActive >= 0) pick(picker, picker.pickerActive);
        else if (rows.length === 1) pick(picker, 0);
      } else if (e.key === "Escape") {
        clearTimeout(picker.pickerTimer);
        picker.pickerAsked++;
        close(picker);
      }
    });
    picker.addEventListener("mousedown", function (e) {
      // Keep the focus in the box while a result is tapped.
      if (e.target.closest(".picker-results")) e.preventDefault();
    });
    picker.addEventListener("click", function (e) {
      var option = e.target.closest("[role=option]");
      if (option) { pick(picker, Number(option.getAttribute("data-index"))); return; }
      var remove = e.target.closest("[data-picker-remove]");
      if (remove) {
        remove.closest(".chip").remove();
        changed(picker);
        input.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!picker.contains(e.target)) close(picker);
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("[data-picker]"), bind);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
