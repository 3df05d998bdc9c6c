// Staffing requirements editor: a refused form (400) or a conflict (409) comes back with its messages, to be shown
// in place rather than dropped (htmx does not swap error responses by default).
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Opening an editor scrolls it into view on narrow screens where the side panel sits below the tables.
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target && (target.id === "editor" || target.id === "override-editor")) {
      target.scrollIntoView({ block: "nearest", behavior: "smooth" });
      const first = target.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    }
  });
})();
