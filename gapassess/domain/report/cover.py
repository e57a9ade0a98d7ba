"""The cover page and the table of contents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import add_labelled, write_text
from gapassess.domain.report.fields import add_toc
from gapassess.domain.report.wording import disclaimer, long_date

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

    from gapassess.domain.scoring_model import ScoringModel


def cover(ctx: ReportContext) -> Paragraph:
    """Add the cover and the contents page; return the paragraph holding the TOC field."""
    meta, result = ctx.meta, ctx.result
    title = ctx.para(meta.organisation or "Organisation not named", "Title")
    title.paragraph_format.space_before = Pt(110)
    ctx.para(meta.title, "Subtitle")
    details = [
        ("Date", long_date(ctx.today)),
        ("Assessor", meta.assessor or "not named"),
        ("Question bank", f"{ctx.questionnaire.title} (version {ctx.questionnaire.version})"),
        ("Scoring model", _model_name(result.model)),
        ("Items answered",
         f"{result.overall.answered} of {result.overall.applicable} applicable items"),
    ]
    for label, value in details:
        add_labelled(ctx.document, label, value)
    note = ctx.para()
    note.paragraph_format.space_before = Pt(160)
    write_text(note, disclaimer(ctx.standard), italic=True)
    for run in note.runs:
        run.font.size = Pt(8.5)
    contents = ctx.para("Contents", "TOC Heading")
    contents.paragraph_format.page_break_before = True
    return add_toc(ctx.document, "1-2")


def _model_name(model: ScoringModel) -> str:
    title = getattr(model, "title", "") or "default"
    version = getattr(model, "version", "")
    return f"{title} (version {version})" if version else title
