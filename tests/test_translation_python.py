"""The Python modules that word results for people mark every sentence for translation.

The rule is :func:`tests.i18n_checks.unmarked_python_strings`. MARKED lists the modules
already converted; a module joins it once the checker finds nothing in it.
"""

from pathlib import Path

import pytest

from tests.i18n_checks import read, unmarked_python_strings

ROOT = Path(__file__).resolve().parent.parent
# Left out on purpose: gapassess/db/demo.py holds the demo organisations' names and
# people, stored in the database as data (like anything a user types), and
# gapassess/db/migrations/ is schema history whose only literals are SQL.
MARKED = [
    "gapassess/domain/wording/roadmap_text.py",
    "gapassess/db/__init__.py",
    "gapassess/db/accounts.py",
    "gapassess/db/answer_import.py",
    "gapassess/db/answer_store.py",
    "gapassess/db/audit.py",
    "gapassess/db/connection.py",
    "gapassess/db/inputs.py",
    "gapassess/db/invitations.py",
    "gapassess/db/members.py",
    "gapassess/db/migrate.py",
    "gapassess/db/models.py",
    "gapassess/db/organisations.py",
    "gapassess/db/rate_limits.py",
    "gapassess/db/responses.py",
    "gapassess/db/roadmap_edits.py",
    "gapassess/db/tokens.py",
    "gapassess/db/workshop_votes.py",
    "gapassess/db/workshops.py",
    "gapassess/web/assess/forms.py",
    "gapassess/web/auth/forms.py",
    "gapassess/web/form_choices.py",
    "gapassess/web/orgs/forms.py",
    "gapassess/web/results/forms.py",
    "gapassess/web/workshop/forms.py",
    "gapassess/web/__init__.py",
    "gapassess/web/access.py",
    "gapassess/web/assess/__init__.py",
    "gapassess/web/assess/answer_input.py",
    "gapassess/web/assess/answer_views.py",
    "gapassess/web/assess/autosave.py",
    "gapassess/web/assess/clause_page.py",
    "gapassess/web/assess/form_save.py",
    "gapassess/web/assess/item_view.py",
    "gapassess/web/assess/progress.py",
    "gapassess/web/assess/views.py",
    "gapassess/web/auth/__init__.py",
    "gapassess/web/auth/views.py",
    "gapassess/web/config.py",
    "gapassess/web/database.py",
    "gapassess/web/main/__init__.py",
    "gapassess/web/main/views.py",
    "gapassess/web/orgs/__init__.py",
    "gapassess/web/orgs/invite_views.py",
    "gapassess/web/orgs/views.py",
    "gapassess/web/results/__init__.py",
    "gapassess/web/results/answer_workbook.py",
    "gapassess/web/results/clauses.py",
    "gapassess/web/results/files.py",
    "gapassess/web/results/views.py",
    "gapassess/web/security.py",
    "gapassess/web/services/__init__.py",
    "gapassess/web/services/banks.py",
    "gapassess/web/services/scoring.py",
    "gapassess/web/services/scoring_models.py",
    "gapassess/web/services/workshop_spread.py",
    "gapassess/web/translation.py",
    "gapassess/web/workshop/__init__.py",
    "gapassess/web/workshop/items.py",
    "gapassess/web/workshop/live.py",
    "gapassess/web/workshop/participant.py",
    "gapassess/web/orgs/member_views.py",
    "gapassess/web/results/headline.py",
    "gapassess/web/results/roadmap_view.py",
    "gapassess/web/workshop/facilitator.py",
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
