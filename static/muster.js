// Muster's only script besides htmx: small progressive enhancements, no inline handlers (CSP).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle]");
  if (toggle) {
    const target = document.getElementById(toggle.dataset.toggle);
    if (target) target.hidden = !target.hidden;
  }
});
