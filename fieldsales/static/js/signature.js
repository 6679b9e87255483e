/*
 * fieldsales signature pad: our own, no dependencies (not vendored).
 *
 * Markup:
 *   <div class="signature-pad">
 *     <canvas data-signature-for="id_signature"></canvas>
 *     <span class="signature-hint">请在此签名</span>
 *     <button type="button" class="btn btn-ghost btn-sm" data-signature-clear>清除</button>
 *   </div>
 *   <input type="hidden" name="signature" id="id_signature">
 *
 * Every stroke end writes canvas.toDataURL("image/png") into the hidden input; an empty
 * pad leaves the input empty. A value already in the input (a form shown again after a
 * validation error) is drawn back onto the pad. Works on content swapped in by htmx.
 * Add data-signature-readonly to the canvas to show a signature without allowing edits.
 */
(function () {
  "use strict";

  var INK = "#111827";
  var WIDTH = 2.4; // CSS pixels
  var EXPORT_SCALE = 2; // saved PNG resolution; 3x phones would double the upload for nothing

  function Pad(canvas) {
    this.canvas = canvas;
    this.input = document.getElementById(canvas.getAttribute("data-signature-for"));
    this.box = canvas.closest(".signature-pad") || canvas.parentElement;
    this.ctx = canvas.getContext("2d");
    this.strokes = []; // each stroke: [{x, y}, ...] in CSS pixels
    this.current = null;
    this.background = null; // an Image restored from the input's initial value
    this.readonly = canvas.hasAttribute("data-signature-readonly");
    this.resize();
    this.restore();
    if (!this.readonly) this.bind();
    var self = this;
    if (window.ResizeObserver) {
      new ResizeObserver(function () { self.resize(); }).observe(canvas);
    } else {
      window.addEventListener("resize", function () { self.resize(); });
    }
  }

  Pad.prototype.resize = function () {
    var rect = this.canvas.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var w = Math.round(rect.width * ratio);
    var h = Math.round(rect.height * ratio);
    if (this.canvas.width === w && this.canvas.height === h) return;
    // Keep strokes proportional to the box when it changes size (rotation, window resize).
    if (this.cssWidth && this.cssWidth !== rect.width) {
      var sx = rect.width / this.cssWidth;
      var sy = rect.height / this.cssHeight;
      this.strokes.forEach(function (stroke) {
        stroke.forEach(function (p) { p.x *= sx; p.y *= sy; });
      });
    }
    this.cssWidth = rect.width;
    this.cssHeight = rect.height;
    this.canvas.width = w;
    this.canvas.height = h;
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.redraw();
  };

  Pad.prototype.style = function (ctx) {
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = WIDTH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
  };

  Pad.prototype.redraw = function () {
    var ctx = this.ctx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.restore();
    this.paint(ctx);
  };

  Pad.prototype.paint = function (ctx) {
    if (this.background) {
      ctx.drawImage(this.background, 0, 0, this.cssWidth, this.cssHeight);
    }
    var self = this;
    this.strokes.forEach(function (stroke) { self.drawStroke(stroke, ctx); });
  };

  // Quadratic curves through the midpoints of successive points: smooth, no corners.
  Pad.prototype.drawStroke = function (pts, ctx) {
    ctx = ctx || this.ctx;
    this.style(ctx);
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0].x, pts[0].y, WIDTH / 2, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    ctx.beginPath();
    ctx.moveTo(pts[0].x, pts[0].y);
    for (var i = 1; i < pts.length - 1; i++) {
      var mx = (pts[i].x + pts[i + 1].x) / 2;
      var my = (pts[i].y + pts[i + 1].y) / 2;
      ctx.quadraticCurveTo(pts[i].x, pts[i].y, mx, my);
    }
    var last = pts[pts.length - 1];
    ctx.lineTo(last.x, last.y);
    ctx.stroke();
  };

  // While drawing, only the tail of the current stroke is painted, so long strokes stay fast.
  Pad.prototype.drawTail = function (pts) {
    var n = pts.length;
    if (n < 3) { this.drawStroke(pts); return; }
    var ctx = this.ctx;
    this.style(ctx);
    var a = pts[n - 3], b = pts[n - 2], c = pts[n - 1];
    ctx.beginPath();
    ctx.moveTo((a.x + b.x) / 2, (a.y + b.y) / 2);
    ctx.quadraticCurveTo(b.x, b.y, (b.x + c.x) / 2, (b.y + c.y) / 2);
    ctx.stroke();
  };

  Pad.prototype.point = function (e) {
    var rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  Pad.prototype.bind = function () {
    var self = this;
    var canvas = this.canvas;
    canvas.style.touchAction = "none";

    canvas.addEventListener("pointerdown", function (e) {
      if (e.button !== undefined && e.button !== 0) return;
      e.preventDefault();
      try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* synthetic or lost pointer */ }
      self.current = [self.point(e)];
      self.strokes.push(self.current);
      self.drawStroke(self.current);
      self.box.classList.add("is-signed");
    });

    canvas.addEventListener("pointermove", function (e) {
      if (!self.current) return;
      e.preventDefault();
      var events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
      if (!events.length) events = [e];
      for (var i = 0; i < events.length; i++) {
        var p = self.point(events[i]);
        var prev = self.current[self.current.length - 1];
        // Skip sub-pixel jitter; it only adds kinks.
        if (Math.abs(p.x - prev.x) + Math.abs(p.y - prev.y) < 1) continue;
        self.current.push(p);
        self.drawTail(self.current);
      }
    });

    function end() {
      if (!self.current) return;
      self.current = null;
      self.redraw(); // repaint whole strokes so the saved image has clean joins
      self.save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);

    var clear = this.box.querySelector("[data-signature-clear]");
    if (clear) {
      clear.addEventListener("click", function (e) {
        e.preventDefault();
        self.clear();
      });
    }
  };

  Pad.prototype.isEmpty = function () {
    return this.strokes.length === 0 && !this.background;
  };

  Pad.prototype.save = function () {
    if (!this.input) return;
    this.input.value = this.isEmpty() ? "" : this.toDataURL();
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  // The strokes are vectors, so they are repainted at EXPORT_SCALE rather than copied.
  Pad.prototype.toDataURL = function () {
    var ratio = this.canvas.width / (this.cssWidth || 1);
    if (ratio <= EXPORT_SCALE) return this.canvas.toDataURL("image/png");
    var out = document.createElement("canvas");
    out.width = Math.round(this.cssWidth * EXPORT_SCALE);
    out.height = Math.round(this.cssHeight * EXPORT_SCALE);
    var ctx = out.getContext("2d");
    ctx.setTransform(EXPORT_SCALE, 0, 0, EXPORT_SCALE, 0, 0);
    this.paint(ctx);
    return out.toDataURL("image/png");
  };

  Pad.prototype.clear = function () {
    this.strokes = [];
    this.current = null;
    this.background = null;
    this.redraw();
    this.box.classList.remove("is-signed");
    this.save();
  };

  Pad.prototype.restore = function () {
    var value = this.input && this.input.value;
    if (!value || value.indexOf("data:image/") !== 0) return;
    var self = this;
    var img = new Image();
    img.onload = function () {
      self.background = img;
      self.box.classList.add("is-signed");
      self.redraw();
    };
    img.src = value;
  };

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var canvases = scope.querySelectorAll("canvas[data-signature-for]");
    if (scope.matches && scope.matches("canvas[data-signature-for]")) canvases = [scope];
    Array.prototype.forEach.call(canvases, function (canvas) {
      if (canvas.fieldsalesSignature) return;
      canvas.fieldsalesSignature = new Pad(canvas);
    });
  }

  window.FieldsalesSignature = { init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // htmx fires htmx:load on every element it swaps in.
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
