/* The inbox's bulk approval: "select all" ticks every row's box; the button counts the
 * ticked rows and is disabled while none is. Without JavaScript the form still works. */
(function () {
  "use strict";
  function update(form) {
    var boxes = form.querySelectorAll("[data-bulk-item]");
    var ticked = form.querySelectorAll("[data-bulk-item]:checked").length;
    var button = form.querySelector("[data-bulk-submit]");
    var count = form.querySelector("[data-bulk-count]");
    var all = form.querySelector("[data-select-all]");
    if (button) button.disabled = ticked === 0;
    if (count) count.textContent = ticked ? "(" + ticked + ")" : "";
    if (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  }
  document.addEventListener("change", function (e) {
    var form = e.target.closest("#inbox-bulk");
    if (!form) return;
    if (e.target.hasAttribute("data-select-all")) {
      form.querySelectorAll("[data-bulk-item]").forEach(function (box) { box.checked = e.target.checked; });
    }
    update(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("inbox-bulk");
    if (form) update(form);
  });
})();
