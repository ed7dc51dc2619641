/* Bar charts for hearing results and participation; every chart has a table with the same figures. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colour = "#0059b3";
  function bar(canvas, labels, counts) {
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: counts, backgroundColor: colour }] },
      options: {
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  var results = document.getElementById("hearing-charts");
  if (results) {
    JSON.parse(results.textContent).forEach(function (c) {
      bar(document.getElementById("chart-" + c.id), c.labels, c.counts);
    });
  }
  var months = document.getElementById("participation-chart");
  if (months) {
    var data = JSON.parse(months.textContent);
    bar(document.getElementById("chart-months"), data.labels, data.counts);
  }
})();
