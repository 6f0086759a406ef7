// Quiz pages: a countdown, saving answers as they change, and keyboard shortcuts.
// Everything here is an addition: the page works the same without it.
(function () {
  "use strict";

  var form = document.querySelector("form.attempt-form");
  var notice = document.getElementById("time-up");
  var inFlight = null;
  var dirty = false;
  var submitting = false;

  function tell(message) {
    if (!notice) { return; }
    notice.textContent = message;
    notice.hidden = false;
  }

  // Countdown from the server's figure; the server enforces the deadline itself. At zero the
  // page says so and submits the answers on it, which the server still takes for a moment.
  var timer = document.querySelector(".timer");
  if (timer) {
    var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
    var shown = timer.querySelector(".timer-value");
    var tick = function () {
      left = Math.max(0, left - 1);
      shown.textContent = Math.floor(left / 60) + " min " + (left % 60) + " s";
      if (left === 60) { timer.setAttribute("aria-live", "assertive"); }
      if (left === 0) {
        clearInterval(handle);
        timer.classList.add("timer-done");
        timer.textContent = "Time is up";
        tell("Time is up: your answers are being submitted.");
        if (form) { setTimeout(function () { submitWith("finish"); }, 500); }
      }
    };
    var handle = setInterval(tick, 1000);
  }

  if (!form) { return; }
  var revision = form.querySelector("input[name=revision]");

  // The server refused a save because the time limit passed: say what was kept, then go to
  // the results, where the same is written.
  function timeIsUp(body) {
    submitting = true;
    tell(body.message);
    var link = document.createElement("a");
    link.href = body.results;
    link.textContent = " See your results.";
    notice.appendChild(link);
    setTimeout(function () { window.location.assign(body.results); }, 4000);
  }

  function save() {
    if (submitting) { return Promise.resolve(); }
    if (inFlight) { dirty = true; return inFlight; }
    dirty = false;
    var data = new FormData(form);
    data.set("action", "save");
    inFlight = fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.status === 409 && json) {
        return response.json().then(function (body) {
          if (!body.time_up) { throw new Error("save refused"); }
          timeIsUp(body);
        });
      }
      if (!response.ok) { throw new Error("save refused"); }
      return response.json().then(function (body) {
        revision.value = String(body.revision);
        form.classList.remove("save-failed");
      });
    }).catch(function () {
      form.classList.add("save-failed");
    }).finally(function () {
      inFlight = null;
      if (dirty) { save(); }
    });
    return inFlight;
  }

  var debounce = null;
  form.addEventListener("change", function () {
    clearTimeout(debounce);
    debounce = setTimeout(save, 300);
  });

  // Resolves once no save is under way (a save can start another when answers changed
  // meanwhile), so a submit carries the newest revision.
  function idle() {
    return inFlight ? inFlight.then(idle) : Promise.resolve();
  }

  // Sends the form as if a button with name="action" and this value had been pressed.
  function submitWith(action) {
    clearTimeout(debounce);
    submitting = true;
    idle().then(function () {
      if (action) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "action";
        hidden.value = action;
        form.appendChild(hidden);
      }
      form.submit();
    });
  }

  form.addEventListener("submit", function (event) {
    clearTimeout(debounce);
    submitting = true;
    if (!inFlight) { return; }
    event.preventDefault();
    var button = event.submitter;
    submitWith(button && button.name === "action" ? button.value : null);
  });

  // Keys: 1-9 pick or toggle an option, Enter checks or moves on, arrows move between pages.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" && (target.type === "text" || target.type === "number") ||
      target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (typing || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var choices = form.querySelectorAll("fieldset:not([disabled]) .choice input");
    if (/^[1-9]$/.test(event.key) && choices.length) {
      var input = choices[parseInt(event.key, 10) - 1];
      if (input) {
        input.click();
        input.focus();
        event.preventDefault();
      }
      return;
    }
    var button = form.querySelector('button[data-key="' + event.key + '"]');
    if (button && (event.key !== "Enter" || target === document.body || (target.type === "radio" || target.type === "checkbox"))) {
      event.preventDefault();
      button.click();
    }
  });
})();
