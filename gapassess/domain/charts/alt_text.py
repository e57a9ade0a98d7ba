"""Alternative text for each chart: what it shows and what it says, in a few sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapassess.domain.charts import data
from gapassess.i18n import _, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import AssessmentResult, ClauseResult


def _whole(value: float) -> str:
    return f"{value:.0f}"


def _tenths(value: float) -> str:
    return f"{value:.1f}"


def _long_day(value: dt.date) -> str:
    return f"{value:%d %B %Y}"


def _score(value: float | None) -> str:
    return _("not rated") if value is None else f"{value:.0f}"


def _list(values: Sequence[str]) -> str:
    return ", ".join(values)


def _extremes(rows: Sequence[ClauseResult], attr: str) -> str:
    rated = [r for r in rows if getattr(r, attr) is not None]
    if not rated:
        return _("no clause is rated")
    low = min(rated, key=lambda r: getattr(r, attr))
    high = max(rated, key=lambda r: getattr(r, attr))
    # TRANSLATORS: completes "Compliance ranges ..." and "outcome ranges ..."; low and high
    # are scores (0-100), low_clause and high_clause clause numbers.
    return _("from %(low)s in clause %(low_clause)s to %(high)s in clause %(high_clause)s",
             low=_whole(getattr(low, attr)), low_clause=low.clause,
             high=_whole(getattr(high, attr)), high_clause=high.clause)


def clause_profile_alt(result: AssessmentResult) -> str:
    rows = data.top_clauses(result)
    if not rows:
        return _("Bar chart of clause scores; no clause has been answered yet.")
    c_limit, o_limit = data.threshold_scores(result)
    below = [r.clause for r in rows
             if r.compliance_score is not None and r.compliance_score < c_limit]
    values = "; ".join(
        _("clause %(clause)s: compliance %(compliance)s, outcome %(outcome)s",
          clause=r.clause, compliance=_score(r.compliance_score),
          outcome=_score(r.outcome_score)) for r in rows
    )
    parts = [
        _("Bar chart of compliance and outcome scores (0-100) for clauses %(first)s to "
          "%(last)s. Compliance ranges %(compliance_range)s; outcome ranges "
          "%(outcome_range)s. Dashed lines mark the thresholds (%(compliance_limit)s for "
          "compliance, %(outcome_limit)s for outcome).",
          first=rows[0].clause, last=rows[-1].clause,
          compliance_range=_extremes(rows, "compliance_score"),
          outcome_range=_extremes(rows, "outcome_score"),
          compliance_limit=_whole(c_limit), outcome_limit=_whole(o_limit)),
        _("Clauses below the compliance threshold: %(clauses)s.", clauses=_list(below))
        if below else _("Every rated clause meets the compliance threshold."),
        _("Values: %(values)s.", values=values),
    ]
    return " ".join(parts)


def _quadrant_count(kind: str, count: int) -> str:
    # TRANSLATORS: the number of items in one quadrant of the item map.
    if kind == "outcome-driven":
        return ngettext("%(num)d outcome-driven", "%(num)d outcome-driven", count)
    if kind == "compliance-only":
        return ngettext("%(num)d compliance-only", "%(num)d compliance-only", count)
    if kind == "informal":
        return ngettext("%(num)d informal", "%(num)d informal", count)
    return ngettext("%(num)d gap", "%(num)d gap", count)


def item_map_alt(result: AssessmentResult) -> str:
    points = data.item_points(result)
    if not points:
        return _("Scatter chart of items by compliance and outcome level; nothing answered yet.")
    counts = data.quadrant_counts(result)
    changed = sum(p.changed for p in points)
    parts = _list([_quadrant_count(k, counts.get(k, 0)) for k in
                   ("outcome-driven", "compliance-only", "informal", "gap")])
    placing = ngettext(
        "Scatter chart placing %(num)d answered item by compliance level (horizontal, 0-4) "
        "and outcome level (vertical, 0-4), divided at the thresholds into four quadrants: "
        "%(quadrants)s.",
        "Scatter chart placing %(num)d answered items by compliance level (horizontal, 0-4) "
        "and outcome level (vertical, 0-4), divided at the thresholds into four quadrants: "
        "%(quadrants)s.",
        len(points), quadrants=parts)
    drawn = ngettext(
        "%(num)d item changed in the 2026 edition is drawn as a filled triangle,",
        "%(num)d items changed in the 2026 edition are drawn as filled triangles,",
        changed)
    unchanged = ngettext("the %(num)d unchanged item as an open circle.",
                         "the %(num)d unchanged items as open circles.",
                         len(points) - changed)
    # TRANSLATORS: the sentence of the item map's alternative text, in three parts: the
    # chart, the changed items (triangles), the unchanged ones (circles).
    return _("%(placing)s %(changed)s %(unchanged)s", placing=placing, changed=drawn,
             unchanged=unchanged)


def heatmap_alt(result: AssessmentResult) -> str:
    rows = data.subclauses(result)
    if not rows:
        return _("Heatmap of sub-clause scores; no sub-clause has been answered yet.")
    rated = [(r.compliance_score, r.clause) for r in rows if r.compliance_score is not None]
    weakest = sorted(rated, key=lambda pair: pair[0])[:3]
    weak = _list([_("%(clause)s (%(score)s)", clause=clause, score=_whole(score))
                  for score, clause in weakest])
    unrated = [r.clause for r in rows if r.compliance_score is None]
    parts = [ngettext(
        "Heatmap of %(num)d sub-clause (rows) by compliance and outcome score (columns, "
        "0-100, darker is lower, each value written in its cell).",
        "Heatmap of %(num)d sub-clauses (rows) by compliance and outcome score (columns, "
        "0-100, darker is lower, each value written in its cell).", len(rows))]
    if weak:
        parts.append(_("Lowest compliance: %(clauses)s.", clauses=weak))
    if unrated:
        parts.append(_("Not rated: %(clauses)s.", clauses=_list(unrated)))
    return " ".join(parts)


def _kind_counts(kinds: dict[str, int]) -> str:
    return _list([
        ngettext("%(num)d conformity action", "%(num)d conformity actions", kinds["conformity"]),
        ngettext("%(num)d outcome action", "%(num)d outcome actions", kinds["outcome"]),
        ngettext("%(num)d milestone", "%(num)d milestones", kinds["milestone"]),
    ])


def gantt_alt(result: AssessmentResult) -> str:
    roadmap = result.roadmap
    actions = roadmap.actions
    if not actions:
        return _("Gantt chart of the roadmap; there are no actions.")
    first = min(a.start for a in actions)
    last = max(a.due for a in actions)
    phases = "; ".join(
        _("%(phase)s %(start)s to %(end)s", phase=p.name, start=data.day(p.start),
          end=data.day(p.end)) for p in roadmap.phases)
    kinds = {k: sum(a.kind == k for a in actions) for k in ("conformity", "outcome", "milestone")}
    parts = [ngettext(
        "Gantt chart of %(num)d roadmap entry (%(kinds)s) from %(first)s to %(last)s. "
        "Phases: %(phases)s.",
        "Gantt chart of %(num)d roadmap entries (%(kinds)s) from %(first)s to %(last)s. "
        "Phases: %(phases)s.",
        len(actions), kinds=_kind_counts(kinds), first=data.day(first),
        last=data.day(last), phases=phases)]
    if roadmap.target_date:
        parts.append(_("The target audit date, %(date)s, is marked with a dashed line.",
                       date=_long_day(roadmap.target_date)))
    parts.append(
        _("The plan fits before the target date.") if roadmap.feasible else
        _("The plan overruns the target date by about %(months)s months.",
          months=_tenths(roadmap.shortfall_months)))
    return " ".join(parts)


def readiness_by_change_alt(result: AssessmentResult) -> str:
    rows = data.readiness_by_change(result)
    if not rows:
        return _("Bar chart of readiness by kind of 2026 change; nothing answered yet.")
    parts = "; ".join(
        ngettext("%(kind)s (%(num)d item): %(compliance)s%% meet the compliance threshold, "
                 "%(outcome)s%% the outcome threshold",
                 "%(kind)s (%(num)d items): %(compliance)s%% meet the compliance threshold, "
                 "%(outcome)s%% the outcome threshold",
                 r.answered, kind=data.CHANGE_LABELS.get(r.kind, r.kind),
                 compliance=_score(r.conformity_ready), outcome=_score(r.outcome_ready))
        for r in rows
    )
    return _("Horizontal bar chart of readiness by kind of 2026 change. %(kinds)s.",
             kinds=parts)


ALT_TEXT = {
    "clause_profile": clause_profile_alt,
    "item_map": item_map_alt,
    "heatmap": heatmap_alt,
    "gantt": gantt_alt,
    "readiness_by_change": readiness_by_change_alt,
}


def chart_alt_text(kind: str, result: AssessmentResult) -> str:
    """Alternative text for chart ``kind`` (a key of ``CHARTS``) drawn from ``result``."""
    try:
        return ALT_TEXT[kind](result)
    except KeyError:
        raise ValueError(f"Unknown chart {kind!r}; expected one of {', '.join(ALT_TEXT)}") from None


def quadrant_alt(result: AssessmentResult, baseline: AssessmentResult | None = None) -> str:
    """The quadrant picture (charts.quadrant) in words: the corner, the scores, the move."""
    overall = result.overall
    if overall.compliance_score is None or overall.outcome_score is None:
        return _("Quadrant chart of compliance against outcome; not enough items are rated "
                 "on both axes to place the organisation.")
    c_limit, o_limit = data.threshold_scores(result)
    parts = [_(
        "Quadrant chart with the compliance score (0-100) across and the outcome score "
        "(0-100) up, divided at the thresholds (%(c_limit)s and %(o_limit)s) into four "
        "corners: gap at the bottom left, informal at the top left, compliance-only at the "
        "bottom right and outcome-driven at the top right. The organisation scores "
        "%(compliance)s on compliance and %(outcome)s on outcome, in the %(corner)s corner.",
        c_limit=_whole(c_limit), o_limit=_whole(o_limit),
        compliance=_whole(overall.compliance_score), outcome=_whole(overall.outcome_score),
        corner=result.model.class_name(overall.classification).lower())]
    then = baseline.overall if baseline is not None else None
    if then is not None and then.compliance_score is not None \
            and then.outcome_score is not None:
        parts.append(_(
            "An arrow runs from the baseline, %(compliance)s on compliance and %(outcome)s on "
            "outcome (%(corner)s), to today's position.",
            compliance=_whole(then.compliance_score), outcome=_whole(then.outcome_score),
            corner=baseline.model.class_name(then.classification).lower()
            if baseline is not None else ""))
    return " ".join(parts)
