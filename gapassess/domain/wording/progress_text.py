"""Movement since the baseline in words: the same phrases on the results page and in the
Word report."""

from __future__ import annotations

from gapassess.i18n import _, ngettext


def movement_text(delta: float | None) -> str:
    """"up 37 points", "down 4 points", "no change"; "" when there is nothing to compare."""
    if delta is None:
        return ""
    if round(delta) == 0:
        # TRANSLATORS: an index compared with the baseline assessment.
        return _("no change")
    points = round(abs(delta))
    if delta > 0:
        # TRANSLATORS: an index rose against the baseline by this many percentage points.
        return ngettext("up %(num)d point", "up %(num)d points", points)
    # TRANSLATORS: an index fell against the baseline by this many percentage points.
    return ngettext("down %(num)d point", "down %(num)d points", points)


def signed(delta: float | None) -> str:
    """A movement as a table shows it: "+12", "−4", "0", or "–" when unknown."""
    if delta is None:
        return "–"  # i18n: not shown (a dash for nothing to compare)
    points = round(delta)
    if points == 0:
        return "0"  # i18n: not shown (a number)
    return f"+{points}" if points > 0 else f"\u2212{abs(points)}"
