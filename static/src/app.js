/* Behaviour every page shares, without inline handlers (the Content-Security-Policy allows no inline script
   without a nonce and no on* attributes):
   - data-confirm="问题": a form (or the submit button pressed) asks before it is sent;
   - data-print: a button that prints the page;
   - data-expands: a tree toggle that shows itself expanded once clicked;
   - data-width="42": a progress bar's width in percent (also in content htmx swaps in). */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var button = e.submitter, form = e.target;
    var question = (button && button.dataset && button.dataset.confirm) || (form.dataset && form.dataset.confirm);
    if (question && !window.confirm(question)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-print],[data-expands]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { window.print(); }
    if (el.hasAttribute("data-expands")) {
      el.setAttribute("aria-expanded", "true");
      var icon = el.querySelector("i");
      if (icon) { icon.className = "bi bi-dash-square"; }
    }
  });
  function widths(root) {
    (root.querySelectorAll ? root.querySelectorAll("[data-width]") : []).forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0)) + "%";
    });
  }
  if (window.htmx) { window.htmx.onLoad(widths); } else { widths(document); }
})();
