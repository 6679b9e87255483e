/* Receipts full screen (trips/claim_detail.html, issue 10): tapping a receipt thumbnail
 * ([data-receipt]) opens #receipt-viewer on it; swipe, the arrow buttons or the arrow keys go
 * through every receipt of the page in order, Escape or 关闭 closes. A photo is shown as an
 * image, a PDF inline in a frame (served inline by the receipt URL). Without script the
 * thumbnail is a plain link to the file. */
(function () {
  "use strict";
  var viewer = document.getElementById("receipt-viewer");
  if (!viewer) return;
  var thumbs = Array.prototype.slice.call(document.querySelectorAll("a[data-receipt]"));
  if (!thumbs.length) return;
  var stage = viewer.querySelector("[data-rv-stage]");
  var count = viewer.querySelector("[data-rv-count]");
  var name = viewer.querySelector("[data-rv-name]");
  var label = viewer.querySelector("[data-rv-label]");
  var open = viewer.querySelector("[data-rv-open]");
  var prev = viewer.querySelector("[data-rv=prev]");
  var next = viewer.querySelector("[data-rv=next]");
  var current = -1;
  var opener = null;

  function show(index) {
    if (index < 0 || index >= thumbs.length) return;
    current = index;
    var thumb = thumbs[index];
    var url = thumb.getAttribute("href");
    stage.textContent = "";
    var node;
    if (thumb.getAttribute("data-receipt-kind") === "pdf") {
      node = document.createElement("iframe");
      node.title = thumb.getAttribute("data-receipt-name") || "";
    } else {
      node = document.createElement("img");
      node.alt = thumb.getAttribute("data-receipt-name") || "";
      node.draggable = false;
    }
    node.src = url;
    node.setAttribute("data-rv-current", String(index + 1));
    stage.appendChild(node);
    count.textContent = (index + 1) + " / " + thumbs.length;
    name.textContent = thumb.getAttribute("data-receipt-name") || "";
    label.textContent = thumb.getAttribute("data-receipt-label") || "";
    open.setAttribute("href", url);
    prev.disabled = index === 0;
    next.disabled = index === thumbs.length - 1;
  }

  function openAt(index, from) {
    opener = from || null;
    viewer.hidden = false;
    document.body.classList.add("rv-open");
    show(index);
    viewer.querySelector("[data-rv=close]").focus();
  }

  function close() {
    viewer.hidden = true;
    document.body.classList.remove("rv-open");
    stage.textContent = "";
    current = -1;
    if (opener) opener.focus();
  }

  thumbs.forEach(function (thumb, index) {
    thumb.addEventListener("click", function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey) return; // a new tab, as the user asked
      e.preventDefault();
      openAt(index, thumb);
    });
  });
  viewer.addEventListener("click", function (e) {
    var button = e.target.closest("[data-rv]");
    if (!button) return;
    var what = button.getAttribute("data-rv");
    if (what === "close") close();
    if (what === "prev") show(current - 1);
    if (what === "next") show(current + 1);
  });
  document.addEventListener("keydown", function (e) {
    if (viewer.hidden) return;
    if (e.key === "Escape") { e.preventDefault(); close(); }
    if (e.key === "ArrowLeft") { e.preventDefault(); show(current - 1); }
    if (e.key === "ArrowRight") { e.preventDefault(); show(current + 1); }
  });

  // Swipe: a mostly horizontal move of 40px or more; left goes on, right goes back.
  var startX = null;
  var startY = null;
  stage.addEventListener("touchstart", function (e) {
    if (e.touches.length !== 1) { startX = null; return; }
    startX = e.touches[0].clientX;
    startY = e.touches[0].clientY;
  }, { passive: true });
  stage.addEventListener("touchend", function (e) {
    if (startX === null || !e.changedTouches.length) return;
    var dx = e.changedTouches[0].clientX - startX;
    var dy = e.changedTouches[0].clientY - startY;
    startX = null;
    if (Math.abs(dx) < 40 || Math.abs(dx) < Math.abs(dy)) return;
    show(dx < 0 ? current + 1 : current - 1);
  });
})();
