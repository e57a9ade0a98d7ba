"""Finders of user-visible text that is not marked for translation (used by test_translation_*).

Templates: each template is parsed with Jinja2 (the i18n extension on, as in the app).
Template text outside any tag or expression (Jinja's ``TemplateData`` nodes; the text of a
``{% trans %}`` block is a translation call, not template data) is laid out in order, with
every expression or tag replaced by a marker, and read as HTML: a text node with a letter,
or a visible attribute (``title``, ``alt``, ``placeholder``, ``aria-label``...) with a
letter, is unmarked text. Text inside ``<script>`` and ``<style>`` is not visible.

Scripts: see :func:`unmarked_script_strings` for the rule.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, nodes

MARK = "\x00"  # stands for an expression or tag: never a letter
LETTER = re.compile(r"[^\W\d_]")
# Attributes whose value people see or hear. data-label is shown by results.css
# (``content: attr(data-label)`` in stacked tables).
VISIBLE_ATTRIBUTES = {
    "title", "alt", "placeholder", "label", "aria-label", "aria-description",
    "aria-placeholder", "aria-roledescription", "aria-valuetext", "data-label",
}
BUTTON_INPUTS = {"submit", "button", "reset"}
HIDDEN_ELEMENTS = {"script", "style"}
# Words that stay as they are in every language.
UNTRANSLATED = {"gapassess"}


def _layout(node: nodes.Node, out: list[str], attribute_blocks: set[str]) -> None:
    if isinstance(node, nodes.TemplateData):
        out.append(node.data)
    elif isinstance(node, nodes.Expr):
        out.append(MARK)
    elif isinstance(node, nodes.Block) and node.name in attribute_blocks:
        out.append("<x ")  # the block fills in attributes of a tag of the parent template
        for child in node.body:
            _layout(child, out, attribute_blocks)
        out.append(">")
    else:
        for child in node.iter_child_nodes():
            _layout(child, out, attribute_blocks)


def _parse(source: str, name: str) -> nodes.Template:
    return Environment(extensions=["jinja2.ext.i18n"]).parse(source, name=name)


def template_text(source: str, name: str = "<template>",
                  attribute_blocks: frozenset[str] = frozenset()) -> str:
    """The template's own text, with a marker in place of every tag and expression.

    ``attribute_blocks`` names the blocks that a parent template places inside a tag
    (``<main {% block main_attrs %}{% endblock %}>``): a child's text for them is attributes.
    """
    tree = _parse(source, name)
    extends = any(True for _ in tree.find_all(nodes.Extends))
    out: list[str] = []
    _layout(tree, out, set(attribute_blocks) if extends else set())
    return "".join(out)


def attribute_blocks(sources: dict[str, str]) -> frozenset[str]:
    """Names of the blocks that some template opens inside an HTML tag."""
    found = set()
    for name, source in sources.items():
        tree = _parse(source, name)
        for block in tree.find_all(nodes.Block):
            block.body = [nodes.Output([nodes.TemplateData(f"\x01{block.name}\x02")])]
        text = template_text_of(tree)
        for match in re.finditer("\x01([^\x02]*)\x02", text):
            before = text[: match.start()]
            if before.rfind("<") > before.rfind(">"):
                found.add(match.group(1))
    return frozenset(found)


def template_text_of(tree: nodes.Template) -> str:
    out: list[str] = []
    _layout(tree, out, set())
    return "".join(out)


def _visible(text: str | None) -> str | None:
    if not text:
        return None
    words = text.replace(MARK, " ")
    for word in UNTRANSLATED:
        words = re.sub(rf"\b{re.escape(word)}\b", " ", words)
    return " ".join(words.split()) if LETTER.search(words) else None


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input"
                and (values.get("type") or "").lower() in BUTTON_INPUTS
            )
            text = _visible(value) if visible else None
            if text:
                self.found.append(f'<{tag} {name}="{text}">')
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        text = None if self._hidden else _visible(data)
        if text:
            self.found.append(text)


def unmarked_template_text(source: str, name: str = "<template>",
                           attribute_blocks: frozenset[str] = frozenset()) -> list[str]:
    """Visible text of a template that is not inside a translation call."""
    finder = _Finder()
    finder.feed(template_text(source, name, attribute_blocks))
    finder.close()
    return finder.found


# ---- scripts ----------------------------------------------------------------------------

TRANSLATE = "t"
TOKEN_NAME, TOKEN_OPERATOR, TOKEN_STRING = "name", "operator", "string"
_JS_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
  | (?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)
  | (?P<number>\d[\w.]*)
  | (?P<regexp>/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[a-z]*)
  | (?P<operator>[^\s])
""", re.VERBOSE | re.DOTALL)
# A slash starts a regular expression (not a division) after these, or at the start.
_BEFORE_REGEXP = set("(,=:[!&|?{};") | {None}


class _Token:
    __slots__ = ("lineno", "text", "type", "value")

    def __init__(self, type_: str, value: str, lineno: int) -> None:
        self.type, self.value, self.lineno = type_, value, lineno
        self.text = _unquote(value) if type_ == TOKEN_STRING else value


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", _unescape, body)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:], 16))
    return {"n": "\n", "t": "\t", "r": "\r"}.get(code, code)


def _tokenize(source: str):
    """Names, strings, operators of a script, without spaces and comments (enough for the rule)."""
    lineno, pos, last = 1, 0, None
    while pos < len(source):
        match = _JS_TOKEN.match(source, pos)
        assert match is not None, f"cannot read the script at line {lineno}"
        kind = match.lastgroup
        value = match.group()
        if kind == "regexp" and last not in _BEFORE_REGEXP:
            kind, value = "operator", "/"
        if kind not in {"space", "comment"}:
            yield _Token(kind, value, lineno)
            last = value if kind == "operator" else kind
        lineno += value.count("\n")
        pos += len(value)


SELECTOR = re.compile(r"[\[\]#>=]|\.[A-Za-z]")  # a CSS selector, never a sentence
HEADER_NAME = re.compile(r"^[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+$")  # Content-Type, If-None-Match
TWO_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]")
CAPITALISED = re.compile(r"^\W*[A-Z][a-z]")
TEXT_SINKS = {"textContent", "innerText", "nodeValue", "title", "placeholder", "alert",
              "confirm"}


def _looks_like_prose(text: str) -> bool:
    if SELECTOR.search(text) or HEADER_NAME.match(text):
        return False
    tokens = text.split()
    if len(tokens) > 1 and all("-" in token for token in tokens):  # a list of class names
        return False
    return bool(TWO_WORDS.search(text) or CAPITALISED.match(text))


def unmarked_script_strings(source: str) -> list[tuple[int, str, str]]:
    """String literals of a script that people would see without translation.

    The rule: every string literal that is the first argument of ``t(...)`` is marked.
    Any other literal is reported when (1) it reads like words, that is it has two words
    in a row or starts with a capitalised word, unless it is a CSS selector (has ``[``,
    ``]``, ``#``, ``>``, ``=`` or a dot before a letter), a list of class names (every word
    has a hyphen), an HTTP header name, an object key (``"Accept": ...``) or a subscript
    (``headers["If-None-Match"]``); or (2) it has a letter and is written into the page's
    text (after ``.textContent =``, ``.innerText =``, ``.nodeValue =``, ``.title =``,
    ``.placeholder =``, or in ``alert(``/``confirm(``), up to the end of the statement.
    Returns (line, literal, reason) triples.
    """
    tokens = list(_tokenize(source))
    found: list[tuple[int, str, str]] = []
    depth_in_sink = None  # paren depth at which the current text sink statement started
    depth = 0
    for index, tok in enumerate(tokens):
        prev = tokens[index - 1] if index else None
        before = tokens[index - 2] if index > 1 else None
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if tok.type == TOKEN_OPERATOR and tok.value in "([{":
            depth += 1
        elif tok.type == TOKEN_OPERATOR and tok.value in ")]}":
            depth -= 1
            if depth_in_sink is not None and depth < depth_in_sink:
                depth_in_sink = None
        if tok.type == TOKEN_OPERATOR and tok.value == ";" and depth_in_sink is not None:
            depth_in_sink = None
        # Babel's lexer reads "a.b.textContent" as one name.
        last_name = tok.value.rsplit(".", 1)[-1] if tok.type == TOKEN_NAME else None
        if last_name in TEXT_SINKS and nxt is not None and (
            nxt.value == "=" or (nxt.value == "(" and last_name in {"alert", "confirm"})
        ):
            depth_in_sink = depth
        if tok.type != TOKEN_STRING:
            continue
        text = tok.text
        marked = (prev is not None and prev.value == "(" and before is not None
                  and before.type == TOKEN_NAME and before.value == TRANSLATE)
        if marked:
            continue
        if text == "use strict":  # a directive
            continue
        is_key = (nxt is not None and nxt.value == ":" and prev is not None
                  and prev.value in {"{", ","})
        is_subscript = prev is not None and prev.value == "["
        if depth_in_sink is not None and LETTER.search(text):
            found.append((tok.lineno, text, "written into the page without t()"))
        elif not (is_key or is_subscript) and _looks_like_prose(text):
            found.append((tok.lineno, text, "reads like words but is not in t()"))
    return found


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---- Python -----------------------------------------------------------------------------

PY_TRANSLATE = {"_", "gettext", "ngettext", "pgettext", "lazy_gettext", "lazy_ngettext"}
NOT_SHOWN = "i18n: not shown"  # a comment on a literal's line exempts it (log text, ids)


def unmarked_python_strings(source: str) -> list[tuple[int, str]]:
    """String literals of a Python module that read like words and are not marked.

    The rule: a literal is marked when it is (part of) an argument of a call to one of
    PY_TRANSLATE. Docstrings, the message of an exception about a programming error
    (``TypeError``, ``KeyError``, ``ValueError``, ``AssertionError``) and literals on a
    line carrying the comment ``# i18n: not shown`` are not text people see. Any other
    literal that reads like words (:func:`_looks_like_prose`: two words in a row or a
    capitalised word) is reported as (line, text).
    """
    import ast

    tree = ast.parse(source)
    lines = source.splitlines()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if name in PY_TRANSLATE or name in {"TypeError", "KeyError", "ValueError",
                                                "AssertionError"}:
                for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                    skip.update(id(sub) for sub in ast.walk(arg))
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef
                      | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and NOT_SHOWN not in lines[node.lineno - 1]
                and _looks_like_prose(node.value)):
            found.append((node.lineno, node.value))
    return sorted(found)
