"""The Python modules that word results for people mark every sentence for translation.

The rule is :func:`tests.i18n_checks.unmarked_python_strings`. MARKED lists the modules
already converted; a module joins it once the checker finds nothing in it.
"""

from pathlib import Path

import pytest

from tests.i18n_checks import read, unmarked_python_strings

ROOT = Path(__file__).resolve().parent.parent
MARKED = [
    "gapassess/domain/wording/roadmap_text.py",
    "gapassess/domain/answers.py",
    "gapassess/domain/answers_file.py",
    "gapassess/domain/engine/__init__.py",
    "gapassess/domain/engine/assess.py",
    "gapassess/domain/engine/export.py",
    "gapassess/domain/engine/item_reasons.py",
    "gapassess/domain/engine/items.py",
    "gapassess/domain/engine/labels.py",
    "gapassess/domain/engine/prepared.py",
    "gapassess/domain/engine/ranking.py",
    "gapassess/domain/engine/reasons.py",
    "gapassess/domain/engine/results.py",
    "gapassess/domain/engine/roadmap.py",
    "gapassess/domain/engine/rollup.py",
    "gapassess/domain/engine/schedule.py",
    "gapassess/domain/engine/terminal_summary.py",
    "gapassess/domain/scoring_model.py",
    "gapassess/domain/scoring_model_files.py",
    "gapassess/domain/file_cache.py",
    "gapassess/domain/workbook.py",
    "gapassess/domain/demo.py",
    "gapassess/cli/__init__.py",
    "gapassess/cli/__main__.py",
    "gapassess/cli/db_cmd.py",
    "gapassess/cli/inputs.py",
    "gapassess/cli/questionnaire_cmd.py",
    "gapassess/cli/report_cmd.py",
    "gapassess/cli/score_cmd.py",
    "gapassess/cli/serving.py",
    "gapassess/domain/questionnaire/__init__.py",
    "gapassess/domain/questionnaire/issues.py",
    "gapassess/domain/questionnaire/loader.py",
    "gapassess/domain/questionnaire/mapping.py",
    "gapassess/domain/questionnaire/model.py",
    "gapassess/domain/questionnaire/numbering.py",
    "gapassess/domain/questionnaire/pydantic_issues.py",
    "gapassess/domain/questionnaire/registry.py",
    "gapassess/domain/questionnaire/structure.py",
    "gapassess/domain/questionnaire/structure_file.py",
    "gapassess/domain/questionnaire/text_fields.py",
    "gapassess/domain/questionnaire/yaml_source.py",
]


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
