/* The claim form (trips/claim_form.html): a receipt row shows the fields of its kind (without
 * script every field shows); 添加一张票据 copies the empty row of the formset. A receipt's
 * 更换 ticks its 移除 and opens the file picker; a chosen photo shows as a thumbnail at once. */
(function () {
  var total = document.getElementById("id_items-TOTAL_FORMS");
  function sync(row) {
    var kind = row.querySelector("select[name$='-kind']").value;
    row.querySelectorAll("[data-kinds]").forEach(function (el) {
      el.hidden = el.getAttribute("data-kinds").split(" ").indexOf(kind) < 0;
    });
  }
  function markRemoved(tile) {
    var box = tile.querySelector("[data-receipt-remove]");
    tile.classList.toggle("is-removed", !!(box && box.checked));
  }
  function preview(row, input) {
    var strip = row.querySelector("[data-receipt-strip]");
    var old = strip.querySelector("[data-receipt-preview]");
    if (old) old.remove();
    var file = input.files && input.files[0];
    if (!file) return;
    var tile = document.createElement("figure");
    tile.className = "receipt-tile";
    tile.setAttribute("data-receipt-preview", "");
    var thumb = document.createElement("span");
    thumb.className = "receipt-thumb";
    if (file.type.indexOf("image/") === 0) {
      var img = document.createElement("img");
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      thumb.appendChild(img);
    } else {
      var pdf = document.createElement("span");
      pdf.className = "pdf-tile";
      pdf.textContent = "PDF";
      thumb.appendChild(pdf);
    }
    tile.appendChild(thumb);
    strip.appendChild(tile);
  }
  function wire(row) {
    row.querySelector("select[name$='-kind']").addEventListener("change", function () { sync(row); });
    sync(row);
    var input = row.querySelector("input[type=file][name$='-receipt']");
    row.querySelectorAll("[data-receipt-tile]").forEach(function (tile) {
      markRemoved(tile);
      var box = tile.querySelector("[data-receipt-remove]");
      if (box) box.addEventListener("change", function () { markRemoved(tile); });
      var replace = tile.querySelector("[data-receipt-replace]");
      if (replace && input) {
        replace.addEventListener("click", function () {
          box.checked = true;
          markRemoved(tile);
          input.click();
        });
      }
    });
    if (input) input.addEventListener("change", function () { preview(row, input); });
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
    row.querySelector("select[name$='-kind']").focus();
  });
  if (parseInt(total.value, 10) === 0) document.getElementById("add-item").click();
})();
