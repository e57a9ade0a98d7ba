"""The working papers (only when asked for): Appendix A, every roadmap action; Appendix B,
every answer with its evidence, notes and workshop votes (landscape)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import add_paragraph, new_section
from gapassess.domain.report.roadmap_section import action_table
from gapassess.domain.report.tables import Strong, add_table
from gapassess.domain.report.text import clean, shorten
from gapassess.i18n import _, lazy_gettext, ngettext

if TYPE_CHECKING:
    from gapassess.domain.engine import ItemResult

# header texts, relative widths, one row of cells per item, long texts continued after
AnswerRows = tuple[list[str], list[float], list[list[object]], list[tuple[str, str]]]
# one participant's vote: (name or None, compliance level, outcome level)
Vote = tuple[str | None, int | None, int | None]

CELL_LIMIT = 1500  # longer text is continued after the table, so no row outgrows a page
STATUS_NAMES = {"unanswered": lazy_gettext("Not answered"),
                "not-applicable": lazy_gettext("Not applicable")}


def appendix_chapter(ctx: ReportContext) -> None:
    new_section(ctx.document, landscape=True)
    ctx.chapter(_("Appendix A: All roadmap actions"), new_page=False)
    ctx.para(_("Every action of the roadmap by phase and start, with the owner, status, due "
               "date and notes set on the roadmap."))
    action_table(ctx)
    ctx.chapter(_("Appendix B: All answers"))
    if ctx.carried_summary:
        ctx.para(ctx.carried_summary + " " + _("Each of them is marked “(to confirm)”."))
    ctx.para(
        _("Every answered item of the question bank in order, with the levels given, the "
          "evidence and notes exactly as entered, and the spread of workshop votes.")
        if ctx.votes else
        _("Every answered item of the question bank in order, with the levels given, the "
          "evidence and notes exactly as entered.")
    )
    headers, widths, rows, long_texts = answer_rows(ctx)
    open_items = [item for item in ctx.questionnaire.items if not _shown(ctx, item.id)]
    if rows:
        add_table(ctx.document, headers, rows, widths=widths, total_width=ctx.width())
    if open_items:
        clauses = sorted({item.top_clause for item in open_items}, key=_clause_order)
        ctx.para(ngettext(
            "%(num)d item is not yet answered and is left out (clause %(clauses)s).",
            "%(num)d items are not yet answered and are left out (clauses %(clauses)s).",
            len(open_items), clauses=", ".join(clauses)))
    if long_texts:
        ctx.heading(_("Long entries in full"), 2)
        for number, (label, text) in enumerate(long_texts, start=1):
            add_paragraph(ctx.document, f"[{number}] {label}", bold=True)
            add_paragraph(ctx.document, text)


def answer_rows(ctx: ReportContext) -> AnswerRows:
    headers = [_("Item"), _("Question"), _("Compliance"), _("Outcome"), _("Result"),
               _("Evidence"), _("Notes")]
    widths = [2.6, 4.8, 2.0, 1.9, 1.7, 4.3, 4.3]
    if ctx.votes:
        headers.append(_("Workshop votes"))
        widths = [2.4, 4.2, 2.0, 1.9, 1.6, 3.7, 3.7, 2.6]
    results: dict[str, ItemResult] = {r.item_id: r for r in ctx.result.items}
    c_labels, o_labels = ctx.labels("compliance"), ctx.labels("outcome")
    rows: list[list[object]] = []
    long_texts: list[tuple[str, str]] = []

    def cell(text: str, label: str) -> str:
        text = clean(text)
        short, cut = shorten(text, CELL_LIMIT)
        if not cut:
            return text
        long_texts.append((label, text))
        return _("%(text)s (continued in full as [%(number)s] after this table)", text=short,
                 number=len(long_texts))

    for item in ctx.questionnaire.items:
        if not _shown(ctx, item.id):
            continue
        r = results.get(item.id)
        answer = ctx.answers.get(item.id)
        status = r.status if r else "unanswered"
        name: list[object] = [Strong(item.title), item.id]
        if item.id in ctx.to_confirm:
            # TRANSLATORS: after an item in the answers table: its carried answer is not
            # yet confirmed.
            name.append(_("(to confirm)"))
        owner = getattr(answer, "owner", "") if answer else ""
        notes = getattr(answer, "notes", "") if answer else ""
        if status == "not-applicable":
            why = answer.justification if answer else ""
            notes = _("Not applicable: %(why)s", why=why) + (f"\n{notes}" if notes else "")
        row: list[object] = [
            [*name, _("Owner: %(owner)s", owner=owner)] if owner else name,
            item.question,
            _level(c_labels, r.compliance if r else None),
            _level(o_labels, r.outcome if r else None),
            ctx.class_name(r.classification) if r and r.classification
            else str(STATUS_NAMES.get(status, status)),
            cell(getattr(answer, "evidence", "") if answer else "",
                 _("%(title)s (%(item)s), evidence", title=item.title, item=item.id)),
            cell(notes, _("%(title)s (%(item)s), notes", title=item.title, item=item.id)),
        ]
        if ctx.votes:
            row.append(vote_summary(ctx, ctx.votes.get(item.id, ())))
        rows.append(row)
    return headers, widths, rows, long_texts


def _shown(ctx: ReportContext, item_id: str) -> bool:
    """Whether the answers table has a row for the item: answered, not applicable, rated on
    one axis, or given evidence, notes or an owner. Items nobody touched are only counted,
    so an unanswered clause never fills pages with empty rows."""
    answer = ctx.answers.get(item_id)
    if answer is None:
        return False
    return bool(answer.not_applicable or answer.compliance is not None
                or answer.outcome is not None
                or any(getattr(answer, name, "").strip()
                       for name in ("evidence", "notes", "owner", "justification")))


def _clause_order(clause: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 99 for part in clause.split("."))


def _level(labels: dict[int, str], level: int | None) -> str:
    if level is None:
        return "-"
    return f"{level} {labels.get(level, '')}".strip()


def vote_summary(ctx: ReportContext, votes: Sequence[Vote]) -> list[str]:
    """"C 1-3, O 0-2 (5 votes)", a flag when they disagree, then each vote."""
    if not votes:
        return [_("No votes")]
    c = [v[1] for v in votes if v[1] is not None]
    o = [v[2] for v in votes if v[2] is not None]
    # TRANSLATORS: C and O abbreviate compliance and outcome; the spreads are levels
    # ("1-3" or "2").
    lines = [ngettext("C %(compliance)s, O %(outcome)s (%(num)d vote)",
                      "C %(compliance)s, O %(outcome)s (%(num)d votes)", len(votes),
                      compliance=_spread(c), outcome=_spread(o))]
    if _disagree(ctx, c) or _disagree(ctx, o):
        lines.append(_("Wide spread: worth discussing"))
    for name, comp, outc in votes:
        who = clean(name) if name else _("Anonymous")
        lines.append(_("%(who)s: C %(compliance)s, O %(outcome)s", who=who,
                       compliance="-" if comp is None else comp,
                       outcome="-" if outc is None else outc))
    return lines


def _spread(levels: list[int]) -> str:
    if not levels:
        return "-"
    low, high = min(levels), max(levels)
    return str(low) if low == high else f"{low}-{high}"


def _disagree(ctx: ReportContext, levels: list[int]) -> bool:
    return ctx.model.is_disagreement([*levels])  # a list[int | None] copy for the model
