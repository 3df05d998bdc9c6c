// Roster grid: click a cell to edit it (htmx), Ctrl/⌘/Shift-click to select cells for bulk apply, swap or copy.
(function () {
  "use strict";
  const selected = new Set();

  function table() { return document.getElementById("roster"); }

  function refreshSelection() {
    const count = document.getElementById("selected-count");
    const input = document.getElementById("bulk-cells");
    if (count) count.textContent = String(selected.size);
    if (input) input.value = Array.from(selected).join(",");
  }

  function cellUrl(t, key) {
    const [person, ymd] = key.split("-");
    const day = ymd.slice(0, 4) + "-" + ymd.slice(4, 6) + "-" + ymd.slice(6, 8);
    const params = new URLSearchParams({ grid_start: t.dataset.start, grid_end: t.dataset.end });
    return t.dataset.cellBase + person + "/" + day + "/?" + params.toString();
  }

  document.addEventListener("click", (event) => {
    const t = table();
    if (!t || !t.dataset.cellBase) return;
    if (event.target.id === "clear-selection") {
      selected.clear();
      t.querySelectorAll("td.cell.selected").forEach((td) => td.classList.remove("selected"));
      refreshSelection();
      return;
    }
    const td = event.target.closest("td.cell");
    if (!td || !t.contains(td)) return;
    const key = td.dataset.cell;
    if (event.ctrlKey || event.metaKey || event.shiftKey) {
      event.preventDefault();
      if (selected.has(key)) { selected.delete(key); td.classList.remove("selected"); }
      else { selected.add(key); td.classList.add("selected"); }
      refreshSelection();
      return;
    }
    t.querySelectorAll("td.cell.editing").forEach((c) => c.classList.remove("editing"));
    td.classList.add("editing");
    window.htmx.ajax("GET", cellUrl(t, key), { target: "#editor", swap: "innerHTML" });
  });

  // Conflicts (409) and refused input (400) carry the editor with the message: show them instead of dropping.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 409 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The staffing panel under the grid closes with its × button.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-close]");
    if (!button) return;
    const panel = document.getElementById(button.dataset.close);
    if (panel) panel.innerHTML = "";
  });

  // Re-mark selected cells after an out-of-band swap replaced them.
  document.addEventListener("htmx:afterSettle", () => {
    const t = table();
    if (!t) return;
    selected.forEach((key) => {
      const td = document.getElementById("cell-" + key);
      if (td) td.classList.add("selected");
    });
  });
})();
