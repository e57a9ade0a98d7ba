"""Every user-visible string of the web templates and the page scripts is marked for translation.

The rules the checkers apply are in tests/i18n_checks.py; each checker is also shown to
catch an unmarked string, so a checker that finds nothing cannot pass by accident.
"""

from pathlib import Path

import pytest

from tests.i18n_checks import (
    attribute_blocks,
    read,
    unmarked_script_strings,
    unmarked_template_text,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates" / "web").rglob("*.html"))
SCRIPTS = sorted((ROOT / "gapassess" / "web" / "static").glob("*.js"))
SOURCES = {str(path.relative_to(ROOT)): read(path) for path in TEMPLATES}
IN_TAG_BLOCKS = attribute_blocks(SOURCES)


def test_the_files_are_found():
    assert len(TEMPLATES) > 30 and {p.name for p in SCRIPTS} >= {"assess.js", "workshop.js"}
    assert sorted(IN_TAG_BLOCKS) == ["body_class", "main_attrs"]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_template_text_is_marked(name):
    assert unmarked_template_text(SOURCES[name], name, IN_TAG_BLOCKS) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_strings_are_marked(path):
    assert unmarked_script_strings(read(path)) == []


@pytest.mark.parametrize("source, found", [
    ("<p>Saved</p>", ["Saved"]),
    ("<p>{{ _('Saved') }}</p>", []),
    ("<p>{% trans n=1 %}Saved {{ n }} answers{% endtrans %}</p>", []),
    ("<p>{{ n }} answers</p>", ["answers"]),
    ("{% if x %}<p>Not rated</p>{% endif %}", ["Not rated"]),
    ("{% macro m() %}<b>Remove</b>{% endmacro %}", ["Remove"]),
    ('<nav aria-label="Main">', ['<nav aria-label="Main">']),
    ('<img alt="QR code for {{ url }}" src="{{ src }}">', ['<img alt="QR code for">']),
    ('<input type="submit" value="Send">', ['<input value="Send">']),
    ('<td data-label="Clause">', ['<td data-label="Clause">']),
    ('<nav aria-label="{{ _(\'Main\') }}" class="site-nav" id="x" data-role="state">', []),
    ('<input type="hidden" name="status" value="final">', []),
    ('<button name="keep" value="{{ id }}">{{ _("Keep") }}</button>', []),
    ("<script>var a = 'text';</script><style>p { color: red }</style>", []),
    ("<template><p>Remove NAME</p></template>", ["Remove NAME"]),
    ("{# a comment #}<p>· {{ a }} — {{ b }} → 3/4 %</p>", []),
    ("<title>{% block title %}gapassess{% endblock %}</title>", []),
])
def test_template_checker(source, found):
    assert unmarked_template_text(source) == found


def test_template_checker_reads_child_blocks_placed_in_a_tag():
    child = '{% extends "l.html" %}{% block main_attrs %}data-page="vote"{% endblock %}'
    parent = '<main id="main" {% block main_attrs %}{% endblock %}>'
    blocks = attribute_blocks({"l.html": parent, "c.html": child})
    assert blocks == {"main_attrs"}
    assert unmarked_template_text(child, "c.html", blocks) == []
    assert unmarked_template_text(child, "c.html") == ['data-page="vote"']
    title = '{% extends "l.html" %}{% block title %}Log in{% endblock %}'
    assert unmarked_template_text(title, "t.html", blocks) == ["Log in"]


@pytest.mark.parametrize("source, found", [
    ('el.textContent = "Saved";', [(1, "Saved", "written into the page without t()")]),
    ('el.textContent = ok ? "Yes" : "";', [(1, "Yes", "written into the page without t()")]),
    ('a.b.textContent = t("Saved");', []),
    ('el.textContent = done + "/" + total;', []),
    ('el.textContent = name + " (removed)";',
     [(1, " (removed)", "written into the page without t()")]),
    ('say("Your vote is saved.");',
     [(1, "Your vote is saved.", "reads like words but is not in t()")]),
    ('failed(article, "you may not change answers here.");',
     [(1, "you may not change answers here.", "reads like words but is not in t()")]),
    ('say(t("Saving %(n)s", { n: 1 }));', []),
    ('setState(a, "saving", "Saving…");', [(1, "Saving…", "reads like words but is not in t()")]),
    ('box.querySelector("details.history summary");', []),
    ('q(\'input[data-field="\' + name + \'"]\');', []),
    ('node.className = "ws-fill ws-f" + n;', []),
    ('var h = { "Content-Type": "application/json", "Accept": "application/json" };', []),
    ('headers["If-None-Match"] = etag; r.headers.get("ETag");', []),
    ('"use strict";', []),
    ('alert("Failed");', [(1, "Failed", "written into the page without t()")]),
])
def test_script_checker(source, found):
    assert unmarked_script_strings(source) == found
