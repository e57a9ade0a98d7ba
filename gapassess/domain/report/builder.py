"""``build_report``: one function behind the command line, the web download and the tests."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from gapassess.domain.report.appendix import appendix_chapter
from gapassess.domain.report.branding import Branding, apply_colours
from gapassess.domain.report.charts_section import charts_chapter
from gapassess.domain.report.context import GroupVotes, ReportContext, Votes
from gapassess.domain.report.cover import cover
from gapassess.domain.report.fields import fill_toc, set_header_footer
from gapassess.domain.report.findings import findings_chapter
from gapassess.domain.report.leadership_page import leadership_page
from gapassess.domain.report.measures import measures_chapter
from gapassess.domain.report.meta import ReportMeta
from gapassess.domain.report.methodology import about_chapter, methodology_chapter
from gapassess.domain.report.perception import perception_chapter
from gapassess.domain.report.progress_section import progress_chapter
from gapassess.domain.report.roadmap_section import roadmap_chapter
from gapassess.domain.report.scenarios_section import scenarios_chapter
from gapassess.domain.report.summary import executive_summary
from gapassess.domain.report.template import has_bullets, open_template
from gapassess.domain.report.text import clean
from gapassess.domain.report.wording import long_date
from gapassess.i18n import _

if TYPE_CHECKING:
    from docx.document import Document

    from gapassess.domain.answers import Answer
    from gapassess.domain.engine import AssessmentResult
    from gapassess.domain.engine.scenarios import ScenarioOutcome
    from gapassess.domain.questionnaire import Questionnaire

log = logging.getLogger(__name__)


def build_report(result: AssessmentResult, questionnaire: Questionnaire,
                 answers: Iterable[Answer] | Mapping[str, Answer], meta: ReportMeta,
                 template: Path | None = None, votes: Votes | None = None,
                 on_notice: Callable[[str], None] | None = None,
                 baseline: AssessmentResult | None = None,
                 group_votes: GroupVotes | None = None,
                 scenarios: Sequence[ScenarioOutcome] = (),
                 branding: Branding | None = None, appendix: bool = False,
                 to_confirm: Iterable[str] = ()) -> Document:
    """Build the Word report for an assessment and return the python-docx Document.

    ``result`` is the engine's AssessmentResult for ``questionnaire`` and ``answers``
    (a list of Answer or a mapping item id -> Answer). ``template`` is a .docx whose
    styles, page setup, header and footer the report takes (default: the shipped
    reference template). ``votes`` maps item id -> [(name or None, compliance, outcome)]
    and adds the spread of workshop votes to the appendix; ``group_votes`` maps item id ->
    [(group or None, compliance, outcome)] and adds the perception gaps, when there are
    any, after the findings. ``scenarios`` (engine.scenarios.compare: the current plan,
    then each scenario) adds the scenario comparison after the roadmap. ``branding`` puts
    a logo on the cover and paints the title and headings. ``appendix``
    adds the working papers: every roadmap action and every answer with its evidence
    and notes (the leadership report leaves them out). ``result``'s roadmap is shown
    as it stands: apply the roadmap's edits first
    (gapassess.domain.engine.owners.with_chosen_edits). ``on_notice`` receives plain
    messages about the template (for example a style it lacks); they are logged when
    it is None. Raises ReportTemplateError when the template cannot be used.
    ``baseline`` is the result of the assessment this one names as its baseline: the
    report then shows the progress since it (engine.baseline). ``to_confirm``: the ids of
    items whose carried answer is not yet confirmed; the page for leadership says how much
    rests on them and the answers table marks each.
    """
    notice = on_notice or log.warning
    meta = replace(meta, title=meta.title or questionnaire.title)
    document = open_template(template, notice)
    apply_colours(document, branding)
    ctx = ReportContext.create(document, result, questionnaire, answers, meta, votes,
                               bullets=has_bullets(document), group_votes=group_votes,
                               appendix=appendix)
    ctx.branding = branding
    ctx.to_confirm = frozenset(to_confirm)
    _properties(document, meta, questionnaire)
    set_header_footer(
        document.sections[0],
        header_text=" · ".join(part for part in (clean(meta.organisation), clean(meta.title),
                                                   ctx.draft) if part),
        footer_text=long_date(meta.report_date()),
    )
    ctx.baseline = baseline
    toc = cover(ctx)
    leadership_page(ctx)
    executive_summary(ctx)
    figures = charts_chapter(ctx)
    progress_chapter(ctx)
    roadmap_chapter(ctx, figures + 1)
    scenarios_chapter(ctx, scenarios)
    findings_chapter(ctx)
    perception_chapter(ctx)
    measures_chapter(ctx)
    if appendix:
        appendix_chapter(ctx)
    methodology_chapter(ctx)
    about_chapter(ctx)
    fill_toc(document, toc)
    return document


def save_report(document: Document, path: Path | str) -> Path:
    """Write ``document`` to ``path`` (folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def report_bytes(document: Document) -> bytes:
    """The .docx file as bytes (for a web download)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _properties(document: Document, meta: ReportMeta, questionnaire: Questionnaire) -> None:
    props = document.core_properties
    props.title = clean(f"{meta.title}: {meta.organisation}")[:255]
    props.subject = clean(questionnaire.title)[:255]
    props.author = clean(meta.assessor)[:255]
    props.keywords = clean(_("%(standard)s, gap assessment", standard=questionnaire.standard))[:255]
    props.comments = ""
