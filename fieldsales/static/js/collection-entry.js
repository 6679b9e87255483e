/*
 * The collections entry page (templates/sales/orders/_collection_entry.html), keyboard first.
 * The order field asks the server for suggestions (htmx, into #entry-order-list); ↑/↓ move
 * through them, Enter (or a tap) picks one: its hidden id, its summary (customer, salesperson,
 * outstanding, next installment) and the amount (the next installment's unpaid rest, selected
 * so typing replaces it). Enter in another field moves to the next one; Enter in the last
 * field, or Ctrl+Enter anywhere, saves. After htmx swaps the form back in, the cursor returns
 * to the order field (or to the first field in error). Enter pressed before the suggestions
 * arrive picks the answer when it is a single order. No inline handlers (CSP).
 */
(function () {
  "use strict";

  var ORDER = "id_order_text";

  function form() { return document.querySelector("[data-collection-entry]"); }
  function list() { return document.getElementById("entry-order-list"); }
  function options() { return list() ? list().querySelectorAll("[role=option][data-order]") : []; }

  function active() {
    var items = options();
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("aria-selected") === "true") return i;
    }
    return -1;
  }

  function highlight(index) {
    var items = options();
    var input = document.getElementById(ORDER);
    if (!items.length) return;
    index = (index + items.length) % items.length;
    Array.prototype.forEach.call(items, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  }

  function close() {
    var ul = list();
    var input = document.getElementById(ORDER);
    if (ul) ul.textContent = "";
    if (input) {
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
  }

  function focusAmount() {
    var amount = document.getElementById("id_amount");
    if (!amount) return;
    amount.focus();
    amount.select();
  }

  function pick(item) {
    var f = form();
    if (!item || !f) return;
    var input = document.getElementById(ORDER);
    f.querySelector("[data-entry-order]").value = item.getAttribute("data-order");
    input.value = item.getAttribute("data-label");
    input.setAttribute("data-picked", input.value);
    var box = document.getElementById("entry-summary");
    var summary = item.querySelector("template");
    box.innerHTML = summary ? summary.innerHTML : "";
    var shown = box.querySelector("[data-entry-summary]");
    if (shown) document.getElementById("id_amount").value = shown.getAttribute("data-amount");
    close();
    focusAmount();
  }

  function fields(f) {
    return Array.prototype.filter.call(
      f.querySelectorAll("input:not([type=hidden]), select, button[type=submit]"),
      function (el) { return !el.disabled; }
    );
  }

  function save(f) {
    if (f.requestSubmit) f.requestSubmit(); else f.submit();
  }

  document.addEventListener("keydown", function (event) {
    var f = form();
    var target = event.target;
    if (!f || !f.contains(target)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(f);
      return;
    }
    if (target.id === ORDER) {
      var open = options().length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        var at = active();
        highlight(event.key === "ArrowDown" ? at + 1 : (at < 0 ? -1 : at - 1));
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (open) {
          pick(options()[Math.max(active(), 0)]);
        } else if (f.querySelector("[data-entry-order]").value) {
          focusAmount();
        } else if (target.value.trim()) {
          // Typed faster than the suggestions came: take the answer if it is one order.
          target.setAttribute("data-pick-one", "");
        }
      }
      return;
    }
    if (event.key !== "Enter" || event.shiftKey || event.altKey) return;
    if (target.tagName === "BUTTON" || target.tagName === "A") return;
    event.preventDefault();
    if (target.hasAttribute("data-entry-last")) {
      save(f);
      return;
    }
    var all = fields(f);
    var next = all[all.indexOf(target) + 1];
    if (next) next.focus();
  });

  // Typing in the order field forgets the order picked before.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.id !== ORDER) return;
    input.removeAttribute("data-pick-one");
    if (input.value === input.getAttribute("data-picked")) return;
    var f = form();
    f.querySelector("[data-entry-order]").value = "";
    input.removeAttribute("data-picked");
    document.getElementById("entry-summary").textContent = "";
  });

  document.addEventListener("mousedown", function (event) {
    var item = event.target.closest && event.target.closest("#entry-order-list [data-order]");
    if (!item) return;
    event.preventDefault(); // keep the focus in the order field
    pick(item);
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) {
      event.target.select();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target.id !== ORDER) return;
    // A tap on a suggestion keeps the focus (mousedown above); anything else closes the list.
    setTimeout(function () {
      if (document.activeElement && document.activeElement.id !== ORDER) close();
    }, 0);
  });

  // A 400 (or 409) answer carries the form with its errors: swap it in like a 200.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.target.id === "collection-entry") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var input = document.getElementById(ORDER);
    if (target && target.id === "entry-order-list") {
      if (input.value && input.value === input.getAttribute("data-picked")) {
        close(); // a late answer to what was typed before the pick
        return;
      }
      var any = options().length > 0 || list().children.length > 0;
      input.setAttribute("aria-expanded", any ? "true" : "false");
      if (options().length) highlight(0);
      if (input.hasAttribute("data-pick-one")) {
        input.removeAttribute("data-pick-one");
        if (options().length === 1) pick(options()[0]);
      }
      return;
    }
  });

  // After the form is swapped back in (saved, or refused): the cursor to the first field in
  // error, else to the order field for the next slip.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var input = document.getElementById(ORDER);
    if (!target || target.id !== "collection-entry" || !form()) return;
    if (input && input.value && form().querySelector("[data-entry-order]").value) {
      input.setAttribute("data-picked", input.value);
    }
    var wrong = form().querySelector("[aria-invalid=true]");
    if (wrong) {
      wrong.focus();
      if (wrong.select) wrong.select();
    } else if (input) {
      input.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById(ORDER);
    if (!input) return;
    if (input.value && form().querySelector("[data-entry-order]").value) {
      input.setAttribute("data-picked", input.value);
    }
    var wrong = form().querySelector("[aria-invalid=true]");
    (wrong || input).focus();
  });
})();
