/* Starts DKFDS's components (mobile menu, accordions, dropdowns ...) from a file, not an inline script:
   the Content-Security-Policy allows scripts from 'self' only. Loaded with defer, after dkfds.min.js. */
(function () {
  "use strict";
  if (typeof window.DKFDS === "undefined") return;
  window.DKFDS.init();
  // DKFDS writes "Mere" into the overflow button it adds to a long main menu; the page knows its language.
  var nav = document.querySelector(".navigation-menu .nav[data-more-label]");
  var more = document.querySelector(".navigation-menu .more-button span");
  if (nav && more) more.textContent = nav.getAttribute("data-more-label");
  document.documentElement.setAttribute("data-dkfds", "ready");
})();
