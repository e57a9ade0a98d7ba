"""The cover page and the table of contents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from gapassess.domain.report import styles
from gapassess.domain.report.branding import add_logo
from gapassess.domain.report.context import ReportContext
from gapassess.domain.report.document import add_labelled, write_text
from gapassess.domain.report.fields import add_toc
from gapassess.domain.report.wording import disclaimer, long_date
from gapassess.i18n import _, ngettext

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

    from gapassess.domain.report.meta import ReviewFacts
    from gapassess.domain.scoring_model import ScoringModel


def cover(ctx: ReportContext) -> Paragraph:
    """Add the cover and the contents page; return the paragraph holding the TOC field."""
    meta, result = ctx.meta, ctx.result
    logo = ctx.branding.logo if ctx.branding else None
    if logo is not None:
        add_logo(ctx.para(), logo, _("Logo"))
    title = ctx.para(meta.organisation or _("Organisation not named"), styles.TITLE)
    title.paragraph_format.space_before = Pt(40 if logo else 110)
    ctx.para(meta.title, styles.SUBTITLE)
    if ctx.draft:
        ctx.para(ctx.draft, styles.SUBTITLE, bold=True)
    details = [
        (_("Date"), long_date(ctx.today)),
        (_("Assessor"), meta.assessor or _("not named")),
        *([(_("Firm"), meta.firm)] if meta.firm else []),
        (_("Question bank"), _("%(title)s (version %(version)s)",
                               title=ctx.questionnaire.title,
                               version=ctx.questionnaire.version)),
        (_("Scoring model"), _model_name(result.model)),
        (_("Items answered"),
         ngettext("%(answered)s of %(num)d applicable item",
                  "%(answered)s of %(num)d applicable items", result.overall.applicable,
                  answered=result.overall.answered)),
    ]
    if meta.review is not None:
        details.append((_("Answers reviewed"), review_sentence(meta.review)))
    for label, value in details:
        add_labelled(ctx.document, label, value)
    if meta.review is not None and meta.review.override_reason:
        add_labelled(ctx.document, _("Finalised before every answer was accepted"),
                     meta.review.override_reason)
    note = ctx.para()
    note.paragraph_format.space_before = Pt(160)
    write_text(note, disclaimer(ctx.standard, ctx.initial), italic=True)
    for run in note.runs:
        run.font.size = Pt(8.5)
    contents = ctx.para(_("Contents"), styles.TOC_HEADING)
    contents.paragraph_format.page_break_before = True
    return add_toc(ctx.document, "1-2")


def review_sentence(review: ReviewFacts) -> str:
    """How many of the answers were reviewed and accepted, as the cover says it."""
    return ngettext("%(reviewed)d of %(num)d answered item reviewed and accepted",
                    "%(reviewed)d of %(num)d answered items reviewed and accepted",
                    review.answered, reviewed=review.reviewed)


def _model_name(model: ScoringModel) -> str:
    # TRANSLATORS: the name of a scoring model that has no title.
    title = getattr(model, "title", "") or _("default")
    version = getattr(model, "version", "")
    return _("%(title)s (version %(version)s)", title=title, version=version) if version \
        else title
