"""Saving a whole clause page posted without JavaScript.

Each item carries the version and the fingerprint of the answer it was loaded with; only
items whose submitted answer differs from that fingerprint are saved, each in its own
transaction, so one refused item never undoes the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gapassess.db import carry, responses
from gapassess.db.answer_store import responses_by_item, save_answer, values_of
from gapassess.db.responses import EditConflict
from gapassess.domain.answers import (
    TEXT_LIMITS,
    AnswerInvalid,
    answer_of,
    answer_problems,
    parse_value,
)
from gapassess.web.assess.answer_input import complete, fingerprint, form_fields, problem_text
from gapassess.web.assess.item_view import ConflictView, conflict_view
from gapassess.web.form_numbers import version_number


@dataclass
class Rejected:
    """An item that was not saved because of its input: what to show again, and why."""

    values: dict[str, Any]
    version: int
    fingerprint: str
    errors: dict[str, str]


@dataclass
class FormOutcome:
    saved: list[str] = field(default_factory=list)
    rejected: dict[str, Rejected] = field(default_factory=dict)
    conflicts: dict[str, ConflictView] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.rejected and not self.conflicts


def _parse(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(parsed values, values to show again, errors by field), checking every field."""
    parsed: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        try:
            parsed[name] = shown[name] = parse_value(name, value)
        except AnswerInvalid as exc:
            errors[name] = exc.message
            shown[name] = value if name in TEXT_LIMITS else None
    return parsed, shown, errors


def save_clause_form(session, assessment, questionnaire, items, form, user) -> FormOutcome:
    outcome = FormOutcome()
    stored = responses_by_item(session, assessment.id)
    overwrite = form.get("overwrite")
    for item in items:
        if item.id == overwrite:
            version = version_number(form.get(f"{item.id}:yours_version"))
            raw = form_fields(form, item, prefix="yours:")
            loaded = None
        else:
            version = version_number(form.get(f"{item.id}:version"))
            raw = form_fields(form, item)
            loaded = form.get(f"{item.id}:fingerprint", "")
        if version is None:
            continue  # not on the submitted page (or a read-only item)
        base = values_of(stored.get(item.id))
        parsed, shown, errors = _parse(raw)
        merged = complete({**base, **parsed})
        if not errors and loaded is not None and fingerprint(merged) == loaded:
            continue  # unchanged since it was loaded
        if not errors:
            for problem in answer_problems(answer_of(item.id, merged), item):
                errors.setdefault(problem.field, problem_text(problem, item))
        if errors:
            outcome.rejected[item.id] = Rejected(
                complete({**base, **shown}), version, loaded or "", errors
            )
            continue
        try:
            save_answer(
                session, assessment, item.id, parsed,
                user=user, expected_version=version, current=stored.get(item.id), item=item,
            )
            session.commit()
            outcome.saved.append(item.id)
        except EditConflict as conflict:
            session.rollback()
            current = responses.get_response(session, assessment.id, item.id)
            outcome.conflicts[item.id] = conflict_view(questionnaire, conflict, current)
    return outcome


def confirm_from_form(session, assessment, questionnaire, items, wanted, form, outcome,
                      user) -> list[str]:
    """Confirm the carried answers of ``wanted`` (ids of ``items``) posted with the clause
    form, each at the version the page showed (``<item id>:version``), after the form's
    own changes were saved; returns the ids confirmed. An item refused or in conflict in
    this post is left as it is; one changed by someone else meanwhile joins
    ``outcome.conflicts``. An item saved in this very post is confirmed at its new version
    (a new rating has confirmed it already)."""
    known = {item.id for item in items}
    done: list[str] = []
    for item_id in wanted:
        if item_id not in known or item_id in outcome.rejected or item_id in outcome.conflicts:
            continue
        expected = None
        if item_id not in outcome.saved:
            expected = version_number(form.get(f"{item_id}:version"))
            if expected is None:
                continue  # not on the submitted page
        try:
            done += carry.confirm(session, assessment, [item_id], user=user,
                                  expected_versions=None if expected is None
                                  else {item_id: expected})
            session.commit()
        except EditConflict as conflict:
            session.rollback()
            current = responses.get_response(session, assessment.id, item_id)
            outcome.conflicts[item_id] = conflict_view(questionnaire, conflict, current)
    return done
