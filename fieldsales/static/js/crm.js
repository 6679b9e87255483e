/*
 * fieldsales CRM pages, no dependencies.
 *  - <form data-geo-form> (check-in, check-out): on submit, asks the phone for its position
 *    (navigator.geolocation, high accuracy), writes latitude/longitude/accuracy into the
 *    form's hidden inputs and then submits. Coordinates are never typed in.
 *    A [data-geo-status] element inside the form shows progress and errors.
 *  - <button data-geo-fill="FORM_ID">: fills that form's hidden latitude/longitude with the
 *    current position (the customer form's "use where I stand").
 *  - <select data-contact-source> (a service request's customer): choosing a customer fills
 *    the contact name and phone from the option's data-contact-*, unless the user typed others.
 */
(function () {
  "use strict";

  var OPTIONS = { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 };
  var ERRORS = {
    1: "未允许使用位置信息：请在浏览器设置中允许本网站获取位置后重试。",
    2: "暂时无法获取位置，请到信号较好的地方重试。",
    3: "获取位置超时，请重试。"
  };

  function status(form, text, isError) {
    var box = form.querySelector("[data-geo-status]");
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("is-error", !!isError);
  }

  function set(form, name, value) {
    var input = form.querySelector("input[name=" + name + "]");
    if (input) input.value = value;
  }

  function locate(onPosition, onError) {
    if (!navigator.geolocation) {
      onError("此浏览器不支持定位，无法签到。");
      return;
    }
    navigator.geolocation.getCurrentPosition(onPosition, function (err) {
      onError(ERRORS[err.code] || "无法获取位置。");
    }, OPTIONS);
  }

  function bindGeoForm(form) {
    if (form.fieldsalesGeo) return;
    form.fieldsalesGeo = true;
    form.addEventListener("submit", function (e) {
      // Listening on the form runs before app.js's document-level double-submit guard.
      e.preventDefault();
      var buttons = form.querySelectorAll("button");
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      status(form, "正在获取手机位置…");
      locate(function (pos) {
        set(form, "latitude", pos.coords.latitude.toFixed(6));
        set(form, "longitude", pos.coords.longitude.toFixed(6));
        set(form, "accuracy", Math.round(pos.coords.accuracy || 0));
        status(form, "已定位（精度约 " + Math.round(pos.coords.accuracy || 0) + " 米），正在提交…");
        form.submit();
      }, function (message) {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        status(form, message, true);
      });
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-geo-fill]");
    if (!button) return;
    e.preventDefault();
    var form = document.getElementById(button.getAttribute("data-geo-fill"));
    var note = button.parentElement.querySelector("[data-geo-status]") || button;
    note.textContent = "正在获取位置…";
    locate(function (pos) {
      set(form, "latitude", pos.coords.latitude.toFixed(6));
      set(form, "longitude", pos.coords.longitude.toFixed(6));
      note.textContent = "已记录当前位置：" + pos.coords.latitude.toFixed(5) + ", " +
        pos.coords.longitude.toFixed(5);
    }, function (message) { note.textContent = message; });
  });

  // The visit form: choosing a customer reloads the form for that customer (keeping the date).
  document.addEventListener("change", function (e) {
    var select = e.target.closest("select[data-customer-reload]");
    if (!select || !select.value) return;
    var date = document.getElementById("id_date");
    location.search = "?customer=" + encodeURIComponent(select.value) +
      "&date=" + encodeURIComponent(date ? date.value : "");
  });

  // The service request form: the contact defaults from the chosen customer.
  var filled = { contact_name: "", contact_phone: "" };
  document.addEventListener("change", function (e) {
    var select = e.target.closest("select[data-contact-source]");
    if (!select || !select.form) return;
    var option = select.options[select.selectedIndex];
    [["contact_name", "data-contact-name"], ["contact_phone", "data-contact-phone"]].forEach(function (pair) {
      var input = select.form.querySelector("input[name=" + pair[0] + "]");
      if (!input) return;
      // Only what is empty or was filled from the previous customer is replaced.
      if (input.value && input.value !== filled[pair[0]]) return;
      input.value = (option && option.getAttribute(pair[1])) || "";
      filled[pair[0]] = input.value;
    });
  });

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("form[data-geo-form]"), bindGeoForm);
    // A contact prefilled from the customer on the page counts as filled, not as typed.
    var source = scope.querySelector("select[data-contact-source]");
    var option = source && source.options[source.selectedIndex];
    if (option) {
      filled.contact_name = option.getAttribute("data-contact-name") || "";
      filled.contact_phone = option.getAttribute("data-contact-phone") || "";
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
