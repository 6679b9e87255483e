/* D12 dashboard charts: reads the page's JSON (json_script "dashboard-data" and
   "dashboard-labels") and draws each [data-chart] element with ECharts. No inline script:
   the Content-Security-Policy forbids it. The numbers are also in the table under each chart. */
(function () {
  "use strict";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function num(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  var GRID = { left: 8, right: 12, top: 36, bottom: 8, containLabel: true };
  var LEGEND = { top: 0, type: "scroll", textStyle: { fontSize: 11 } };

  function bars(categories, series, extra) {
    var option = {
      tooltip: { trigger: "axis", confine: true },
      legend: LEGEND,
      grid: GRID,
      xAxis: { type: "category", data: categories, axisLabel: { fontSize: 11, hideOverlap: true } },
      yAxis: { type: "value", axisLabel: { fontSize: 11 } },
      series: series.map(function (s) {
        return { name: s.name, type: s.type || "bar", data: s.data, yAxisIndex: s.axis || 0 };
      })
    };
    return Object.assign(option, extra || {});
  }

  var builders = {
    targets: function (d, L) {
      var rows = d.targets || [];
      var names = rows.map(function (r) { return r.name; });
      return bars(names, [
        { name: L.sales_target, data: rows.map(function (r) { return num(r.sales.target); }) },
        { name: L.sales_actual, data: rows.map(function (r) { return num(r.sales.actual); }) },
        { name: L.collections_target, data: rows.map(function (r) { return num(r.collections.target); }) },
        { name: L.collections_actual, data: rows.map(function (r) { return num(r.collections.actual); }) }
      ]);
    },
    home_targets: function (d, L) {
      var r = (d.targets || [])[0];
      if (!r) { return null; }
      return bars([L.sales, L.collections], [
        { name: L.target, data: [num(r.sales.target), num(r.collections.target)] },
        { name: L.actual, data: [num(r.sales.actual), num(r.collections.actual)] }
      ]);
    },
    funnel: function (d) {
      var stages = d.funnel.stages;
      var max = Math.max.apply(null, stages.map(function (s) { return s.count; }).concat([1]));
      return {
        tooltip: { trigger: "item", confine: true },
        series: [{
          type: "funnel", left: 8, right: 8, top: 8, bottom: 8, min: 0, max: max, sort: "none",
          minSize: "12%", gap: 2,
          label: { show: true, position: "inside", fontSize: 11, formatter: function (p) {
            var s = stages[p.dataIndex];
            return s.label + " " + s.count + (s.rate === null ? "" : " (" + s.rate + "%)");
          } },
          data: stages.map(function (s) { return { name: s.label, value: s.count }; })
        }]
      };
    },
    collection_rate: function (d, L) {
      var rows = d.collection_rate;
      return bars(rows.map(function (r) { return r.month.slice(2); }), [
        { name: L.due, data: rows.map(function (r) { return num(r.due); }) },
        { name: L.collected, data: rows.map(function (r) { return num(r.collected); }) },
        { name: L.rate, type: "line", axis: 1, data: rows.map(function (r) { return num(r.rate); }) }
      ], {
        yAxis: [
          { type: "value", axisLabel: { fontSize: 11 } },
          { type: "value", axisLabel: { fontSize: 11, formatter: "{value}%" }, splitLine: { show: false } }
        ]
      });
    },
    aging: function (d, L) {
      var b = d.aging.buckets;
      return bars(b.map(function (x) { return x.label; }), [
        { name: L.amount, data: b.map(function (x) { return num(x.amount); }) }
      ]);
    },
    visits: function (d, L) {
      var v = d.visits;
      return bars(v.weeks.map(function (w) { return w.slice(5); }), [
        { name: L.visits, data: v.counts }
      ]);
    },
    trip_cost: function (d, L) {
      var t = d.trip_cost;
      var rows = (t.people || []).concat([{ name: L.total, per_order: t.per_order, cost: t.cost }]);
      return bars(rows.map(function (r) { return r.name; }), [
        { name: L.per_order, data: rows.map(function (r) { return num(r.per_order); }) }
      ]);
    },
    overdue: function (d, L) {
      var rows = d.overdue || [];
      return bars(rows.map(function (r) { return r.label; }), [
        { name: L.overdue, data: rows.map(function (r) { return r.count; }) }
      ], { legend: { show: false }, grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true } });
    }
  };

  function draw() {
    var data = read("dashboard-data");
    var labels = read("dashboard-labels") || {};
    if (!data || typeof window.echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      var option = build ? build(data, labels) : null;
      if (!option) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      option.animation = false;
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
