// Quick exit: leave for a neutral site without leaving this page in the history.
// The control is a plain link, so it works without JavaScript; this makes it replace
// the history entry and adds shortcuts: Shift three times (as GOV.UK) or Esc twice.
(function () {
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    var leave = function (event) {
      if (event) event.preventDefault();
      document.body.style.display = "none";
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    var last = "", presses = 0, timer = null;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" && event.key !== "Escape") { presses = 0; return; }
      presses = event.key === last ? presses + 1 : 1;
      last = event.key;
      clearTimeout(timer);
      timer = setTimeout(function () { presses = 0; }, 2000);
      if (presses >= (event.key === "Shift" ? 3 : 2)) leave();
    });
  }
  // Printing: the date it is printed on, and full addresses for links within the site.
  window.addEventListener("beforeprint", function () {
    var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var slot = document.querySelector("[data-print-date]");
    if (slot) slot.textContent = ", in ngày " + pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
    var links = document.querySelectorAll("main a[href]:not([href^='http']):not([href^='#']):not([href^='tel:']):not([href^='mailto:'])");
    for (var i = 0; i < links.length; i++) links[i].setAttribute("data-print-url", links[i].href);
  });
})();
