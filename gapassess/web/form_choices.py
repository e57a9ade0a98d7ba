"""Select choices that suit the installed WTForms (3.3 deprecates plain tuples)."""

from __future__ import annotations

from gapassess.i18n import LazyString

try:
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - WTForms before 3.3
    SelectChoice = None


def choice(value: str, label: str | LazyString):
    """One option of a SelectField; the label may be lazy (translated when shown)."""
    return SelectChoice(value, label) if SelectChoice else (value, label)
