// 部门月报 charts (D4): data from the json_script block, no inline script (CSP).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("report-chart-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var l = data.labels;
    var money = function (a) { return a.map(Number); };
    var sales = document.getElementById("chart-sales");
    if (sales) {
      window.echarts.init(sales).setOption({
        tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 60, right: 10, top: 30, bottom: 30 },
        xAxis: { type: "category", data: data.names }, yAxis: { type: "value" },
        series: [
          { name: l.target, type: "bar", data: money(data.target) },
          { name: l.sales, type: "bar", data: money(data.sales) },
          { name: l.collected, type: "bar", data: money(data.collected) }
        ]
      });
    }
    var visits = document.getElementById("chart-visits");
    if (visits) {
      window.echarts.init(visits).setOption({
        tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 10, top: 30, bottom: 30 },
        xAxis: { type: "category", data: data.names }, yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: l.visits, type: "bar", data: data.visits },
          { name: l.new_customers, type: "bar", data: data.new_customers }
        ]
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
