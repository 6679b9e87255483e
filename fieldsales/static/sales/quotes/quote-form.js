// The quote form (selling.md S4.1): pick products from the list in force, live line amounts
// and total, the floor for the customer's kind (S2.1) and the distance below market (S2.2).
(function () {
  "use strict";
  var form = document.getElementById("quote-form");
  if (!form) return;
  var lines = form.querySelector("[data-lines]");
  var customer = form.querySelector("[data-customer]");
  var deep = parseFloat(form.getAttribute("data-deep") || "15");

  function num(text) {
    var value = (text || "").trim();
    return /^[0-9]+(\.[0-9]+)?$/.test(value) ? parseFloat(value) : NaN;
  }
  function fen(value) {
    return (Math.round(value * 100) / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function kind() {
    var option = customer && customer.options[customer.selectedIndex];
    return option ? option.getAttribute("data-kind") : "";
  }

  function update() {
    var total = 0;
    var rows = lines.querySelectorAll("[data-line]");
    rows.forEach(function (row) {
      var floor = num(row.getAttribute(kind() === "distributor" ? "data-distributor" : "data-factory"));
      var market = num(row.getAttribute("data-market"));
      var quantity = num(row.querySelector("[data-quantity]").value);
      var price = num(row.querySelector("[data-price]").value);
      row.querySelector("[data-floor]").textContent = isNaN(floor) ? "—" : fen(floor);
      var amount = quantity * price;
      row.querySelector("[data-amount]").textContent = isNaN(amount) ? "—" : fen(amount);
      if (!isNaN(amount)) total += Math.round(amount * 100) / 100;
      row.querySelector("[data-floor-error]").hidden = isNaN(price) || price >= floor;
      var below = row.querySelector("[data-below]");
      if (!isNaN(price) && price < market) {
        var pct = Math.round(((market - price) * 1000) / market) / 10;
        below.hidden = false;
        below.textContent = "低于市场价 " + pct.toFixed(1) + "%";
        below.className = "badge " + (pct > deep ? "badge-danger" : "badge-warning");
      } else {
        below.hidden = true;
      }
    });
    form.querySelector("[data-total]").textContent = fen(total);
    form.querySelector("[data-no-lines]").hidden = rows.length > 0;
  }

  // A new line: the one prototype line, filled from the picked product's data attributes.
  var prototype = form.querySelector("template[data-line-prototype]");
  function lineFor(pick) {
    var fragment = prototype.content.cloneNode(true);
    var line = fragment.querySelector("[data-line]");
    ["market", "factory", "distributor"].forEach(function (key) {
      line.setAttribute("data-" + key, pick.getAttribute("data-" + key));
    });
    line.querySelector("input[name=product]").value = pick.getAttribute("data-product");
    line.querySelector("[data-name]").textContent = pick.getAttribute("data-name");
    line.querySelector("[data-meta]").textContent = pick.getAttribute("data-meta");
    line.querySelector("[data-price]").value = pick.getAttribute("data-market");
    line.querySelector("[data-market-shown]").textContent = pick.getAttribute("data-market");
    line.querySelector("[data-floor]").textContent = pick.getAttribute("data-factory");
    return fragment;
  }

  form.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick]");
    if (pick) {
      lines.appendChild(lineFor(pick));
      update();
      var added = lines.lastElementChild;
      if (added) added.querySelector("[data-quantity]").focus();
      return;
    }
    var remove = event.target.closest("[data-remove]");
    if (remove) {
      remove.closest("[data-line]").remove();
      update();
    }
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  var search = form.querySelector("[data-search]");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      form.querySelectorAll("[data-pick]").forEach(function (item) {
        item.hidden = q !== "" && item.getAttribute("data-text").toLowerCase().indexOf(q) === -1;
      });
    });
  }
  update();
})();
