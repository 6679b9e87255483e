/*
 * The pipeline board (templates/crm/_board.html), no dependencies beyond htmx.
 *  - After a move (button, stage menu or drop) htmx swaps #board; the page keeps its scroll
 *    position and the moved card (.is-moved) or the refused one (.is-refused, with the reason on
 *    it) is scrolled into view in its column and focused, so a phone user never loses it.
 *  - On a desktop (a fine pointer) cards can be dragged to another column: the drop posts the
 *    same move as the buttons (the server decides and says why when it refuses).
 */
(function () {
  "use strict";

  var savedY = null;

  function board() { return document.getElementById("board"); }

  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.target && e.detail.target.id === "board") savedY = window.scrollY;
  });

  function reveal(root) {
    var card = root.querySelector(".board-card.is-moved, .board-card.is-refused");
    if (savedY !== null) {
      window.scrollTo(window.scrollX, savedY);
      savedY = null;
    }
    if (!card) return;
    // Sideways in the board (its columns snap), then up or down only as far as needed.
    var column = card.closest(".board-col");
    var strip = card.closest(".board");
    if (column && strip) {
      strip.scrollLeft = column.offsetLeft - strip.offsetLeft - 12;
    }
    card.scrollIntoView({ block: "nearest", inline: "nearest" });
    card.focus({ preventScroll: true });
  }

  document.addEventListener("htmx:afterSettle", function (e) {
    // outerHTML: the target is the old board, gone from the page; the new one has its id.
    var b = board();
    if (b && e.detail.target && e.detail.target.id === "board") reveal(b);
  });

  // ---------- drag and drop (desktop) ----------
  var dragged = null;
  var fine = window.matchMedia && window.matchMedia("(pointer: fine)").matches;

  function arm(root) {
    if (!fine) return;
    var cards = (root || document).querySelectorAll(".board-card[data-move-url]");
    Array.prototype.forEach.call(cards, function (card) { card.setAttribute("draggable", "true"); });
  }

  document.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".board-card[draggable=true]");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-opportunity"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    var targets = document.querySelectorAll(".board-col.is-drop-target");
    Array.prototype.forEach.call(targets, function (c) { c.classList.remove("is-drop-target"); });
  });

  function columnOf(e) {
    return dragged && e.target.closest ? e.target.closest(".board-col[data-stage]") : null;
  }

  document.addEventListener("dragover", function (e) {
    var column = columnOf(e);
    if (!column || column.getAttribute("data-stage") === dragged.getAttribute("data-from-stage")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    column.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (e) {
    var column = columnOf(e);
    if (column && !column.contains(e.relatedTarget)) column.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", function (e) {
    var column = columnOf(e);
    if (!column) return;
    e.preventDefault();
    column.classList.remove("is-drop-target");
    var card = dragged;
    var stage = column.getAttribute("data-stage");
    if (stage === card.getAttribute("data-from-stage")) return;
    var token = card.querySelector("input[name=csrfmiddlewaretoken]");
    var b = board();
    card.classList.add("is-moving");
    savedY = window.scrollY;
    window.htmx.ajax("POST", card.getAttribute("data-move-url"), {
      source: card,
      target: "#board",
      swap: "outerHTML",
      values: { stage: stage, target: "board" },
      headers: token ? { "X-CSRFToken": token.value } : {}
    }).then(function () { if (!document.body.contains(b)) arm(board()); });
  });

  function init(root) { arm(root && root.querySelectorAll ? root : document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
