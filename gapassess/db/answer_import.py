"""Apply answers read from a filled-in workbook to an assessment, audited answer by answer.

The file has already been checked as a whole (``gapassess.domain.answers.read_answers``);
this only writes what differs from what is stored. A row that names an item but holds no
rating and no text is "not answered in the file" and leaves the stored answer alone, so an
old workbook cannot wipe answers given online since it was downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gapassess.db import responses
from gapassess.db.answer_store import responses_by_item
from gapassess.db.models import Assessment, User
from gapassess.domain.answers import Answer

FIELDS = responses.RESPONSE_FIELDS


@dataclass(frozen=True)
class ImportSummary:
    changed: int
    unchanged: int
    blank: int


def answer_values(answer: Answer) -> dict[str, Any]:
    return {name: getattr(answer, name) for name in FIELDS}


def is_blank(answer: Answer) -> bool:
    return (
        answer.compliance is None
        and answer.outcome is None
        and not answer.not_applicable
        and not any((answer.justification, answer.evidence, answer.notes, answer.owner))
    )


def import_answers(
    session: Session, assessment: Assessment, answers: list[Answer], *, user: User | None
) -> ImportSummary:
    """Save every answer that differs from the stored one; the caller commits."""
    stored = responses_by_item(session, assessment.id)
    changed = unchanged = blank = 0
    for answer in answers:
        if is_blank(answer):
            blank += 1
            continue
        values = answer_values(answer)
        current = stored.get(answer.item_id)
        if current is not None and all(getattr(current, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        responses.save_response(
            session, assessment, answer.item_id, values, user=user, actor=_actor(user),
            current=current,
        )
        changed += 1
    return ImportSummary(changed=changed, unchanged=unchanged, blank=blank)


def _actor(user: User | None) -> str:
    name = user.name if user else "system"
    return f"{name} (workbook upload)"
