"""What the report says about itself: who it is for, by whom, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportMeta:
    """Cover-page facts. Only ``organisation`` is required.

    ``title`` defaults to the question bank's title when the report is built;
    ``date`` is the report date (defaults to today when the report is built);
    ``assessor`` is the person who ran the assessment, ``firm`` their firm;
    ``baseline_title`` names the earlier assessment progress is measured from.
    """

    organisation: str
    title: str = ""
    assessor: str = ""
    firm: str = ""
    date: dt.date | None = None
    baseline_title: str = ""

    def report_date(self) -> dt.date:
        return self.date or dt.date.today()
