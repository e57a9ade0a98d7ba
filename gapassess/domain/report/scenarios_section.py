"""The scenarios chapter: the what-ifs side by side with the current plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapassess.domain.report.document import new_section
from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.wording.scenario_text import comparison_rows, late_names
from gapassess.i18n import _

if TYPE_CHECKING:
    from gapassess.domain.engine.scenarios import ScenarioOutcome
    from gapassess.domain.report.context import ReportContext

#: Late actions named per scenario under the table.
NAMED_LATE = 6


def scenarios_chapter(ctx: ReportContext, outcomes: Sequence[ScenarioOutcome]) -> None:
    """Nothing without scenarios (``outcomes`` holds the current plan first)."""
    if len(outcomes) < 2:
        return
    new_section(ctx.document, landscape=False)
    ctx.chapter(_("Scenarios"), new_page=False)
    ctx.para(_(
        "The same answers planned again with another capacity, another target audit date or "
        "outcome work left until after the audit. Each column is a full plan made with the "
        "same rules as the roadmap; the plan is feasible when the conformity work and both "
        "milestones end in time before the target."))
    headers = [_("Plan"), *[o.label for o in outcomes]]
    rows = [[Strong(aspect), *cells] for _key, aspect, cells in comparison_rows(outcomes)]
    first = 3.2
    add_table(ctx.document, headers, rows,
              widths=(first, *[(16 - first) / len(outcomes)] * len(outcomes)),
              total_width=ctx.width())
    for outcome in outcomes:
        if outcome.late:
            ctx.bullet(_("Due after the target audit: %(names)s.",
                         names=late_names(outcome.late, NAMED_LATE)), label=outcome.label)
