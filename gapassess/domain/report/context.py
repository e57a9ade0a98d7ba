"""Everything a report section needs, gathered once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from gapassess.domain.carry import rests_on_carried
from gapassess.domain.engine.baseline import comparable, compare_with_baseline
from gapassess.domain.engine.labels import level_labels
from gapassess.domain.report import styles
from gapassess.domain.report.document import (
    add_heading,
    add_paragraph,
    set_style,
    text_width,
    write_text,
)
from gapassess.domain.report.meta import ReportMeta
from gapassess.domain.report.wording import draft_note, edition_phrase
from gapassess.i18n import _

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

    from gapassess.domain.answers import Answer
    from gapassess.domain.engine import AssessmentResult
    from gapassess.domain.engine.baseline import Progress
    from gapassess.domain.questionnaire import Item, Questionnaire
    from gapassess.domain.report.branding import Branding
    from gapassess.domain.report.document import ParagraphContainer
    from gapassess.domain.scoring_model import ScoringModel

# item id -> [(participant name or None, compliance level, outcome level), ...]
Votes = Mapping[str, Sequence[tuple[str | None, int | None, int | None]]]
# item id -> [(group or None, compliance level, outcome level), ...]
GroupVotes = Mapping[str, Sequence[tuple[str | None, int | None, int | None]]]


@dataclass
class ReportContext:
    document: Document
    result: AssessmentResult
    questionnaire: Questionnaire
    answers: dict[str, Answer]  # item id -> Answer
    meta: ReportMeta
    #: The baseline assessment's result, for the progress since it (None: no baseline).
    baseline: AssessmentResult | None = field(default=None, kw_only=True)
    votes: Votes | None = None
    bullets: bool = True  # the template's List Bullet style draws bullets itself
    items: dict[str, Item] = field(default_factory=dict)  # item id -> questionnaire Item
    group_votes: GroupVotes | None = None  # for the perception gaps
    branding: Branding | None = None  # the logo and colours, when branded
    appendix: bool = False  # add the working papers (every action, every answer)
    #: Items whose carried answer is not yet confirmed (the report says how much rests on
    #: them, and marks each in the answers table).
    to_confirm: frozenset[str] = field(default=frozenset(), kw_only=True)

    @property
    def carried_summary(self) -> str:
        """How many answered items rest on carried answers not yet confirmed ("" for none)."""
        return rests_on_carried(self.result.items, self.to_confirm)

    @classmethod
    def create(cls, document: Document, result: AssessmentResult,
               questionnaire: Questionnaire,
               answers: Iterable[Answer] | Mapping[str, Answer], meta: ReportMeta,
               votes: Votes | None = None, bullets: bool = True,
               group_votes: GroupVotes | None = None,
               appendix: bool = False) -> ReportContext:
        by_item = (dict(answers) if isinstance(answers, Mapping)
                   else {a.item_id: a for a in answers})
        return cls(document, result, questionnaire, by_item, meta, votes, bullets,
                   {item.id: item for item in questionnaire.items}, group_votes,
                   appendix=appendix)

    @property
    def compared_baseline(self) -> AssessmentResult | None:
        """The baseline when there is one to compare with (it has an answered item), else
        None: every section that sets this assessment beside its baseline asks here."""
        baseline = self.baseline
        return baseline if baseline is not None and comparable(baseline) else None

    @cached_property
    def progress(self) -> Progress | None:
        """What moved since the baseline (engine.baseline), worked out once per report;
        None without a baseline to compare with."""
        then = self.compared_baseline
        return None if then is None else compare_with_baseline(self.result, then)

    @property
    def today(self) -> dt.date:
        return self.meta.report_date()

    @property
    def draft(self) -> str:
        """"Draft: 17% of applicable items answered", or "" when every item is answered."""
        return draft_note(self.result.overall)

    @property
    def model(self) -> ScoringModel:
        return self.result.model

    @property
    def standard(self) -> str:
        """The name of the standard the question bank follows, e.g. "ISO 9001:2026"."""
        return str(self.questionnaire.standard)

    @property
    def initial(self) -> bool:
        """An initial certification (no certificate to move): no transition wording."""
        return not self.result.certification.certified

    @property
    def edition(self) -> str:
        """How the text names the standard's edition: "the 2026 edition"."""
        return edition_phrase(self.standard)

    def width(self) -> int:
        return text_width(self.document.sections[-1])

    def labels(self, axis: str) -> dict[int, str]:
        """Level labels for ``axis``: the questionnaire's, else the scoring model's."""
        return level_labels(self.questionnaire, self.model, axis)

    def class_name(self, classification: str | None) -> str:
        if not classification:
            return _("not classified")
        return self.model.classification_names.get(classification, classification)

    # ------------------------------------------------------------ writing helpers
    def heading(self, text: str, level: int) -> Paragraph:
        return add_heading(self.document, text, level)

    def chapter(self, text: str, new_page: bool = True) -> Paragraph:
        """A Heading 1 that starts a new page (not after a section break, which already does)."""
        heading = self.heading(text, 1)
        heading.paragraph_format.page_break_before = new_page
        return heading

    def para(self, text: object = "", style: str | None = None,
             bold: bool = False) -> Paragraph:
        return add_paragraph(self.document, text, style, bold=bold)

    def bullet(self, text: object = "", label: str | None = None,
               container: ParagraphContainer | None = None) -> Paragraph:
        """A bulleted paragraph; "• " is written in when the style draws no bullet."""
        paragraph = (container or self.document).add_paragraph()
        set_style(paragraph, styles.LIST_BULLET)
        if not self.bullets:
            paragraph.add_run("• ")
        if label:
            paragraph.add_run(label).bold = True
            if text != "":
                paragraph.add_run(": ")
        if text != "":
            write_text(paragraph, text)
        return paragraph

    def caption(self, text: str) -> Paragraph:
        return self.para(text, styles.CAPTION)
