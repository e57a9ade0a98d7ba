"""What a copy or a move would do, as the web preview and the command line show it: the
counts and, per group, one line per item (the rules themselves are in
gapassess.domain.carry, the saving in gapassess.db.carry).

Also which newer versions of its bank an assessment can be moved to (an upgrade file
leads there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gapassess.db.carry import CannotCarry, planned_start
from gapassess.db.models import Assessment
from gapassess.domain.answers import Answer
from gapassess.domain.carry import CarriedAnswer, CarryKind, CarryPlan
from gapassess.i18n import _

#: The groups of a preview, in the order shown.
GROUPS = ("kept", "to_confirm", "warnings", "unanswered", "left_behind")


@dataclass(frozen=True)
class PreviewRow:
    item_id: str
    title: str  # the item's short name ("" when the bank does not have it)
    answer: str  # the rating carried (or left behind), in words
    origin: str  # where it comes from ("" for unanswered items)
    note: str = ""  # the warning, or why it stays behind


@dataclass(frozen=True)
class PreviewGroup:
    key: str  # one of GROUPS
    heading: str
    explanation: str
    rows: tuple[PreviewRow, ...]
    note_heading: str = ""  # the heading of the note column ("" when the group has none)


@dataclass(frozen=True)
class CarryPreview:
    kind: CarryKind
    source: Assessment
    version: str  # the bank version the new assessment will be on
    plan: CarryPlan
    groups: tuple[PreviewGroup, ...]

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(label, number) lines for the summary: the answers carried, then each group as
        the preview lists it (so the numbers and the lists always agree)."""
        return [(_("Answers carried"), len(self.plan.carried)),
                (_("Of them to confirm"), len(self.plan.to_confirm)),
                *((group.heading, len(group.rows)) for group in self.groups)]

    def group(self, key: str) -> PreviewGroup:
        return next(group for group in self.groups if group.key == key)


def describe_answer(answer: Answer) -> str:
    """An answer's rating in a few words: "compliance 3, outcome 2", "not applicable"."""
    if answer.not_applicable:
        return _("not applicable")
    parts = []
    if answer.compliance is not None:
        parts.append(_("compliance %(level)d", level=answer.compliance))
    if answer.outcome is not None:
        parts.append(_("outcome %(level)d", level=answer.outcome))
    return ", ".join(parts) if parts else _("not rated (texts only)")


def _title(bank: Any, item_id: str) -> str:
    try:
        return str(bank.item(item_id).title)
    except KeyError:
        return ""


def _carried_row(bank: Any, carried: CarriedAnswer) -> PreviewRow:
    return PreviewRow(carried.item_id, _title(bank, carried.item_id),
                      describe_answer(carried.answer), carried.carried_from, carried.warning)


def build_preview(session: Session, source: Assessment, *, version: str | None = None,
                  kind: CarryKind = "copy") -> CarryPreview:
    """The preview of starting from ``source`` on ``version`` (default: its own); raises
    CannotCarry, saying why, when there is no way across (a broken upgrade file too)."""
    from gapassess.domain.questionnaire import QuestionnaireError

    version = version or source.questionnaire_version
    try:
        start = planned_start(session, source, version=version, kind=kind)
    except QuestionnaireError as exc:
        raise CannotCarry(_("the upgrade file to version %(version)s cannot be used: "
                            "%(problem)s", version=version, problem=exc)) from None
    plan, new_bank = start.plan, start.new_bank
    old_bank: Any = start.old_bank or new_bank
    warned = [c for c in plan.carried if c.warnings]
    plain = [c for c in plan.to_confirm if not c.warnings]
    kept = [c for c in plan.kept if not c.warnings]
    groups = [
        PreviewGroup("kept", _("Carried over unchanged"), _(
            "Confirmed answers to items that are the same in the new version: they stay "
            "confirmed."), tuple(_carried_row(new_bank, c) for c in kept)),
        PreviewGroup("to_confirm", _("Carried, to confirm"), _(
            "Carried with their evidence, notes and owner; each is marked to confirm until "
            "someone confirms it or rates it again."),
            tuple(_carried_row(new_bank, c) for c in plain)),
        PreviewGroup("warnings", _("Carried with a warning"), _(
            "Carried and to confirm; check each against what the item asks now."),
            tuple(_carried_row(new_bank, c) for c in warned), _("Warning")),
        PreviewGroup("unanswered", _("Items without an answer"), _(
            "Nothing is carried to these items: they start unanswered."),
            tuple(PreviewRow(item_id, _title(new_bank, item_id), "", "")
                  for item_id in plan.unanswered)),
        PreviewGroup("left_behind", _("Earlier answers left behind"), _(
            "These answers have no place in the new assessment; they stay in the earlier "
            "one, unchanged."),
            tuple(PreviewRow(left.source.answer.item_id,
                             _title(old_bank, left.source.answer.item_id),
                             describe_answer(left.source.answer), left.source.origin.label,
                             left.reason)
                  for left in plan.left_behind), _("Reason")),
    ]
    if kind != "move":
        groups = groups[1:]
    return CarryPreview(kind, source, version, plan, tuple(groups))


def move_targets(assessment: Assessment) -> list[str]:
    """The installed versions of the assessment's bank, newer than its own, that an
    upgrade file leads to from its version; newest first."""
    from gapassess.domain.questionnaire import QuestionnaireError, list_questionnaires
    from gapassess.domain.questionnaire.registry import version_key
    from gapassess.domain.questionnaire.upgrade import upgrade_for

    current = version_key(assessment.questionnaire_version)
    newer = sorted({bank.version for bank in list_questionnaires(strict=False)
                    if bank.id == assessment.questionnaire_id
                    and version_key(bank.version) > current}, key=version_key, reverse=True)
    found = []
    for version in newer:
        try:
            if upgrade_for(assessment.questionnaire_id, assessment.questionnaire_version,
                           version) is not None:
                found.append(version)
        except (KeyError, QuestionnaireError):
            continue
    return found


def carried_message(new: Assessment, plan: CarryPlan) -> str:
    """The line said after a copy or move was accepted (web flash, command line)."""
    if new.origin_kind == "move":
        return _("Moved to bank version %(version)s as “%(title)s”: %(carried)d answers "
                 "carried, %(to_confirm)d of them to confirm; %(left)d left behind in the "
                 "earlier assessment.", version=new.questionnaire_version, title=new.title,
                 carried=len(plan.carried), to_confirm=len(plan.to_confirm),
                 left=len(plan.left_behind))
    return _("Assessment “%(title)s” started from an earlier one: %(carried)d answers "
             "carried, %(to_confirm)d of them to confirm.", title=new.title,
             carried=len(plan.carried), to_confirm=len(plan.to_confirm))
