"""Apply answers read from a filled-in workbook to an assessment, audited answer by answer.

The file has already been checked as a whole (``gapassess.domain.answers_file.read_answers``);
this only writes what differs from what is stored. A row that names an item but holds no
rating and no text is "not answered in the file" and leaves the stored answer alone, so an
old workbook cannot wipe answers given online since it was downloaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gapassess.db import responses
from gapassess.db.answer_store import responses_by_item
from gapassess.db.models import Assessment, User
from gapassess.domain.answers import Answer, ItemRule


@dataclass(frozen=True)
class ImportSummary:
    changed: int
    unchanged: int
    blank: int


def import_answers(
    session: Session,
    assessment: Assessment,
    answers: list[Answer],
    *,
    user: User | None,
    items: Mapping[str, ItemRule] | None = None,
) -> ImportSummary:
    """Save every answer that differs from the stored one; the caller commits.

    ``items``: the bank's items by id (the service looks them up when not given).
    """
    stored = responses_by_item(session, assessment.id)
    changed = unchanged = blank = 0
    for answer in answers:
        if answer.is_blank:
            blank += 1
            continue
        values = answer.values()
        current = stored.get(answer.item_id)
        if current is not None and all(getattr(current, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        responses.save_response(
            session, assessment, answer.item_id, values, user=user, actor=_actor(user),
            current=current,
            item=responses.NOT_LOADED if items is None else items.get(answer.item_id),
        )
        changed += 1
    return ImportSummary(changed=changed, unchanged=unchanged, blank=blank)


def _actor(user: User | None) -> str:
    name = user.name if user else "system"
    return f"{name} (workbook upload)"  # i18n: not shown (stored in the audit log as written)
