// Charts of the utilisation page; the same figures are in the tables next to them.
(function () {
  var el = document.getElementById("chart-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var lang = document.documentElement.lang;
  var t = lang === "en"
    ? { open: "Open hours", booked: "Booked hours", share: "Utilisation (%)" }
    : { open: "Åbne timer", booked: "Bookede timer", share: "Udnyttelse (%)" };
  new Chart(document.getElementById("chart-weeks"), {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: t.open, data: data.open, backgroundColor: "#c5d9ee" },
        { label: t.booked, data: data.booked, backgroundColor: "#0059b3" }
      ]
    },
    options: { animation: false, responsive: true }
  });
  new Chart(document.getElementById("chart-buildings"), {
    type: "bar",
    data: {
      labels: data.buildings,
      datasets: [{ label: t.share, data: data.building_share, backgroundColor: "#0059b3" }]
    },
    options: { animation: false, indexAxis: "y", responsive: true, scales: { x: { max: 100, beginAtZero: true } } }
  });
})();
