/* Workshop pages: live polling (ETag, 304 when nothing changed) and retry-safe voting.
 * Loaded as a static file: the Content-Security-Policy allows no inline script or style.
 * Bars are sized by class names (ws-f0..ws-f10), never by style attributes.
 */
(function () {
  "use strict";

  var POLL_MS = 1500;
  var SLOW_POLL_MS = 5000;
  var MAX_RETRY_MS = 10000;
  var NAME_MARK = "NAME";  /* where #ws-remove-template has the participant's name */
  var t = window.gapassess.t;  /* from i18n.js */

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function setText(root, field, value) {
    $all('[data-field="' + field + '"]', root).forEach(function (el) { el.textContent = value; });
  }
  function show(el, visible) { if (el) { el.hidden = !visible; } }
  function fmt(value) {
    if (value === null || value === undefined) { return "\u2013"; }
    return String(Math.round(value * 10) / 10);
  }

  /* Poll url; call onState(state) when it changed. onError returning false stops polling. */
  function poll(url, interval, onState, onError) {
    var etag = null;
    var stopped = false;
    function schedule(ms) {
      if (!stopped) { window.setTimeout(tick, document.hidden ? ms * 3 : ms); }
    }
    function tick() {
      var headers = { "Accept": "application/json" };
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 304) { return null; }
          if (!response.ok) {
            return response.json().catch(function () { return {}; }).then(function (body) {
              throw { status: response.status, body: body };
            });
          }
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (state) {
          if (state) { onState(state); }
          schedule(interval);
        })
        .catch(function (error) {
          if (onError && onError(error) === false) { stopped = true; return; }
          schedule(interval * 2);
        });
    }
    tick();
    return { stop: function () { stopped = true; } };
  }

  /* ---- spread bars (console, projector) ---- */
  function renderAxis(figure, spread, scale) {
    var counts = spread.counts;
    var top = Math.max(1, Math.max.apply(null, counts));
    $all(".ws-bar", figure).forEach(function (bar, level) {
      $(".ws-fill", bar).className = "ws-fill ws-f" + Math.round(counts[level] * 10 / top);
      $("[data-count]", bar).textContent = counts[level];
      var name = $(".ws-level-name", bar);
      if (scale && name) { name.textContent = level + " " + scale[level].label; }
    });
    $('[data-stat="median"]', figure).textContent = fmt(spread.median);
    $('[data-stat="range"]', figure).textContent = fmt(spread.range);
  }

  function renderSpread(root, spread, scales) {
    ["compliance", "outcome"].forEach(function (axis) {
      var figure = $('[data-spread] [data-axis="' + axis + '"]', root);
      if (figure) { renderAxis(figure, spread[axis], scales ? scales[axis] : null); }
    });
    setText(root, "voters", spread.voters);
    show($('[data-field="flag"]', root), spread.disagreement);
  }

  var EMPTY_AXIS = { counts: [0, 0, 0, 0, 0], n: 0, median: null, range: null, prefill: null };
  var EMPTY = { compliance: EMPTY_AXIS, outcome: EMPTY_AXIS, voters: 0, disagreement: false };

  function renderItemRows(root, items) {
    items.forEach(function (item) {
      var row = $('[data-items] [data-item-id="' + item.item_id + '"]', root);
      if (!row) { return; }
      var voters = $("[data-voters]", row);
      if (voters) { voters.textContent = item.voters; }
      var flag = $("[data-flag]", row);
      if (flag) { flag.textContent = item.disagreement ? t("Yes") : ""; }
      row.classList.toggle("ws-disagree", item.disagreement);
    });
  }

  function activeCount(state) {
    return state.participants.filter(function (p) { return !p.removed; }).length;
  }

  /* ---- facilitator console ---- */
  /* The removal confirmation for a participant: a copy of the server-rendered
     confirm_action in #ws-remove-template, with the name put in as text. */
  function confirmRemove(p, url) {
    var template = document.getElementById("ws-remove-template");
    if (!template) { return document.createTextNode(""); }
    var box = template.content.firstElementChild.cloneNode(true);
    $("form", box).action = url;
    var walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      walker.currentNode.nodeValue = walker.currentNode.nodeValue.split(NAME_MARK).join(p.name);
    }
    return box;
  }

  function initConsole(root) {
    var itemId = root.dataset.itemId;
    var touched = false;
    var consensus = $("#ws-consensus");
    if (consensus) {
      consensus.addEventListener("change", function () { touched = true; });
    }
    var table = $("[data-participants] tbody", root);
    var removeUrl = table ? table.dataset.removeUrl : null;
    var seen = null;

    /* Rows are rebuilt only when someone joins or is removed; vote counts change in place,
       so a removal confirmation the facilitator has open stays open while the room votes. */
    function renderPeople(people) {
      if (!table || !removeUrl) { return; }
      var key = JSON.stringify(people.map(function (p) { return [p.id, p.name, p.removed]; }));
      if (key !== seen) {
        var open = $("details.confirm[open]", table);
        var openRow = open ? open.closest("tr").dataset.participant : null;
        seen = key;
        buildRows(people);
        var again = openRow && $('tr[data-participant="' + openRow + '"] details.confirm', table);
        if (again) { again.open = true; }
      }
      people.forEach(function (p) {
        var cell = $('tr[data-participant="' + p.id + '"] [data-votes]', table);
        if (cell) { cell.textContent = p.votes; }
      });
    }

    function buildRows(people) {
      table.textContent = "";
      if (!people.length) {
        var empty = table.insertRow();
        var cell = empty.insertCell();
        cell.colSpan = 3;
        cell.className = "empty";
        cell.textContent = t("Nobody has joined yet.");
        return;
      }
      people.forEach(function (p) {
        var row = table.insertRow();
        row.dataset.participant = p.id;
        if (p.removed) { row.className = "ws-removed"; }
        row.insertCell().textContent = p.removed ? t("%(name)s (removed)", { name: p.name }) : p.name;
        row.insertCell().dataset.votes = "";
        var action = row.insertCell();
        if (!p.removed) {
          action.appendChild(confirmRemove(p, removeUrl.replace("/0/remove", "/" + p.id + "/remove")));
        }
      });
    }

    poll(root.dataset.stateUrl, POLL_MS, function (state) {
      var spread = state.spreads[itemId] || EMPTY;
      renderSpread(root, spread, null);
      if (consensus && !touched && spread.voters > 0) {
        ["compliance", "outcome"].forEach(function (axis) {
          var select = $('[data-prefill="' + axis + '"]', consensus);
          var value = spread[axis].prefill;
          if (select && value !== null) { select.value = String(value); }
        });
      }
      renderItemRows(root, state.items);
      renderPeople(state.participants);
      setText(root, "people", activeCount(state));
      setText(root, "status", state.status);
    });
  }

  /* ---- projector ---- */
  function initProjector(root) {
    poll(root.dataset.stateUrl, POLL_MS, function (state) {
      setText(root, "people", activeCount(state));
      show($('[data-field="closed"]', root), state.status !== "open");
      if (state.pacing === "facilitator") {
        var current = state.current;
        setText(root, "position", state.current_index + 1);
        setText(root, "clause", current.clause);
        setText(root, "clause_title", current.clause_title);
        setText(root, "title", current.title);
        setText(root, "question", current.question);
        renderSpread(root, current.spread, current.scales);
        show($("#pj-spread", root), state.revealed);
        show($('[data-field="hidden-note"]', root), !state.revealed);
      } else {
        renderItemRows(root, state.items);
      }
    });
  }

  /* ---- participant's phone ---- */
  function newSubmissionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function initVote(root) {
    var form = $("#ws-vote-form");
    var status = $("#ws-status");
    var message = $("#ws-message");
    var card = $("#ws-item");
    var csrf = $('meta[name="csrf-token"]').getAttribute("content");
    var shownIndex = parseInt(root.dataset.index, 10);
    var pending = {};   // item id -> the latest submission not yet confirmed
    var inflight = {};  // item id -> the submission on its way: one at a time per item, so
                        // an older choice can never arrive after a newer one and win
    var mine = {};
    var poller = null;
    $("#ws-save").hidden = true;   // every choice is saved as it is made

    function say(text) { status.textContent = text; }
    function stopWith(text) {
      message.textContent = text;
      message.hidden = false;
      $all("input, button", form).forEach(function (el) { el.disabled = true; });
      pending = {};
      if (poller) { poller.stop(); }
    }
    function chosen(axis) {
      var input = $('input[name="' + axis + '"]:checked', form);
      return input ? parseInt(input.value, 10) : null;
    }

    function next(itemId) {
      var newer = pending[itemId];
      if (newer && !inflight[itemId]) { send(newer); }
    }
    function send(submission) {
      var itemId = submission.body.item_id;
      inflight[itemId] = submission;
      fetch(root.dataset.voteUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrf
        },
        body: JSON.stringify(submission.body)
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          inflight[itemId] = null;
          if (pending[itemId] !== submission) { next(itemId); return; }   // a newer choice waits
          if (response.ok) {
            delete pending[itemId];
            mine[itemId] = { compliance: body.compliance, outcome: body.outcome };
            say(t("Your vote is saved."));
          } else if ([401, 403, 409].indexOf(response.status) >= 0) {
            stopWith(body.error || t("This phone can no longer vote here."));
          } else if (response.status === 400) {
            delete pending[itemId];
            say(body.error || t("Not saved: reload the page and try again."));
          } else {
            retry(submission);
          }
        });
      }).catch(function () {
        inflight[itemId] = null;
        if (pending[itemId] === submission) { retry(submission); } else { next(itemId); }
      });
    }
    function retry(submission) {
      submission.attempt += 1;
      say(t("No connection: your vote will be sent again in a moment\u2026"));
      var delay = Math.min(MAX_RETRY_MS, 500 * Math.pow(2, submission.attempt));
      window.setTimeout(function () {
        var itemId = submission.body.item_id;
        if (pending[itemId] === submission && !inflight[itemId]) { send(submission); }
      }, delay);
    }
    function submit() {
      var body = {
        item_id: form.elements.item_id.value,
        compliance: chosen("compliance"),
        outcome: chosen("outcome"),
        submission_id: newSubmissionId()
      };
      var submission = { body: body, attempt: 0 };
      pending[body.item_id] = submission;   // the same id is reused on every retry
      say(t("Saving\u2026"));
      if (!inflight[body.item_id]) { send(submission); }  // else sent when the one before lands
    }

    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") { submit(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });

    function showItem(item, index) {
      card.dataset.itemId = item.item_id;
      form.elements.item_id.value = item.item_id;
      ["title", "clause", "clause_title", "question", "guidance"].forEach(function (field) {
        setText(card, field, item[field]);
      });
      setText(document, "position", index + 1);
      var vote = pending[item.item_id] ? pending[item.item_id].body : (mine[item.item_id] || {});
      ["compliance", "outcome"].forEach(function (axis) {
        $all('fieldset[data-axis="' + axis + '"] .ws-option', form).forEach(function (option, level) {
          var scale = item.scales[axis][level];
          $("[data-label]", option).textContent = scale.label;
          $("[data-text]", option).textContent = scale.text;
          $("input", option).checked = vote[axis] === level;
        });
      });
      shownIndex = index;
      say(t("New question from the facilitator."));
    }

    poller = poll(root.dataset.stateUrl,
      root.dataset.pacing === "facilitator" ? POLL_MS : SLOW_POLL_MS,
      function (state) {
        Object.keys(state.mine).forEach(function (id) { mine[id] = state.mine[id]; });
        if (state.status !== "open") {
          stopWith(t("This workshop is closed. Thank you: every vote made before it closed is kept."));
          return;
        }
        if (state.pacing === "facilitator" && state.current_index !== shownIndex) {
          showItem(state.item, state.current_index);
        }
      },
      function (error) {
        if (error && (error.status === 401 || error.status === 403)) {
          stopWith((error.body && error.body.error) || t("This phone can no longer vote here."));
          return false;
        }
        return true;
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = $("[data-page]");
    if (!root) { return; }
    var page = root.dataset.page;
    if (page === "console") { initConsole(root); }
    if (page === "projector") { initProjector(root); }
    if (page === "vote") { initVote(root); }
  });
}());
