"""The Python modules that word results for people mark every sentence for translation.

The rule is :func:`tests.i18n_checks.unmarked_python_strings`; it holds for every module of
the package except the few NOT_MARKED names, so a new module is checked from its first line.
"""

from pathlib import Path

import pytest

from tests.i18n_checks import read, unmarked_python_strings
from tests.i18n_support import GERMAN_HEADER, with_catalogue

ROOT = Path(__file__).resolve().parent.parent
# Every module is checked except these, left out on purpose: gapassess/db/demo.py holds the
# demo organisations' names and people, stored in the database as data (like anything a user
# types); the migrations are schema history whose only literals are SQL; i18n_catalogues is
# a developer's tool run from the command line.
NOT_MARKED = {"gapassess/db/demo.py", "gapassess/i18n_catalogues.py"}
MARKED = sorted(
    str(path.relative_to(ROOT)) for path in (ROOT / "gapassess").rglob("*.py")
    if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in NOT_MARKED
)


@pytest.mark.parametrize("name", MARKED)
def test_python_text_is_marked(name):
    assert unmarked_python_strings(read(ROOT / name)) == []


@pytest.mark.parametrize("source, found", [
    ('x = "Saved"', [(1, "Saved")]),
    ('def f():\n    return f"{n} items are not rated"', [(2, " items are not rated")]),
    ('x = _("Saved")', []),
    ('x = _("%(n)s items are not rated", n=f"{n:.1f}")', []),
    ('x = lazy_gettext("One level")', []),
    ('x = ngettext("One item", "%(num)d items", n)', []),
    ('"""Module docstring."""\ndef f():\n    """Does it."""', []),
    ('raise TypeError(f"parameter {k!r} must be a number")', []),
    ('log.info("Loaded the bank")  # i18n: not shown', []),
    ('x = "item_id"; y = ", and "; z = " and "', []),
])
def test_python_checker(source, found):
    assert unmarked_python_strings(source) == found


GERMAN_REPORT = GERMAN_HEADER + r'''
msgid "Executive summary"
msgstr "Zusammenfassung"

msgid "Clause profile"
msgstr "Abschnittsprofil"

msgid "%(date)s · Page %(page)s of %(pages)s"
msgstr "Seite %(page)s von %(pages)s · %(date)s"

msgid "Target audit date: %(date)s."
msgstr "Geplantes Audit: %(date)s."

msgid "C %(compliance)s, O %(outcome)s (%(num)d vote)"
msgid_plural "C %(compliance)s, O %(outcome)s (%(num)d votes)"
msgstr[0] "K %(compliance)s, E %(outcome)s (%(num)d Stimme)"
msgstr[1] "K %(compliance)s, E %(outcome)s (%(num)d Stimmen)"

msgid "Values: %(values)s."
msgstr "Werte: %(values)s."
'''


def test_the_report_and_its_charts_come_out_in_the_chosen_language(tmp_path, monkeypatch):
    from docx.oxml.ns import qn

    from gapassess import i18n
    from gapassess.domain.report import build_report
    from tests import report_support as rs

    with_catalogue(tmp_path, monkeypatch, "de", GERMAN_REPORT)
    answers = rs.answers()
    votes = {answers[0].item_id: [("Ana", 1, 0), ("Bo", 3, 2)]}
    with i18n.using_locale("de"):
        document = build_report(rs.result_for(answers), rs.questionnaire(), answers, rs.meta(),
                                votes=votes, appendix=True)  # the votes are in the appendix
    text = rs.all_text(document)
    assert "Zusammenfassung" in text and "Executive summary" not in text
    assert "Abschnittsprofil" in text  # a chart title, defined at import time (lazy)
    assert "Geplantes Audit: 30 September 2027." in text
    assert "K 1-3, E 0-2 (2 Stimmen)" in text
    footer = rs.paragraph_text(document.sections[0].footer.paragraphs[-1]._p)
    assert footer == "Seite 1 von 1 · 23 November 2026"  # the page fields moved with the text
    alt = [pr.get("descr") for pr in document.element.body.iter(qn("wp:docPr"))]
    assert any(" Werte: clause 4: " in a for a in alt)
    assert "Where the organisation stands" in text  # not in the test catalogue: English
