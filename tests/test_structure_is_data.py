"""The standard's structure lives in the bank's data files, not in Python code."""

from __future__ import annotations

import ast
from pathlib import Path

from gapassess.domain.questionnaire import default_structure, get_mapping

PACKAGE = Path(__file__).resolve().parent.parent / "gapassess"

#: Names the clause structure used to have as module constants.
OLD_NAMES = {
    "CLAUSE_TITLES", "CLAUSE_TITLES_2015", "CLAUSES_2015", "CLAUSES_2026", "TOP_CLAUSES",
    "TAGS", "COVERAGE_CLAUSES", "STANDARD_CLAUSES",
}  # fmt: skip
OLD_MODULE = "gapassess.domain.questionnaire.clauses"


def _sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))]


def test_no_module_defines_or_imports_clause_constants():
    found = []
    for path, text in _sources():
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.Name | ast.alias | ast.Attribute):
                name = getattr(node, "id", None) or getattr(node, "name", None) or node.attr
                if name in OLD_NAMES:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {name}")
            if isinstance(node, ast.ImportFrom) and node.module == OLD_MODULE:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {OLD_MODULE}")
    assert found == []
    assert not (PACKAGE / "domain" / "questionnaire" / "clauses.py").exists()


def _strings(text: str, path: Path) -> list[str]:
    """The string literals of a module, docstrings left out (they may quote examples)."""
    tree = ast.parse(text, str(path))
    docstrings = {
        id(node.value) for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }  # fmt: skip
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_clause_title_is_written_in_python():
    """Clause titles come from structure.yaml and the mapping's editions only."""
    titles = set(default_structure().clauses.values())
    for edition in get_mapping().editions.values():
        titles |= set(edition.clauses.values())
    long_titles = {title for title in titles if len(title) >= 24}  # short ones are words
    assert len(long_titles) > 40
    found = [
        f"{path.relative_to(PACKAGE)}: {title!r}"
        for path, text in _sources()
        for literal in _strings(text, path)
        for title in long_titles
        if title in literal
    ]
    assert found == []
