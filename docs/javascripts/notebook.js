// Notebook pages: one button opens or folds every code cell (each cell also has its own "Code" toggle).
// Works with Material's instant loading (document$) and without it.
(function () {
  function wire() {
    document.querySelectorAll("button.nb-code-toggle").forEach(function (button) {
      if (button.dataset.wired) return;
      button.dataset.wired = "1";
      button.addEventListener("click", function () {
        var cells = document.querySelectorAll("details.nb-code");
        var open = button.getAttribute("aria-pressed") !== "true";
        cells.forEach(function (d) { d.open = open; });
        button.setAttribute("aria-pressed", open ? "true" : "false");
        button.textContent = open ? "Hide all code" : "Show all code";
      });
    });
    // A link to a cell (#cell-<id>) opens that cell's code so the reader sees what computed the number.
    var hash = window.location.hash;
    if (hash && hash.indexOf("#cell-") === 0) {
      var cell = document.getElementById(decodeURIComponent(hash.slice(1)));
      if (cell) {
        var d = cell.querySelector("details.nb-code");
        if (d) d.open = true;
        cell.classList.add("nb-cell-target");
      }
    }
  }
  if (typeof document$ !== "undefined") { document$.subscribe(wire); } else { document.addEventListener("DOMContentLoaded", wire); }
  window.addEventListener("hashchange", wire);
})();
