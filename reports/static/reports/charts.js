// Draws every <canvas data-chart="bar|line" data-source="ID"> from the JSON in <script id="ID">.
// The table next to each chart carries the same numbers (and is what screen readers use).
(function () {
  "use strict";
  var palette = ["#0a58ca", "#1a7f37", "#b42318", "#9a6700", "#6f42c1", "#57606a"];
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var datasets;
    if (data.series) {
      datasets = data.series.map(function (series, i) {
        return { label: series.label, data: series.values, borderColor: palette[i % palette.length],
                 backgroundColor: palette[i % palette.length], tension: 0.2, pointRadius: 0 };
      });
    } else {
      datasets = [{ label: "Claims", data: data.values, backgroundColor: palette[0] }];
    }
    new Chart(canvas, {
      type: canvas.dataset.chart,
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: canvas.dataset.chart === "bar" && data.labels.length > 4 ? "y" : "x",
        plugins: { legend: { display: !!data.series } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
    canvas.dataset.rendered = "true";
  }
  function init() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
