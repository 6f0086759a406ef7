// Flashcard keys: Space or Enter shows the answer, 1-4 rate, U undoes, E opens the teacher view.
// Every key stands for a button or link on the page, which works without this script.
(function () {
  "use strict";

  function find(name) {
    return document.querySelector('[data-shortcut="' + name + '"]');
  }

  function press(element) {
    if (!element) { return false; }
    element.click();
    return true;
  }

  // Keep the first text field ready for typing on a card front.
  var typed = document.querySelector(".reveal-form input[type=text]");
  if (typed) { typed.focus(); }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) { return; }
    var target = event.target;
    var inText = target && (target.tagName === "INPUT" && target.type === "text" || target.tagName === "TEXTAREA");
    if (inText) { return; }  // Enter in a text field submits the reveal form by itself.
    var handled = false;
    if (event.key === " " || event.key === "Enter") {
      handled = press(find("reveal")) || press(find("next"));
    } else if (/^[1-4]$/.test(event.key)) {
      handled = press(find(event.key));
    } else if (event.key === "u" || event.key === "U") {
      handled = press(find("undo"));
    } else if (event.key === "e" || event.key === "E") {
      handled = press(find("edit"));
    }
    if (handled) { event.preventDefault(); }
  });

  // A rating is sent once: later presses of any rating button are ignored.
  var sent = false;
  document.querySelectorAll(".rating-buttons form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (sent) { event.preventDefault(); return; }
      sent = true;
    });
  });
})();
