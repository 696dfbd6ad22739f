// Quick exit, as an enhancement. Without JavaScript the "Exit this page"
// link still works: it goes to /exit, which clears the site's data and
// redirects. With JavaScript:
//  - the button and Shift pressed three times within five seconds both exit;
//  - the page is covered at once, so nothing stays on screen while the
//    next page loads;
//  - location.replace() swaps this page out of history, so Back does not
//    return to it.
//
// It is also the site's one script (one file keeps every page within three
// requests), so the other small enhancement lives here too: when the form
// comes back with problems, focus moves to the summary of them, so a screen
// reader reads it out and a keyboard user starts from it.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary") ||
    document.getElementById("token-notice");
  if (summary) { summary.focus(); }

  // The header's button, and the same button on any view that covers the
  // header (the results' hand-over view).
  var button = document.getElementById("exit-this-page");
  if (!button) { return; }
  var exitUrl = button.getAttribute("href");
  var presses = [];
  var WINDOW_MS = 5000;

  function leave(event) {
    if (event) { event.preventDefault(); }
    var cover = document.createElement("div");
    cover.className = "exit-cover";
    document.body.appendChild(cover);
    document.documentElement.classList.add("exiting");
    document.title = "";
    // A same-page view (the results' #for-them) is an entry of its own in
    // history, after the page itself. Step back onto the page first, then
    // replace it, so Back can reach neither (nor ask to send its form again).
    if (history.state === null && location.hash) {
      window.addEventListener("popstate", function () { leaveNow(); });
      // In case Back does not answer: leave from here all the same.
      setTimeout(function () { window.location.replace(exitUrl); }, 400);
      history.back();
    } else {
      leaveNow();
    }
  }

  function leaveNow() {
    if (history.state === null && location.hash) {
      history.back();  // a second view entry: keep stepping back
    } else {
      window.location.replace(exitUrl);
    }
  }

  // Mark the page's own entry, so the exit can tell it from a view's.
  if (history.state === null) { history.replaceState({ page: true }, ""); }

  document.querySelectorAll(".exit-button").forEach(function (each) {
    each.addEventListener("click", leave);
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) {
      presses = [];
      leave();
    }
  });

  // A page restored from the back-forward cache must not show answers.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.documentElement.classList.contains("exiting")) {
      window.location.replace(exitUrl);
    }
  });
})();
