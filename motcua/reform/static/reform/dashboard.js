/* Dashboard charts. Every chart has the same figures in a table next to it. */
(function () {
  "use strict";
  var node = document.getElementById("reform-chart-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var blue = "#0b4d91", red = "#a3121a", grey = "#6c757d", green = "#1e7b34", amber = "#b35c00";
  var common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-inspections", {
    type: "bar",
    data: { labels: data.inspections.labels, datasets: [
      { label: "Theo kế hoạch", data: data.inspections.scheduled, backgroundColor: blue },
      { label: "Đột xuất", data: data.inspections.surprise, backgroundColor: red }
    ] },
    options: Object.assign({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }, common)
  });
  draw("chart-recommendations", {
    type: "doughnut",
    data: { labels: data.recommendations.labels, datasets: [
      { data: data.recommendations.values, backgroundColor: [red, amber, blue, green] }
    ] },
    options: common
  });
  draw("chart-investment", {
    type: "bar",
    data: { labels: data.investment.labels, datasets: [
      { label: "Tổng mức đầu tư (tỷ đồng)", data: data.investment.total, backgroundColor: grey },
      { label: "Vốn đã cấp (tỷ đồng)", data: data.investment.allocated, backgroundColor: blue }
    ] },
    options: Object.assign({ indexAxis: "y", scales: { x: { beginAtZero: true } } }, common)
  });
  draw("chart-index", {
    type: "line",
    data: { labels: data.index.labels, datasets: [
      { label: "Điểm", data: data.index.score, borderColor: blue, backgroundColor: blue, yAxisID: "y" },
      { label: "Thứ hạng", data: data.index.rank, borderColor: red, backgroundColor: red, yAxisID: "rank" }
    ] },
    options: Object.assign({ scales: {
      y: { position: "left", title: { display: true, text: "Điểm" } },
      rank: { position: "right", reverse: true, beginAtZero: false, title: { display: true, text: "Thứ hạng" }, grid: { drawOnChartArea: false } }
    } }, common)
  });
})();
