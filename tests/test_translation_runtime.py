"""Translation at run time: the domain's functions, the request's locale, templates and scripts."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import flask_babel
import pytest

from gapassess import i18n
from gapassess.web import translation
from tests.i18n_support import GERMAN_HEADER, with_catalogue

ROOT = Path(__file__).resolve().parent.parent

GERMAN = GERMAN_HEADER + r'''
msgid "Log in"
msgstr "Anmelden"

msgid "Skip to content"
msgstr "Zum Inhalt"

msgid "Saved %(time)s"
msgstr "Gespeichert %(time)s"

msgid "Workshop: %(count)s vote"
msgid_plural "Workshop: %(count)s votes"
msgstr[0] "Workshop: %(count)s Stimme"
msgstr[1] "Workshop: %(count)s Stimmen"

msgid "Clause %(clause)s"
msgstr "Abschnitt %(clause)s"
'''


@pytest.fixture
def german(tmp_path, monkeypatch):
    """The shipped catalogues plus a small German one (a .po only: compiled when loaded)."""
    return with_catalogue(tmp_path, monkeypatch, "de", GERMAN)


def test_english_is_the_default_and_the_source_text():
    assert i18n.get_locale() == "en"
    assert i18n.gettext("Log in") == "Log in"
    assert i18n.gettext("Not in any catalogue %(n)s", n=3) == "Not in any catalogue 3"
    assert i18n.ngettext("%(num)d vote", "%(num)d votes", 1) == "1 vote"
    assert i18n.ngettext("%(num)d vote", "%(num)d votes", 2) == "2 votes"


def test_the_context_chooses_the_language(german):
    assert i18n.available_locales() == ["en", "de"]
    label = i18n.lazy_gettext("Log in")
    with i18n.using_locale("de"):
        assert i18n.gettext("Log in") == "Anmelden"
        assert i18n._("Clause %(clause)s", clause="4.1") == "Abschnitt 4.1"
        assert i18n.ngettext("Workshop: %(count)s vote", "Workshop: %(count)s votes", 3,
                             count=3) == "Workshop: 3 Stimmen"
        assert i18n.gettext("Not translated yet") == "Not translated yet"
        assert str(label) == "Anmelden"
    with i18n.using_locale("de_AT"):  # a region falls back to its language
        assert i18n.gettext("Log in") == "Anmelden"
    with i18n.using_locale("fr"):  # no catalogue: the source text
        assert i18n.gettext("Log in") == "Log in"
    assert str(label) == "Log in"
    assert i18n.get_locale() == "en"


def test_a_changed_catalogue_is_read_again(german, monkeypatch):
    monkeypatch.setattr(i18n, "RECHECK_SECONDS", 0.0)
    with i18n.using_locale("de"):
        assert i18n.gettext("Log in") == "Anmelden"
        german.write_text(GERMAN.replace("Anmelden", "Einloggen"), encoding="utf-8")
        stat = german.stat()
        os.utime(german, (stat.st_atime, stat.st_mtime + 5))
        assert i18n.gettext("Log in") == "Einloggen"
        monkeypatch.setattr(i18n, "RECHECK_SECONDS", 3600.0)
        german.write_text(GERMAN.replace("Anmelden", "Login"), encoding="utf-8")
        os.utime(german, (stat.st_atime, stat.st_mtime + 10))
        assert i18n.gettext("Log in") == "Einloggen"  # not looked at again so soon


def test_translation_needs_neither_flask_nor_babel():
    script = (
        "import sys, gapassess.i18n as t\n"
        "assert t.gettext('Log in') == 'Log in'\n"
        "print(','.join(sorted(m for m in sys.modules\n"
        "      if m.split('.')[0] in {'flask', 'flask_babel', 'sqlalchemy', 'babel'})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_scripts_messages_come_from_the_scripts():
    messages = translation.script_messages()
    assert "Saved %(time)s" in messages and "Your vote is saved." in messages
    assert "Skip to content" not in messages  # a template's message


def _catalogue_block(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="i18n-catalogue">(.*?)</script>',
                      page, re.S)
    assert found, "no script catalogue on the page"
    return json.loads(found.group(1))


GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


def test_pages_speak_the_browsers_language(client, german):
    english = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in english and "<h1>Log in</h1>" in english
    assert "i18n-catalogue" not in english  # the login page runs no script

    html = client.get("/login", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "<h1>Anmelden</h1>" in html and ">Zum Inhalt</a>" in html
    assert i18n.get_locale() == "en"  # the request's locale ended with the request


def test_pages_with_scripts_carry_their_messages(client, german):
    english = client.get("/j").get_data(as_text=True)  # the workshop's join page
    assert _catalogue_block(english)["Saved %(time)s"] == "Saved %(time)s"
    scripts = re.findall(r'<script src="/static/([\w.]+)', english)
    assert scripts == ["i18n.js", "workshop.js"]  # i18n.js first: the others use it

    catalogue = _catalogue_block(client.get("/j", headers=GERMAN_BROWSER).get_data(as_text=True))
    assert catalogue["Saved %(time)s"] == "Gespeichert %(time)s"
    assert catalogue["Your vote is saved."] == "Your vote is saved."  # not translated yet

    other = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in other and "<h1>Log in</h1>" in other


def test_placeholders_in_templates_are_escaped(app, german):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        app.preprocess_request()
        assert str(flask_babel.get_locale()) == "de"  # Flask-Babel follows the same choice
        html = app.jinja_env.from_string(
            "{% trans clause=c %}Clause {{ clause }}{% endtrans %}|"
            "{{ _('Clause %(clause)s', clause=c) }}"
        ).render(c="<b>4</b>")
    assert html == "Abschnitt &lt;b&gt;4&lt;/b&gt;|Abschnitt &lt;b&gt;4&lt;/b&gt;"
