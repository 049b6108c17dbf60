/* Attendance at the door: ticks that are never lost.
 *
 * The list works without this script: every tick is a small form that posts and comes back.
 * This script sends the same forms with fetch instead, so the list does not jump, and keeps
 * every tick that is not confirmed by the server in a queue in localStorage (one per activity):
 * over a poor connection, or after a reload, the tick is sent again, with growing pauses, until
 * the server has it. The server's answer is idempotent (a tick that arrives twice is recorded
 * once), so sending again is always safe.
 *
 * Per person it shows "Saving…", "Saved" or "Not saved yet, retrying…"; at the top, whether all
 * ticks are saved. Texts come from data-msg-* attributes on [data-attendance] (translated there).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-attendance]");
  if (!root || !window.fetch || !window.FormData) {
    return;
  }
  var messages = root.dataset;
  var tickUrl = root.dataset.tickUrl;
  var storageKey = "werkplaats.attendance." + root.dataset.activity;
  var MAX_DELAY = 30000;

  var queue = load(); // {personId: {present: bool, version: int}}, the ticks not confirmed yet
  var inFlight = {}; // personId: version being sent
  var failures = {}; // personId: failed attempts since the last success
  var timer = null;

  var countElement = root.querySelector("[data-present-count]");
  var summaryElement = root.querySelector("[data-sync-summary]");
  var presentCount = countElement ? parseInt(countElement.dataset.count, 10) || 0 : 0;

  // --- storage -----------------------------------------------------------------------------

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
      return stored && typeof stored === "object" ? stored : {};
    } catch (error) {
      return {};
    }
  }

  function store() {
    try {
      if (Object.keys(queue).length) {
        window.localStorage.setItem(storageKey, JSON.stringify(queue));
      } else {
        window.localStorage.removeItem(storageKey);
      }
    } catch (error) {
      // Private mode or a full storage: the queue still lives in this page.
    }
  }

  // --- what the organiser sees -------------------------------------------------------------

  function itemFor(id) {
    return root.querySelector('[data-person="' + id + '"]');
  }

  function isPressed(item) {
    return item.querySelector(".tick").getAttribute("aria-pressed") === "true";
  }

  function setPressed(item, present) {
    if (!item || isPressed(item) === present) {
      return;
    }
    var button = item.querySelector(".tick");
    var state = item.querySelector(".tick__state");
    button.setAttribute("aria-pressed", present ? "true" : "false");
    item.querySelector("input[name=present]").value = present ? "0" : "1";
    if (state) {
      state.textContent = present ? state.dataset.on : state.dataset.off;
    }
    presentCount += present ? 1 : -1;
    showCount();
  }

  function setStatus(id, kind, text) {
    var item = itemFor(id);
    var status = item && item.querySelector("[data-status]");
    if (!status) {
      return;
    }
    status.className = "tick__status tick__status--" + kind;
    status.textContent = text;
  }

  function plural(count, one, many) {
    return count === 1 ? one : many.replace("%(count)s", count);
  }

  function showCount() {
    if (countElement) {
      countElement.textContent = plural(
        presentCount,
        messages.msgPresentOne,
        messages.msgPresentMany
      );
    }
  }

  function showSummary() {
    if (!summaryElement) {
      return;
    }
    var waiting = Object.keys(queue).length;
    summaryElement.classList.toggle("attendance-bar__sync--pending", waiting > 0);
    summaryElement.textContent = waiting
      ? plural(waiting, messages.msgUnsavedOne, messages.msgUnsavedMany)
      : messages.msgAllSaved;
  }

  // --- sending -----------------------------------------------------------------------------

  function csrfToken() {
    // The cookie first: it is renewed when the organiser signs in again in another tab.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(id) {
    var entry = queue[id];
    if (!entry || inFlight[id] !== undefined) {
      return;
    }
    var version = entry.version;
    inFlight[id] = version;
    var body = new FormData();
    body.append("person", id);
    body.append("present", entry.present ? "1" : "0");
    var token = csrfToken();
    body.append("csrfmiddlewaretoken", token);
    window
      .fetch(tickUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token },
      })
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { status: response.status, data: data };
          },
          function () {
            return { status: response.status, data: null };
          }
        );
      })
      .then(
        function (result) {
          delete inFlight[id];
          if (result.status === 200 && result.data && String(result.data.person) === id) {
            saved(id, version);
          } else if (result.status === 400 && result.data && result.data.error) {
            refused(id, version, result.data.error);
          } else if (result.status === 403 || result.status === 401) {
            failed(id, messages.msgSignedOut);
          } else {
            failed(id, messages.msgRetrying);
          }
        },
        function () {
          delete inFlight[id];
          failed(id, messages.msgRetrying);
        }
      );
  }

  function saved(id, version) {
    failures[id] = 0;
    if (queue[id] && queue[id].version === version) {
      delete queue[id];
      store();
      setStatus(id, "saved", messages.msgSaved);
    } else if (queue[id]) {
      send(id); // ticked again while this one was on its way
    }
    showSummary();
  }

  function refused(id, version, message) {
    // The server will never take this tick (not on the list, say): undo it on screen.
    var entry = queue[id];
    if (entry && entry.version === version) {
      delete queue[id];
      store();
      setPressed(itemFor(id), !entry.present);
      setStatus(id, "error", messages.msgRefused + " " + message);
    } else if (entry) {
      send(id);
    }
    showSummary();
  }

  function failed(id, text) {
    failures[id] = (failures[id] || 0) + 1;
    if (queue[id]) {
      setStatus(id, "error", text);
    }
    showSummary();
    schedule();
  }

  function schedule() {
    if (timer || !Object.keys(queue).length) {
      return;
    }
    // Back off by the person who failed least, so a fresh tick is not held up by old ones.
    var fewest = Math.min.apply(
      null,
      Object.keys(queue).map(function (id) {
        return failures[id] || 1;
      })
    );
    var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, fewest - 1));
    timer = window.setTimeout(flush, delay);
  }

  function flush() {
    window.clearTimeout(timer);
    timer = null;
    Object.keys(queue).forEach(send);
  }

  // --- ticking -----------------------------------------------------------------------------

  root.addEventListener("submit", function (event) {
    var form = event.target.closest(".tick-form");
    if (!form) {
      return;
    }
    event.preventDefault();
    var item = form.closest("[data-person]");
    var id = item.dataset.person;
    var present = !isPressed(item);
    setPressed(item, present);
    queue[id] = { present: present, version: (queue[id] ? queue[id].version : 0) + 1 };
    failures[id] = 0;
    store();
    setStatus(id, "saving", messages.msgSaving);
    showSummary();
    send(id);
  });

  // --- finding someone on the list ---------------------------------------------------------

  function normalise(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .trim();
  }

  var search = root.querySelector("[data-search]");
  var noMatch = root.querySelector("[data-no-match]");
  if (search) {
    search.addEventListener("input", function () {
      var query = normalise(search.value);
      var visible = 0;
      root.querySelectorAll("[data-tick-section]").forEach(function (section) {
        var shown = 0;
        section.querySelectorAll(".tick-item").forEach(function (item) {
          var match = !query || normalise(item.dataset.name).indexOf(query) !== -1;
          item.hidden = !match;
          shown += match ? 1 : 0;
        });
        section.hidden = query !== "" && shown === 0;
        visible += shown;
      });
      if (noMatch) {
        noMatch.hidden = visible > 0 || query === "";
      }
    });
  }

  // --- start: show and send what is still waiting from before ------------------------------

  Object.keys(queue).forEach(function (id) {
    var entry = queue[id];
    if (!entry || typeof entry.present !== "boolean") {
      delete queue[id];
      return;
    }
    setPressed(itemFor(id), entry.present);
    setStatus(id, "saving", messages.msgSaving);
  });
  store();
  showSummary();
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });
  flush();
})();
