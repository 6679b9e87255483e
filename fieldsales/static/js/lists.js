/*
 * List pages: the filter panel (<details data-filter-panel>) folds on a phone and stays open
 * as one row of filters from 900px, where its summary is hidden (css/lists.css).
 */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 900px)");

  function sync() {
    if (!wide.matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details[data-filter-panel]"), function (panel) {
      panel.open = true;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sync);
  } else {
    sync();
  }
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
