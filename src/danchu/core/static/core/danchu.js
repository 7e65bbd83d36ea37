/* Danchu's few behaviours, as one file of the app: the Content-Security-Policy allows no
   inline script or event handler, so pages mark elements with data attributes instead.
   - data-print: a button that prints the page;
   - data-autosubmit: a select that submits its form when changed;
   - data-confirm="question": a form that asks before it is sent. */
"use strict";
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
