"""The JSON autosave protocol for one item.

Request: ``{"version": <int, 0 when never saved>, "values": {<field>: <value>, ...}}``.
Answers: 200 ``{"ok": true, "version", "fingerprint", "status", "saved_at", "to_confirm",
"history_entry"}`` (``to_confirm``: a carried answer still waits to be confirmed; a new
rating confirms it). The page moves its progress bars by the change of ``status``, and adds
``history_entry``, the change just recorded (null when the values were already stored), to
the item's history: a save that wrote means nobody else changed the item since the page
last had its history, so the page's list stays complete. When someone else had already
saved the very same values (no conflict, nothing written), the answer carries ``history``,
the whole list, instead, as a conflict does.
400 ``{"error": "invalid", "field", "message"}``.
409 the conflict payload with both versions (see ``ConflictView.to_dict``) plus ``status``
(of their answer) and ``history``, the item's whole change history, which the page shows
instead of its own list (that lacks the other person's change).
403 ``{"error": "final"}`` when the assessment is final.
"""

from __future__ import annotations

from typing import Any

from gapassess.db import carry, responses
from gapassess.db.answer_store import item_histories, save_answer, values_of
from gapassess.db.responses import EditConflict
from gapassess.domain.answers import AnswerInvalid, answer_of, check_answer, parse_values
from gapassess.i18n import _
from gapassess.web.assess.answer_input import fingerprint, labelled
from gapassess.web.assess.item_view import conflict_view, history_as_json, history_entries
from gapassess.web.services.progress import item_status


def invalid(field: str, message: str) -> tuple[int, dict[str, Any]]:
    return 400, {"error": "invalid", "field": field, "message": message}


def final() -> tuple[int, dict[str, Any]]:
    return 403, {
        "error": "final",
        "message": _(
            "This assessment is final, so answers cannot be changed. "
            "A consultant can reopen it."
        ),
    }


def autosave(session, assessment, questionnaire, item, payload: dict,
             user) -> tuple[int, dict]:
    """Save one item from a JSON object (read by gapassess.web.json_body); returns (HTTP
    status, JSON body)."""
    if assessment.read_only:
        return final()
    version = _version(payload)
    if version is None:
        return _bad_version()
    raw = payload.get("values")
    if not isinstance(raw, dict) or not raw:
        return invalid("values", _("Values: send at least one answer field."))
    try:
        values = parse_values(raw)
        current = responses.get_response(session, assessment.id, item.id)
        check_answer(answer_of(item.id, {**values_of(current), **values}), item)
    except AnswerInvalid as exc:
        return invalid(exc.field, labelled(exc.problems[0], item))
    try:
        response, event = save_answer(
            session,
            assessment,
            item.id,
            values,
            user=user,
            expected_version=version,
            current=current,
            item=item,
        )
        session.commit()
    except EditConflict as conflict:
        return _conflict(session, questionnaire, assessment, item, conflict)
    saved = values_of(response)
    body = {
        "ok": True,
        "item_id": item.id,
        "version": response.version,
        "fingerprint": fingerprint(saved),
        "status": item_status(item, saved),
        "saved_at": response.updated_at.isoformat() + "Z",
        "to_confirm": bool(response.to_confirm),
        "history_entry": (
            history_as_json(history_entries(questionnaire, [event]))[0] if event else None
        ),
    }
    if event is None and response.version != version:  # their save, with the same values
        body["history"] = _whole_history(session, questionnaire, assessment, item)
    return 200, body


def _version(payload: dict) -> int | None:
    """The version the page loaded the item at, or None when it is not a whole number."""
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        return None
    return version


def _bad_version() -> tuple[int, dict]:
    return invalid("version", _("Version: must be the whole number the item was loaded at."))


def _conflict(session, questionnaire, assessment, item, conflict: EditConflict
              ) -> tuple[int, dict]:
    """The 409 answer to a save or a confirmation someone else's change got ahead of."""
    session.rollback()
    current = responses.get_response(session, assessment.id, item.id)
    body = conflict_view(questionnaire, conflict, current).to_dict()
    body["status"] = item_status(item, values_of(current))  # theirs, for "Keep theirs"
    body["to_confirm"] = bool(current is not None and current.to_confirm)
    # Someone else's change is not in the page's list: send the whole history (rare).
    body["history"] = _whole_history(session, questionnaire, assessment, item)
    return 409, body


def _whole_history(session, questionnaire, assessment, item) -> list[dict[str, Any]]:
    events = item_histories(session, assessment.id, [item.id])[item.id]
    return history_as_json(history_entries(questionnaire, events))


def confirm_item(session, assessment, questionnaire, item, payload: dict,
                 user) -> tuple[int, dict]:
    """Confirm one carried answer as it is, from ``{"version": <int>}`` (the version the
    page shows; a later change by someone else is a conflict, as for a save). Answers 200
    ``{"ok": true, "item_id", "version", "fingerprint", "to_confirm": false, "confirmed",
    "history_entry"}`` (``confirmed`` false: it was not to confirm), 400, 403 or 409 as
    ``autosave``."""
    if assessment.read_only:
        return final()
    version = _version(payload)
    if version is None:
        return _bad_version()
    try:
        event = carry.confirm_one(session, assessment, item.id, user=user,
                                  expected_version=version)
        session.commit()
    except EditConflict as conflict:
        return _conflict(session, questionnaire, assessment, item, conflict)
    current = responses.get_response(session, assessment.id, item.id)
    saved = values_of(current)
    entry = history_as_json(history_entries(questionnaire, [event]))[0] if event else None
    done = event is not None
    return 200, {
        "ok": True,
        "item_id": item.id,
        "version": current.version if current is not None else 0,
        "fingerprint": fingerprint(saved),
        "status": item_status(item, saved),
        "to_confirm": bool(current is not None and current.to_confirm),
        "confirmed": bool(done),
        "history_entry": entry,
    }
