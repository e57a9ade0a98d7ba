"""What the report says about itself: who it is for, by whom, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewFacts:
    """What the review of the answers came to (gapassess.domain.review): how many of the
    answered items were reviewed and accepted, and the consultant's reason when the
    assessment was made final before every applicable item was accepted ("" for none)."""

    answered: int
    reviewed: int
    override_reason: str = ""


@dataclass(frozen=True)
class ReportMeta:
    """Cover-page facts. Only ``organisation`` is required.

    ``title`` defaults to the question bank's title when the report is built;
    ``date`` is the report date (defaults to today when the report is built);
    ``assessor`` is the person who ran the assessment, ``firm`` their firm;
    ``baseline_title`` names the earlier assessment progress is measured from;
    ``review``: what the review of the answers came to (None: the assessment used none).
    """

    organisation: str
    title: str = ""
    assessor: str = ""
    firm: str = ""
    date: dt.date | None = None
    baseline_title: str = ""
    review: ReviewFacts | None = None

    def report_date(self) -> dt.date:
        return self.date or dt.date.today()
