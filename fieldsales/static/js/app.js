/*
 * fieldsales page helpers, no dependencies:
 *  - toasts: [data-dismiss] closes its .toast; success/info toasts fade by themselves.
 *  - [data-confirm="问题?"] on a button, link or form asks before going on.
 *  - [data-back] on a link goes back in history when there is somewhere to go back to.
 *  - a plain (non-htmx) form disables its submit buttons after the first submit, so a
 *    double tap on a slow phone network cannot submit twice. Opt out: data-allow-resubmit.
 *  - <select data-autosubmit> submits its form when changed (list filters).
 *  - [data-print] prints the page.
 * No inline handlers anywhere: the Content-Security-Policy allows scripts from files only.
 */
(function () {
  "use strict";

  var TOAST_MS = 5000;

  function dismiss(toast) {
    if (!toast || toast.classList.contains("is-leaving")) return;
    toast.classList.add("is-leaving");
    setTimeout(function () { toast.remove(); }, 220);
  }

  function armToasts(root) {
    var toasts = (root || document).querySelectorAll("[data-toast]:not([data-armed])");
    Array.prototype.forEach.call(toasts, function (toast) {
      toast.setAttribute("data-armed", "");
      // Errors and warnings stay until the user closes them: they usually need reading.
      if (toast.classList.contains("toast-error") || toast.classList.contains("toast-warning")) return;
      var timer = setTimeout(function () { dismiss(toast); }, TOAST_MS);
      toast.addEventListener("pointerenter", function () { clearTimeout(timer); });
    });
  }

  document.addEventListener("click", function (e) {
    var closer = e.target.closest("[data-dismiss]");
    if (closer) {
      e.preventDefault();
      dismiss(closer.closest(".toast, .alert"));
    }
  });

  document.addEventListener("change", function (e) {
    var select = e.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) {
      e.preventDefault();
      window.print();
    }
  });

  document.addEventListener("click", function (e) {
    var back = e.target.closest("a[data-back]");
    if (back && window.history.length > 1 && document.referrer.indexOf(location.origin) === 0) {
      e.preventDefault();
      window.history.back();
    }
  });

  // Confirm: capture phase, so a "no" stops the click before htmx or the form sees it.
  document.addEventListener("click", function (e) {
    var el = e.target.closest("button[data-confirm], a[data-confirm], input[type=submit][data-confirm]");
    if (!el) return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    } else {
      el.setAttribute("data-confirmed", "");
    }
  }, true);

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-confirm") && !(e.submitter && e.submitter.hasAttribute("data-confirmed"))) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        e.preventDefault();
        e.stopImmediatePropagation();
        return;
      }
    }
    if (e.submitter) e.submitter.removeAttribute("data-confirmed");
  }, true);

  function isHtmxForm(form) {
    return ["hx-post", "hx-get", "hx-put", "hx-patch", "hx-delete", "data-hx-post", "data-hx-get"]
      .some(function (a) { return form.hasAttribute(a); }) || form.closest("[hx-boost=true]");
  }

  // Bubble phase: runs only if nothing earlier cancelled the submit.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || form.hasAttribute("data-allow-resubmit") || isHtmxForm(form)) return;
    if (form.getAttribute("target") === "_blank") return;
    if (form.hasAttribute("data-submitting")) {
      e.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "");
    var submitter = e.submitter;
    // Disable after this tick: a disabled submitter would drop its name=value from the POST.
    setTimeout(function () {
      Array.prototype.forEach.call(
        form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]"),
        function (btn) {
          if (btn.disabled) return;
          btn.disabled = true;
          btn.setAttribute("data-disabled-on-submit", "");
        }
      );
      if (submitter) submitter.classList.add("is-loading");
    }, 0);
  });

  // Coming back with the browser's back button shows the cached page: re-enable its forms.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-submitting]"), function (form) {
      form.removeAttribute("data-submitting");
      Array.prototype.forEach.call(form.querySelectorAll("[data-disabled-on-submit]"), function (btn) {
        btn.disabled = false;
        btn.removeAttribute("data-disabled-on-submit");
        btn.classList.remove("is-loading");
      });
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { armToasts(document); });
  } else {
    armToasts(document);
  }
  document.addEventListener("htmx:load", function (e) { armToasts(e.target); });
})();
