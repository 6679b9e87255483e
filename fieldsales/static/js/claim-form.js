/* The claim form (trips/claim_form.html): a receipt row shows the fields of its kind;
 * 添加一张票据 copies the empty row of the formset. */
(function () {
  var total = document.getElementById("id_items-TOTAL_FORMS");
  function sync(row) {
    var kind = row.querySelector("select[name$='-kind']").value;
    row.querySelectorAll("[data-kinds]").forEach(function (el) {
      el.hidden = el.getAttribute("data-kinds").split(" ").indexOf(kind) < 0;
    });
  }
  function wire(row) {
    row.querySelector("select[name$='-kind']").addEventListener("change", function () { sync(row); });
    sync(row);
  }
  document.querySelectorAll("[data-item-row]").forEach(wire);
  document.getElementById("add-item").addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    var html = document.getElementById("item-template").innerHTML.replace(/__prefix__/g, n);
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    document.getElementById("items").appendChild(row);
    total.value = n + 1;
    wire(row);
    row.querySelector("input[name$='-amount']").focus();
  });
  if (parseInt(total.value, 10) === 0) document.getElementById("add-item").click();
})();
