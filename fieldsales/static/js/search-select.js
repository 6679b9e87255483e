/*
 * Searchable drop-downs (core/widgets.py SearchSelect), no dependencies.
 * A <select data-search-url="/json?scope=..."> lists only its first rows and the chosen one.
 * This puts a search box above it; typing asks data-search-url for
 * {"results": [{id, label, data: {name: value}}]} and makes those rows the options (the
 * chosen one and the empty one stay), each data pair a data-<name> attribute as the server
 * renders it. The user then picks in the drop-down itself, so the form and the scripts that
 * read the chosen option work as before. Texts come from data-* attributes (translated).
 * A checkbox list (<div data-search-url data-search-name>, SearchCheckboxes) works the same
 * way: the rows found become checkboxes, and the ticked ones stay.
 */
(function () {
  "use strict";

  var DELAY = 250;

  function option(row) {
    var node = document.createElement("option");
    node.value = row.id;
    node.textContent = row.label;
    var data = row.data || {};
    Object.keys(data).forEach(function (name) { node.setAttribute("data-" + name, data[name]); });
    return node;
  }

  function fill(select, rows, status) {
    var kept = Array.prototype.filter.call(select.options, function (o) {
      return o.value === "" || o.selected;
    });
    var keptValues = kept.map(function (o) { return o.value; });
    select.textContent = "";
    kept.forEach(function (o) { select.appendChild(o); });
    rows.forEach(function (row) {
      if (keptValues.indexOf(String(row.id)) === -1) select.appendChild(option(row));
    });
    status.textContent = rows.length
      ? select.getAttribute("data-search-found").replace("%s", rows.length)
      : select.getAttribute("data-search-none");
  }

  function checkbox(list, row) {
    var id = list.id + "_found_" + row.id;
    var item = document.createElement("div");
    var label = document.createElement("label");
    label.setAttribute("for", id);
    var input = document.createElement("input");
    input.type = "checkbox";
    input.name = list.getAttribute("data-search-name");
    input.value = row.id;
    input.id = id;
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + row.label));
    item.appendChild(label);
    return item;
  }

  function fillChecks(list, rows, status) {
    var ticked = [];
    Array.prototype.slice.call(list.children).forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box && box.checked) ticked.push(box.value);
      else list.removeChild(item);
    });
    rows.forEach(function (row) {
      if (ticked.indexOf(String(row.id)) === -1) list.appendChild(checkbox(list, row));
    });
    status.textContent = rows.length
      ? list.getAttribute("data-search-found").replace("%s", rows.length)
      : list.getAttribute("data-search-none");
  }

  function bind(select) {
    if (select.hasAttribute("data-search-bound")) return;
    select.setAttribute("data-search-bound", "");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "search-select-input";
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "search");
    input.placeholder = select.getAttribute("data-search-placeholder") || "";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("div");
    status.className = "help search-select-status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    var timer = null;
    var asked = 0;
    var url = select.getAttribute("data-search-url");
    var join = url.indexOf("?") === -1 ? "?" : "&";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(url + join + "q=" + encodeURIComponent(input.value.trim()), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            // An older answer arriving after a newer one is dropped.
            if (mine !== asked) return;
            if (select.tagName === "SELECT") fill(select, data.results || [], status);
            else fillChecks(select, data.results || [], status);
          })
          .catch(function () { /* offline: the options stay as they were */ });
      }, DELAY);
    });
    // Enter in the search box must not submit the form half filled.
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var target = select.tagName === "SELECT" ? select : select.querySelector("input");
      if (target) target.focus();
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("select[data-search-url], div[data-search-url]"), bind);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
