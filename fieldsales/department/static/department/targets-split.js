// D1 target split forms: running sums and the gap, live, in fen (integers: no float drift).
(function () {
  "use strict";
  var form = document.getElementById("target-form");
  if (!form) return;
  var SHORT = form.dataset.short, OVER = form.dataset.over, OK = form.dataset.ok;

  function cents(text) {
    var value = String(text || "").replace(/[,\s¥]/g, "");
    if (value === "") return 0;
    var match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
    if (!match) return NaN;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }
  function yuan(fen) {
    var sign = fen < 0 ? "-" : "", abs = Math.abs(fen);
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + whole + "." + String(abs % 100).padStart(2, "0");
  }
  function sum(inputs) {
    var total = 0;
    inputs.forEach(function (input) { total += cents(input.value); });
    return total;
  }
  function verdict(element, whole, parts, text) {
    var gap = whole - parts;
    element.classList.toggle("is-off", isNaN(gap) || gap !== 0);
    element.classList.toggle("is-ok", gap === 0);
    var tail = isNaN(gap) ? "?" : gap === 0 ? "✓ " + OK : gap > 0 ? SHORT + " " + yuan(gap) : OVER + " " + yuan(-gap);
    element.textContent = text + "，" + tail;
  }

  function refresh() {
    form.querySelectorAll("[data-total]").forEach(function (element) {
      var measure = element.dataset.total, label = element.dataset.label, whole;
      if (form.dataset.split === "company") {
        whole = cents((form.querySelector('[data-whole="' + measure + '"]') || {}).value);
        var parts = sum(form.querySelectorAll('[data-part="' + measure + '"]'));
        verdict(element, whole, parts, label + "：" + yuan(parts) + " / " + yuan(whole));
      } else {
        whole = cents(element.dataset.target);
        var years = sum(form.querySelectorAll('[data-year="' + measure + '"]'));
        verdict(element, whole, years, label + "：" + yuan(years) + " / " + yuan(whole));
      }
    });
    form.querySelectorAll(".split-block[data-measure]").forEach(function (block) {
      var year = cents(block.querySelector("[data-year]").value);
      var months = sum(block.querySelectorAll("[data-month]"));
      var out = block.querySelector("[data-sum]");
      if (out) verdict(out, year, months, "Σ 12: " + yuan(months) + " / " + yuan(year));
    });
  }

  form.addEventListener("input", refresh);
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-spread]");
    if (!button) return;
    var block = button.closest(".split-block");
    var year = cents(block.querySelector("[data-year]").value);
    if (isNaN(year)) return;
    var each = Math.floor(year / 12), inputs = block.querySelectorAll("[data-month]");
    inputs.forEach(function (input, index) {
      // The remainder goes to December, so the months add up to the year exactly.
      input.value = yuan(index === 11 ? year - each * 11 : each).replace(/,/g, "");
    });
    refresh();
  });
  refresh();
})();
