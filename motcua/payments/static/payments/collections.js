/* Collections chart: stacked bars per period and payment method. The same figures are in
   the tables below the chart. */
(function () {
  "use strict";
  var node = document.getElementById("collections-data");
  var canvas = document.getElementById("collections-chart");
  if (!node || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var colours = { cash: "#1e7b34", card: "#6c757d", qr: "#0b4d91", gateway: "#a3121a" };
  var money = function (v) { return Number(v).toLocaleString("vi-VN") + " đ"; };
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (d) {
        return { label: d.label, data: d.data, backgroundColor: colours[d.method] || "#333" };
      })
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { callback: money } } },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + money(c.raw); } } } }
    }
  });
})();
