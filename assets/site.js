// Quick exit: leave for a neutral site without leaving this page in the history.
// The control is a plain link, so it works without JavaScript; this only makes it
// replace the history entry and adds the GOV.UK-style shortcut (Shift three times).
(function () {
  var exit = document.querySelector("[data-quick-exit]");
  if (!exit) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(exit.href);
  }
  exit.addEventListener("click", leave);
  var presses = 0, timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1000);
    if (presses >= 3) leave();
  });
})();
