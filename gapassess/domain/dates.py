"""The one rule for a date a person gives (a target audit, a certificate's expiry, a
transition date in a data file, a command-line option): a real calendar day from
EARLIEST to LATEST.

Outside that span plans, reports and charts cannot be made (a roadmap counts back from
its target and forward from its start; Word and the charts stop at year 9999), and no
audit of this tool's standards falls there.
"""

from __future__ import annotations

from datetime import date

from gapassess.i18n import _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class DateRangeError(ValueError):
    """A date that is not a day from EARLIEST to LATEST; the message names the field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def check_date(value: date, field: str) -> date:
    """``value`` when it lies from EARLIEST to LATEST; otherwise DateRangeError naming
    ``field`` (the field's name as the person sees it)."""
    if not in_range(value):
        raise DateRangeError(
            # TRANSLATORS: field is a date's name ("Target audit date", "--next-audit").
            _("%(field)s must be between %(earliest)s and %(latest)s, not %(given)s.",
              field=field, earliest=EARLIEST.isoformat(), latest=LATEST.isoformat(),
              given=value.isoformat()),
            field,
        )
    return value


def check_optional(value: date | None, field: str) -> date | None:
    """check_date for a date that may be missing (None passes)."""
    return None if value is None else check_date(value, field)

