/* Oversight charts. Every figure drawn here is also in the table next to the chart. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var read = function (id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };
  var percent = function (v) { return v === null ? "n/a" : String(v).replace(".", ",") + "%"; };
  var dash = read("oversight-dashboard-data");
  if (dash) {
    var trend = document.getElementById("trend-chart");
    if (trend) {
      new Chart(trend, {
        type: "line",
        data: { labels: dash.trend.labels, datasets: [
          { label: "Tỷ lệ đúng hạn (%)", data: dash.trend.progress, borderColor: "#0b4d91", backgroundColor: "#0b4d91", spanGaps: true }
        ] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
          plugins: { tooltip: { callbacks: { label: function (c) { return percent(c.raw); } } } } }
      });
    }
    var backlog = document.getElementById("backlog-chart");
    if (backlog) {
      new Chart(backlog, {
        type: "bar",
        data: { labels: dash.backlog.labels, datasets: [
          { label: "Số hồ sơ", data: dash.backlog.counts,
            backgroundColor: ["#a3121a", "#b35c00", "#8a6d00", "#0b4d91", "#1e7b34", "#6c757d"] }
        ] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
  }
  var idx = read("oversight-index-data");
  var canvas = document.getElementById("index-chart");
  if (idx && canvas) {
    new Chart(canvas, {
      type: "bar",
      data: { labels: idx.labels, datasets: [{ label: "Tổng điểm", data: idx.totals, backgroundColor: "#0b4d91" }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100 } } }
    });
  }
})();
