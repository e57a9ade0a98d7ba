"""What to look at again: a page listing the items of an assessment that match one filter
(carried and not yet confirmed, new or expanded in 2026, disputed last time, evidence more
than twelve months old, or all of these: "re-rate only what changed"), each with why it
matched; and the overview's counts. The rules are in ``gapassess.domain.agenda``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, render_template, request

from gapassess.db.answer_store import responses_by_item, values_of
from gapassess.domain import agenda
from gapassess.domain.agenda import (
    CHANGED,
    DISPUTED,
    NEW_IN_EDITION,
    STALE_EVIDENCE,
    TO_CONFIRM,
    ItemStates,
    change_reasons,
)
from gapassess.i18n import _, lazy_gettext
from gapassess.web.access import assessment_access
from gapassess.web.assess import bp
from gapassess.web.assess.item_view import SCALES, display
from gapassess.web.database import get_session
from gapassess.web.services.banks import bank_for
from gapassess.web.services.item_states import item_states

CHANGED_FILTER = "changed"  # i18n: not shown
#: The filters of the page (``?show=``), each with its heading.
FILTERS = {
    CHANGED_FILTER: lazy_gettext("Re-rate only what changed"),
    TO_CONFIRM: lazy_gettext("Carried answers to confirm"),
    NEW_IN_EDITION: lazy_gettext("New or expanded in 2026"),
    DISPUTED: lazy_gettext("Disputed in a workshop last time"),
    STALE_EVIDENCE: lazy_gettext("Evidence more than twelve months old"),
}
REASON_LABELS = {
    NEW_IN_EDITION: lazy_gettext("new or expanded in 2026"),
    TO_CONFIRM: lazy_gettext("carried and not yet confirmed"),
    DISPUTED: lazy_gettext("disputed in a workshop last time"),
    STALE_EVIDENCE: lazy_gettext("evidence more than twelve months old"),
}


@dataclass(frozen=True)
class FilteredItem:
    item: object
    ratings: str
    reasons: list[str]


def matching(bank, states: ItemStates, show: str) -> list[str]:
    """The ids of the items the filter ``show`` takes, in bank order."""
    if show == CHANGED_FILTER:
        return agenda.select_items(bank.items, CHANGED, states)
    return [item.id for item in bank.items if show in change_reasons(item, states)]


def agenda_fields(show: str) -> list[tuple[str, str]]:
    """The workshop selection (step 1's fields) that builds an agenda of the same items."""
    if show == CHANGED_FILTER:
        return [("changed", "y")]
    if show == NEW_IN_EDITION:
        return [("change_kinds", kind) for kind in sorted(agenda.CHANGED_KINDS)]
    return [("statuses", show)]


def _ratings(questionnaire, values) -> str:
    if values.get("not_applicable"):
        return _("Not applicable")
    return "; ".join(_("%(scale)s: %(level)s", scale=questionnaire.scales[scale].title or scale,
                       level=display(questionnaire, scale, values.get(scale)))
                     for scale in SCALES)


def _reason(reason: str, item, row) -> str:
    if reason == NEW_IN_EDITION:
        return str(_("new in 2026") if item.change == "new" else _("expanded in 2026"))
    if reason == STALE_EVIDENCE and row is not None and row.evidence_at is not None:
        return _("evidence last changed %(date)s, more than twelve months ago",
                 date=row.evidence_at.strftime("%d %b %Y"))
    return str(REASON_LABELS[reason])


@bp.route("/assessments/<int:assessment_id>/items")
@assessment_access("viewer")
def items(assessment_id: int):
    show = request.args.get("show", CHANGED_FILTER)
    if show not in FILTERS:
        abort(404)
    assessment = g.assessment
    questionnaire = bank_for(assessment)
    session = get_session()
    stored = responses_by_item(session, assessment.id)
    states = item_states(session, assessment, questionnaire, stored)
    found = {name: matching(questionnaire, states, name) for name in FILTERS}
    rows = []
    for item_id in found[show]:
        item = questionnaire.item(item_id)
        row = stored.get(item_id)
        rows.append(FilteredItem(item, _ratings(questionnaire, values_of(row)),
                                 [_reason(r, item, row) for r in change_reasons(item, states)]))
    counts = {name: len(ids) for name, ids in found.items()}
    return render_template("assess/items.html", assessment=assessment, org=g.org,
                           show=show, filters=FILTERS, counts=counts, rows=rows,
                           agenda_fields=agenda_fields(show))


def recheck_counts(session, assessment, questionnaire, stored=None) -> dict[str, int]:
    """For the overview: how many answers are to confirm, and how many items "re-rate only
    what changed" takes (``stored``: the answers, when the caller has read them)."""
    states = item_states(session, assessment, questionnaire, stored)
    return {TO_CONFIRM: len(states.to_confirm),
            CHANGED_FILTER: len(matching(questionnaire, states, CHANGED_FILTER))}
