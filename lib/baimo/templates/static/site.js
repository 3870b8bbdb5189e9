/* baimo reader site: a chart's "Enlarge" button shows it at its full drawn size (scrollable on a
   phone); Escape or the button again closes it. A tap on a mark still follows the mark's link. */
(function () {
  function toggle(button, on) {
    var fig = button.closest("figure.chart");
    fig.classList.toggle("enlarged", on);
    document.body.classList.toggle("chart-enlarged", on);
    button.setAttribute("aria-expanded", String(on));
    button.textContent = on ? "Close" : "Enlarge";
    if (on) { fig.scrollTop = 0; button.focus(); }
  }
  document.querySelectorAll("figure.chart .enlarge").forEach(function (button) {
    button.addEventListener("click", function () {
      toggle(button, button.getAttribute("aria-expanded") !== "true");
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll('figure.chart .enlarge[aria-expanded="true"]').forEach(function (b) { toggle(b, false); });
  });
})();
(function () {
  /* On a narrow screen the table of contents starts folded, so the chapter comes first. */
  if (window.matchMedia("(max-width: 60rem)").matches) {
    document.querySelectorAll("details.toc-box").forEach(function (d) { d.open = false; });
  }
})();
