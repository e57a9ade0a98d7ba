"""Accepting the import of a 2015 gap sheet: a new assessment on the newest bank holding
the plan the preview showed (gapassess.domain.import2015 reads the sheet; the carry rules
are in gapassess.domain.carry)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gapassess.db.carry import CannotCarry, save_plan
from gapassess.db.models import Assessment, User
from gapassess.db.responses import create_assessment
from gapassess.domain.import2015 import ImportResult
from gapassess.i18n import _

#: The bank a 2015 sheet is carried into (its newest installed version).
TARGET_BANK = "iso9001-2026"  # i18n: not shown (an id)


def target_bank() -> Any:
    from gapassess.domain.questionnaire import get_questionnaire

    return get_questionnaire(TARGET_BANK)


def clause_mapping() -> Any:
    from gapassess.domain.questionnaire import get_mapping

    return get_mapping()


def accept(session: Session, *, organisation_id: int, title: str, result: ImportResult,
           bank: Any, user: User | None = None) -> Assessment:
    """A new assessment of the organisation on ``bank`` with every answer of the plan, each
    to confirm and saying which row it came from. Refused (CannotCarry) while the sheet
    has problems: nothing is saved then."""
    if not result.ok:
        raise CannotCarry(_("the sheet has problems to fix first: nothing was saved"))
    assessment = create_assessment(session, organisation_id=organisation_id,
                                   questionnaire_id=bank.id, questionnaire_version=bank.version,
                                   title=title, user=user)
    assessment.origin_kind = "file"
    session.flush()
    save_plan(session, assessment, result.plan, user=user)
    return assessment
