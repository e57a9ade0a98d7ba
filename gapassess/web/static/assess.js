/* Autosave and keyboard answering for the questionnaire pages (full and compact views).
 *
 * Each item (<article data-item data-save-url>) is saved on its own: a JSON POST with the
 * version the item was loaded at. The server answers 200 (saved: new version), 400 (a
 * field is not acceptable), 409 (someone else saved the item meanwhile: both versions are
 * shown and the person chooses) or 403 (read-only). Without this file the page still
 * works: the form posts the whole clause.
 *
 * When a save happens: a click on a rating is a decision and saves at once; a rating
 * chosen from the keyboard (digits, arrows, Space) is saved when focus leaves the item (or
 * after a pause), so arrowing through levels, or rating both axes, is one save and one
 * history entry. Text saves after a pause in typing, or when focus leaves the item.
 * Keys on a rating: 0-4 choose a level, Delete clears it, N toggles not applicable,
 * Enter moves on (compliance, then outcome, then the next item's compliance).
 *
 * Each save's status is written beside the control that changed ([data-role=state] with
 * data-for naming the fields it speaks for), and a conflict opens right below it.
 *
 * A carried answer's "Confirm as is" button ([data-role=confirm]) posts the item's version
 * to its own JSON endpoint instead of the whole page; the answer to that, and to every
 * save (a new rating confirms a carried answer), says whether it is still to confirm, and
 * the status in the item's heading line ([data-role=confirm-status]) follows.
 */
(function () {
  "use strict";

  var form = document.getElementById("clause-form");
  if (!form || !window.fetch) { return; }
  /* Every change saves itself: the page-wide Save button is for pages without script. */
  var pageSave = form.querySelector(".form-actions");
  if (pageSave) { pageSave.hidden = true; }
  var t = window.gapassess.t;  /* from i18n.js */
  var tokenInput = form.querySelector('input[name="csrf_token"]');
  var token = tokenInput ? tokenInput.value : "";
  var TEXT_FIELDS = ["justification", "evidence", "notes", "owner"];
  var RATINGS = ["compliance", "outcome"];
  var TYPING_DELAY = 1500;
  var KEYBOARD_DELAY = 6000;  /* a keyboard rating left in place this long is saved anyway */
  var unsaved = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function hidden(article, role) {
    return article.querySelector('input[data-role="' + role + '"]');
  }

  function jobOf(article) {
    return article._job || (article._job = { busy: false, again: false, timer: null, dirty: false, pending: false });
  }

  /* The status line beside the control of ``field``, else the item's first one. */
  function stateSlot(article, field) {
    var slots = article.querySelectorAll('[data-role="state"]');
    for (var i = 0; i < slots.length; i += 1) {
      var names = (slots[i].getAttribute("data-for") || "").split(" ");
      if (field && names.indexOf(field) >= 0) { return slots[i]; }
    }
    return slots.length ? slots[0] : null;
  }

  var STATE_KINDS = ["is-saving", "is-saved", "is-error", "is-waiting"];

  /* Says ``text`` beside the field that changed last; the item's other lines go quiet. */
  function setState(article, kind, text, field) {
    var slot = stateSlot(article, field || article._field);
    if (!slot) { return null; }
    article.querySelectorAll('[data-role="state"]').forEach(function (other) {
      if (other !== slot && other.textContent) {
        STATE_KINDS.forEach(function (name) { other.classList.remove(name); });
        other.textContent = "";
      }
    });
    STATE_KINDS.forEach(function (name) { slot.classList.remove(name); });
    slot.classList.add("is-" + kind);
    slot.textContent = text;
    return slot;
  }

  function clockTime() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  function readValues(article) {
    var values = {};
    ["compliance", "outcome"].forEach(function (scale) {
      var checked = article.querySelector('input[data-field="' + scale + '"]:checked');
      values[scale] = checked && checked.value !== "" ? parseInt(checked.value, 10) : null;
    });
    var na = article.querySelector('input[data-field="not_applicable"]');
    if (na) { values.not_applicable = na.checked; }
    TEXT_FIELDS.forEach(function (name) {
      var input = article.querySelector('[data-field="' + name + '"]');
      if (input) { values[name] = input.value; }
    });
    return values;
  }

  function writeValues(article, values) {
    ["compliance", "outcome"].forEach(function (scale) {
      var wanted = values[scale] === null || values[scale] === undefined ? "" : String(values[scale]);
      article.querySelectorAll('input[data-field="' + scale + '"]').forEach(function (radio) {
        radio.checked = radio.value === wanted;
      });
    });
    var na = article.querySelector('input[data-field="not_applicable"]');
    if (na) { na.checked = Boolean(values.not_applicable); }
    TEXT_FIELDS.forEach(function (name) {
      var input = article.querySelector('[data-field="' + name + '"]');
      if (input && values[name] !== undefined) { input.value = values[name] || ""; }
    });
    showJustification(article, false);
  }

  function clearInvalid(article) {
    article.querySelectorAll('[aria-invalid="true"]').forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function markInvalid(article, field) {
    article.querySelectorAll('[data-field="' + field + '"]').forEach(function (node) {
      node.setAttribute("aria-invalid", "true");
    });
  }

  /* Progress is counted on the page: a save answers with the item's new status, and the
   * bars move by the difference from its status before. */
  function progressLabel(done, started, total) {
    return started
      ? t("%(done)s of %(total)s answered, %(started)s started", { done: done, total: total, started: started })
      : t("%(done)s of %(total)s answered", { done: done, total: total });
  }

  function updateProgress(before, after) {
    if (before === after) { return; }
    var clause = form.getAttribute("data-clause");
    var doneStep = (after === "done") - (before === "done");
    var startedStep = (after === "started") - (before === "started");
    ["overall", "clause-" + clause].forEach(function (key) {
      document.querySelectorAll('[data-progress="' + key + '"]').forEach(function (box) {
        var done = parseInt(box.getAttribute("data-done"), 10) + doneStep;
        var started = parseInt(box.getAttribute("data-started"), 10) + startedStep;
        var total = parseInt(box.getAttribute("data-total"), 10);
        box.setAttribute("data-done", done);
        box.setAttribute("data-started", started);
        var bar = box.querySelector("progress");
        var label = box.querySelector('[data-role="progress-label"]');
        if (bar) { bar.value = done; bar.textContent = (total ? Math.round(100 * done / total) : 0) + "%"; }
        if (label) { label.textContent = progressLabel(done, started, total); }
        if (key !== "overall") {
          var count = document.querySelector('[data-progress-count="' + clause + '"]');
          if (count) { count.textContent = done + "/" + total; }
        }
      });
    });
  }

  function statusOf(article) {
    var found = ["done", "started", "empty"].filter(function (status) {
      return article.classList.contains("item-" + status);
    });
    return found.length ? found[0] : "empty";
  }

  function showStatus(article, status) {
    updateProgress(statusOf(article), status);
    updateStatus(article, status);
  }

  function updateStatus(article, status) {
    article.classList.remove("item-done", "item-started", "item-empty");
    article.classList.add("item-" + status);
    var badge = article.querySelector('[data-role="item-status"]');
    var words = { done: t("Answered"), started: t("Started"), empty: t("Not answered") };
    if (badge) { badge.textContent = words[status] || status; }
  }

  /* Whether a carried answer is still to confirm: the status in words, and the button. */
  function showConfirmState(article, toConfirm) {
    var badge = article.querySelector('[data-role="confirm-status"]');
    if (!badge || toConfirm === undefined) { return; }
    badge.textContent = toConfirm ? t("To confirm") : t("Confirmed");
    badge.classList.toggle("to-confirm", Boolean(toConfirm));
    if (!toConfirm) {  /* nothing left to confirm: the button and its hint go */
      var button = article.querySelector('[data-role="confirm"]');
      var hadFocus = button && document.activeElement === button;
      ["confirm", "confirm-hint"].forEach(function (role) {
        var node = article.querySelector('[data-role="' + role + '"]');
        if (node) { node = node.closest(".actions") || node; node.parentNode.removeChild(node); }
      });
      if (hadFocus) { badge.setAttribute("tabindex", "-1"); badge.focus(); }
    }
  }

  function historyItem(entry) {
    var li = el("li");
    li.appendChild(el("p", "who", entry.action === "create"
      ? t("%(actor)s, %(at)s (first answer)", { actor: entry.actor, at: entry.at })
      : t("%(actor)s, %(at)s", { actor: entry.actor, at: entry.at })));
    if (entry.changes.length) {
      var changes = el("ul", "changes");
      entry.changes.forEach(function (change) {
        var row = el("li");
        row.appendChild(el("span", "field", change.field + ":"));
        row.appendChild(document.createTextNode(" "));
        row.appendChild(el("span", "before", change.before));
        row.appendChild(document.createTextNode(" \u2192 "));
        row.appendChild(el("span", "after", change.after));
        changes.appendChild(row);
      });
      li.appendChild(changes);
    }
    return li;
  }

  function historyList(article) {
    var box = article.querySelector("details.history");
    if (!box) { return null; }
    var list = box.querySelector("ol");
    if (!list) {
      var empty = box.querySelector("p.empty");
      if (empty) { box.removeChild(empty); }
      list = el("ol");
      box.appendChild(list);
    }
    return list;
  }

  function countHistory(article, list) {
    article.querySelector("details.history summary").textContent =
      t("Change history (%(count)s)", { count: list.children.length });
  }

  /* A save that went through means nobody changed the item since the page last had its
   * history, so the list on the page plus the change just saved is the whole history. */
  function addHistory(article, entry) {
    var list = entry ? historyList(article) : null;
    if (!list) { return; }
    list.insertBefore(historyItem(entry), list.firstChild);
    countHistory(article, list);
  }

  /* A conflict means someone else changed the item: the answer carries its whole history. */
  function replaceHistory(article, entries) {
    var list = entries ? historyList(article) : null;
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    entries.forEach(function (entry) { list.appendChild(historyItem(entry)); });
    countHistory(article, list);
  }

  function removeConflict(article) {
    var panel = article.querySelector(".conflict");
    if (panel) { panel.parentNode.removeChild(panel); }
    article._conflict = null;
  }

  function showConflict(article, data) {
    removeConflict(article);
    article._conflict = data;
    var panel = el("div", "conflict");
    panel.setAttribute("role", "alert");
    panel.appendChild(el("h4", null, t("Not saved: %(name)s changed this item after you opened it", { name: data.changed_by })));
    panel.appendChild(el("p", null, t("Your answer is still in the fields. Choose which version to keep.")));
    var wrap = el("div", "table-wrap");
    var table = el("table");
    var head = el("thead");
    var headRow = el("tr");
    [t("Field"), t("Theirs (saved)"), t("Yours (not saved)")].forEach(function (text) {
      var th = el("th", null, text);
      th.setAttribute("scope", "col");
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody");
    (data.fields || []).forEach(function (row) {
      var tr = el("tr");
      var th = el("th", null, row.label);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      tr.appendChild(el("td", "text", row.theirs));
      tr.appendChild(el("td", "text", row.yours));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    panel.appendChild(wrap);
    var actions = el("p", "actions");
    var keep = el("button", "secondary", t("Keep theirs"));
    keep.type = "button";
    keep.addEventListener("click", function () {
      writeValues(article, data.theirs);
      showStatus(article, data.status);
      hidden(article, "version").value = data.current_version;
      hidden(article, "fingerprint").value = data.fingerprint;
      removeConflict(article);
      clearInvalid(article);
      setState(article, "saved", t("Showing %(name)s's answer; yours was discarded.", { name: data.changed_by }));
      var first = article.querySelector("input[data-field]:not([type=hidden]), textarea");
      if (first) { first.focus(); }
    });
    var overwrite = el("button", null, t("Overwrite with mine"));
    overwrite.type = "button";
    overwrite.addEventListener("click", function () {
      hidden(article, "version").value = data.current_version;
      removeConflict(article);
      save(article);
    });
    actions.appendChild(keep);
    actions.appendChild(overwrite);
    panel.appendChild(actions);
    /* Right below the status line of the control that was changed. */
    var slot = stateSlot(article, article._field);
    if (slot) { slot.parentNode.insertBefore(panel, slot.nextSibling); }
    else { article.appendChild(panel); }
    keep.focus();
  }

  function failed(article, message) {
    setState(article, "error", t("Not saved: %(reason)s", { reason: message }));
  }

  /* The server's messages start with the same words; the reason alone goes after them. */
  function reasonOnly(message) {
    var prefix = t("Not saved: %(reason)s", { reason: "" });
    return message.indexOf(prefix) === 0 ? message.slice(prefix.length) : message;
  }

  function handle(article, response, data) {
    if (response.status === 200 && data && data.ok) {
      hidden(article, "version").value = data.version;
      hidden(article, "fingerprint").value = data.fingerprint;
      clearInvalid(article);
      showStatus(article, data.status);
      showConfirmState(article, data.to_confirm);
      if (data.history) {  /* someone else had saved the same values: their entry too */
        replaceHistory(article, data.history);
      } else {
        addHistory(article, data.history_entry);
      }
      setState(article, "saved", t("Saved %(time)s", { time: clockTime() }));
      return true;
    }
    if (response.status === 409 && data && data.error === "conflict") {
      replaceHistory(article, data.history);
      showConflict(article, data);
      failed(article, t("%(name)s changed this item meanwhile; choose a version below.", { name: data.changed_by }));
      return false;
    }
    if (data && data.message) {
      clearInvalid(article);
      if (data.field) { markInvalid(article, data.field); }
      if (data.field && stateSlot(article, data.field)) { article._field = data.field; }
      failed(article, reasonOnly(data.message));
      return false;
    }
    if (response.status === 403) { failed(article, t("you may not change answers here.")); }
    else if (response.redirected || response.status === 401) { failed(article, t("you are logged out; log in again in another tab, then change the answer again.")); }
    else { failed(article, t("the server answered with an error (%(status)s). Try again, or use the save button at the end of the page.", { status: response.status })); }
    return false;
  }

  /* Not applicable: the justification field sits right after the box. It shows (focused)
   * when the box is ticked; the tick is saved once a justification is written, and the
   * field is flagged only when it is left empty. */
  function naBox(article) {
    return article.querySelector('input[data-field="not_applicable"]');
  }

  function justificationInput(article) {
    return article.querySelector('[data-field="justification"]');
  }

  /* True when the box is ticked and no justification is written yet: nothing to save. */
  function awaitingJustification(article) {
    var na = naBox(article);
    var input = justificationInput(article);
    return Boolean(na && na.checked && input && !input.value.trim());
  }

  function showJustification(article, focus) {
    var na = naBox(article);
    var input = justificationInput(article);
    if (!na || !input) { return; }
    var box = input.closest(".row-justification") || input.closest(".field");
    if (box) { box.hidden = !na.checked && !input.value.trim(); }
    if (focus && na.checked) { input.focus(); }
  }

  function save(article, asIs) {
    var job = jobOf(article);
    if (job.timer) { clearTimeout(job.timer); job.timer = null; }
    job.pending = false;
    if (article._conflict) {
      failed(article, t("choose a version in the box below first."));
      return;
    }
    /* asIs: send even a tick without its justification, so the server says what is missing */
    if (!asIs && awaitingJustification(article)) {
      setState(article, "waiting", t("Not saved yet: write the justification, then the answer is saved."), "justification");
      return;
    }
    if (job.busy) { job.again = true; return; }
    if (!job.dirty) { unsaved += 1; job.dirty = true; }
    job.busy = true;
    setState(article, "saving", t("Saving…"));
    var payload = { version: parseInt(hidden(article, "version").value, 10) || 0, values: readValues(article) };
    var finish = function (ok) {
      job.busy = false;
      if (job.again) { job.again = false; save(article); return; }
      if (ok && job.dirty) { job.dirty = false; unsaved -= 1; }
    };
    postJson(article.getAttribute("data-save-url"), payload, function (response, data) {
      finish(handle(article, response, data));
    }).catch(function () {
      failed(article, t("the server could not be reached. Your answer is still on this page; change it again to retry, or use the save button at the end of the page."));
      finish(false);
    });
  }

  /* POST ``payload`` as JSON (with the CSRF token); ``done(response, data)`` gets the
   * parsed body, or null when the answer is not JSON (a proxy's error page). */
  function postJson(url, payload, done) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(payload)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var parse = type.indexOf("application/json") === 0 ? response.json() : Promise.resolve(null);
      return parse.then(function (data) { done(response, data); });
    });
  }

  /* "Confirm as is": the version the page shows, so a change by someone else meanwhile
   * is a conflict like any other. */
  function confirmItem(article, button) {
    var job = jobOf(article);
    if (article._conflict) {
      failed(article, t("choose a version in the box below first."));
      return;
    }
    if (job.timer || job.busy) {
      failed(article, t("wait until your change is saved, then confirm."));
      return;
    }
    article._field = "compliance";
    button.disabled = true;
    setState(article, "saving", t("Confirming…"));
    var payload = { version: parseInt(hidden(article, "version").value, 10) || 0 };
    postJson(button.getAttribute("data-confirm-url"), payload, function (response, data) {
      button.disabled = false;
      if (handle(article, response, data)) {
        setState(article, "saved", t("Confirmed %(time)s", { time: clockTime() }));
      }
    }).catch(function () {
      button.disabled = false;
      failed(article, t("the server could not be reached. Try again, or use the save button at the end of the page."));
    });
  }

  /* A rating chosen from the keyboard waits until focus leaves the item, or a pause. */
  function saveLater(article) {
    var job = jobOf(article);
    if (job.timer) { clearTimeout(job.timer); }
    job.timer = setTimeout(function () { save(article); }, KEYBOARD_DELAY);
    if (!job.pending) {
      job.pending = true;
      setState(article, "waiting", t("Not saved yet: saved when you leave this item."));
    }
  }

  /* Saves now whatever waits for a pause (typing or a keyboard rating). */
  function flush(article) {
    var job = article._job;
    if (job && job.timer) { save(article); }
  }

  function ratingInput(article, scale) {
    return article.querySelector('input[data-field="' + scale + '"]:checked') ||
      article.querySelector('input[data-field="' + scale + '"]');
  }

  function items() {
    return Array.prototype.slice.call(form.querySelectorAll("article[data-item]"));
  }

  /* Enter: from compliance to outcome, from outcome (or not applicable, or the owner) to
   * the next item's compliance; after the last item, to the next clause. */
  function moveOn(article, field) {
    var target = null;
    if (field === "compliance") { target = ratingInput(article, "outcome"); }
    if (!target) {
      var list = items();
      var next = list[list.indexOf(article) + 1];
      target = next ? ratingInput(next, "compliance") : document.querySelector('.pager a[rel="next"]');
    }
    if (target) { target.focus(); }
  }

  function choose(article, scale, value) {
    var radio = article.querySelector('input[data-field="' + scale + '"][value="' + value + '"]');
    if (!radio || radio.checked) { return; }
    radio.checked = true;
    radio.focus();
    article._field = scale;
    saveLater(article);
  }

  function onKey(article, event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || !target.getAttribute) { return; }
    var field = target.getAttribute("data-field");
    var rating = target.type === "radio" && RATINGS.indexOf(field) >= 0;
    var key = (event.key || "").toLowerCase();  /* key names, not text */
    if (rating && /^[0-4]$/.test(key)) {
      event.preventDefault();
      choose(article, field, key);
    } else if (rating && (key === "delete" || key === "backspace")) {
      event.preventDefault();
      choose(article, field, "");
    } else if ((rating || field === "not_applicable") && key === "n") {
      var na = naBox(article);
      if (!na) { return; }
      event.preventDefault();
      na.checked = !na.checked;
      na.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (key === "enter" && !event.shiftKey && target.tagName === "INPUT" &&
               (rating || target.type === "checkbox" || target.type === "text")) {
      event.preventDefault();  /* never posts the whole page from a field */
      moveOn(article, field);
    }
  }

  items().forEach(function (article) {
    showJustification(article, false);
    var confirmButton = article.querySelector('button[data-role="confirm"]');
    if (confirmButton) {
      confirmButton.addEventListener("click", function (event) {
        event.preventDefault();
        confirmItem(article, confirmButton);
      });
    }
    article.addEventListener("pointerdown", function () { article._pointer = true; });
    article.addEventListener("keydown", function (event) {
      article._pointer = false;
      onKey(article, event);
    });
    article.addEventListener("change", function (event) {
      var field = event.target.getAttribute("data-field");
      if (!field) { return; }
      article._field = field;
      if (event.target === naBox(article)) { showJustification(article, true); }
      if (RATINGS.indexOf(field) >= 0 && !article._pointer) { saveLater(article); }
      else { save(article); }
    });
    article.addEventListener("focusout", function (event) {
      if (event.target === justificationInput(article) && awaitingJustification(article)) {
        /* back to the box (to untick it) is not leaving the justification empty */
        if (event.relatedTarget !== naBox(article)) { save(article, true); }
        return;
      }
      if (!event.relatedTarget || !article.contains(event.relatedTarget)) { flush(article); }
    });
    article.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA" && event.target.type !== "text") { return; }
      if (!event.target.getAttribute("data-field")) { return; }  /* a review comment */
      var job = jobOf(article);
      article._field = event.target.getAttribute("data-field") || article._field;
      if (job.timer) { clearTimeout(job.timer); }
      job.timer = setTimeout(function () { save(article); }, TYPING_DELAY);
      setState(article, "saving", t("Changes not saved yet…"));
    });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { items().forEach(flush); }
  });

  form.classList.add("autosaving");
  var submitting = false;
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (submitting) { return; }
    var waiting = Array.prototype.some.call(form.querySelectorAll("article[data-item]"), function (article) {
      var job = article._job;
      return (job && (job.timer || job.busy)) || awaitingJustification(article);
    });
    if (waiting || unsaved > 0) { event.preventDefault(); event.returnValue = ""; }
  });
}());
