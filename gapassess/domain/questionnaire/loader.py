"""Loading a question bank (one file, or a folder of files) and validating it as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.model import (
    Item,
    Questionnaire,
    format2_problems,
    item_problems,
)
from gapassess.domain.questionnaire.pydantic_issues import issues_from_error
from gapassess.domain.questionnaire.structure import Structure
from gapassess.domain.questionnaire.structure_file import (
    STRUCTURE_FILE,
    check_structure,
    default_structure,
    read_structure,
)
from gapassess.domain.questionnaire.yaml_source import read_yaml
from gapassess.i18n import _

HEADER_FILE = "questionnaire.yaml"
HEADER_KEYS = ("id", "version", "title", "description", "scales", "structure")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class _Entry:
    """One item as read from a file, with what is needed to locate problems in it."""

    raw: Any
    file: str
    label: str
    item: Item | None = None

    def line(self, key: str | None = None) -> int | None:
        line: int | None = getattr(self.raw, "line", None)
        if key is not None and hasattr(self.raw, "line_of"):
            line = self.raw.line_of(key)
        return line


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)


def bank_root(path: Path) -> Path:
    """A folder bank's item file or header stands for the whole folder."""
    if path.is_file() and (path.parent / HEADER_FILE).is_file():
        return path.parent
    return path


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and validate a bank; raise QuestionnaireError listing every problem found."""
    questionnaire, issues = check_questionnaire(Path(path))
    if issues or questionnaire is None:
        raise QuestionnaireError(issues)
    return questionnaire


def check_questionnaire(path: Path) -> tuple[Questionnaire | None, list[ValidationIssue]]:
    """Validate a bank as a whole; return it (when valid) and every issue found."""
    path = bank_root(Path(path))
    issues: list[ValidationIssue] = []
    entries: list[_Entry] = []
    if path.is_dir():
        header_path = path / HEADER_FILE
        if not header_path.is_file():
            message = _("folder has no %(header)s (the header with id, version, title, "
                        "scales)", header=HEADER_FILE)
            return None, [ValidationIssue(str(path), None, None, None, message)]
        header = _read_mapping(header_path, issues)
        if header is not None:
            entries += _items_of(header, str(header_path), issues, required=False)
        for item_file in yaml_files(path):
            if item_file.name in (HEADER_FILE, STRUCTURE_FILE):
                continue
            data = _read_mapping(item_file, issues)
            if data is not None:
                _only_items(data, str(item_file), issues)
                entries += _items_of(data, str(item_file), issues, required=True)
    else:
        header_path = path
        header = _read_mapping(path, issues)
        if header is not None:
            entries += _items_of(header, str(path), issues, required=True)
    if header is None:
        return None, issues
    structure = _structure_of(path, header, str(header_path), issues)
    head = _check_header(header, structure, str(header_path), issues)
    complete = head is not None and head.format >= 2
    for entry in entries:
        _check_item(entry, structure, issues, complete)
    if not entries and not any(i.field == "items" for i in issues):
        issues.append(ValidationIssue(str(header_path), None, "items", None,
                                      _("bank has no items")))
    _check_across(entries, issues)
    if issues or head is None:
        return None, issues
    fields = _header_fields(header, structure)
    questionnaire = Questionnaire.model_validate({**fields, "items": [e.item for e in entries]})
    questionnaire._source = str(path)
    return questionnaire, []


def _read_mapping(path: Path, issues: list[ValidationIssue]) -> Any:
    doc = read_yaml(path)
    issues += doc.issues
    if doc.data is None and doc.ok:
        issues.append(ValidationIssue(str(path), None, None, None, _("file is empty")))
        return None
    if not doc.ok and doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        # TRANSLATORS: "list" (a YAML list) or a Python type name (str, int).
        kind = _("list") if isinstance(doc.data, list) else type(doc.data).__name__
        issues.append(
            ValidationIssue(
                str(path), None, None, getattr(doc.data, "line", 1),
                _("top level must be a mapping of keys (found a %(kind)s)", kind=kind),
            )
        )  # fmt: skip
        return None
    return doc.data


def _only_items(data: Any, file: str, issues: list[ValidationIssue]) -> None:
    for key in data:
        if key != "items":
            message = _("unknown key '%(key)s'; item files hold only 'items:' (the header is "
                        "in %(header)s)", key=key, header=HEADER_FILE)
            issues.append(ValidationIssue(file, None, str(key), data.line_of(key), message))


def _items_of(data: Any, file: str, issues: list[ValidationIssue], required: bool) -> list[_Entry]:
    if "items" not in data:
        if required:
            issues.append(ValidationIssue(file, None, "items", data.line,
                                          _("no 'items:' list")))
        return []
    items = data["items"]
    if not isinstance(items, list):
        issues.append(
            ValidationIssue(file, None, "items", data.line_of("items"),
                            _("'items' must be a list"))
        )
        return []
    entries = []
    for index, raw in enumerate(items):
        ident = raw.get("id") if isinstance(raw, dict) else None
        label = ident if isinstance(ident, str) and ident.strip() else f"#{index + 1}"
        if not isinstance(raw, dict):
            line = items.line_of(index) if hasattr(items, "line_of") else None
            message = _("each item must be a mapping of fields (id, clause, question, ...)")
            issues.append(ValidationIssue(file, label, None, line, message))
            continue
        entries.append(_Entry(raw, file, label))
    return entries


def _structure_of(
    path: Path, header: Any, file: str, issues: list[ValidationIssue]
) -> Structure | None:
    """The bank's structure: its structure.yaml, its ``structure:`` key, or the default.

    None when the declared structure has problems (they are added to ``issues``).
    """
    structure_path = path / STRUCTURE_FILE if path.is_dir() else None
    if structure_path is not None and structure_path.is_file():
        if "structure" in header:
            message = _("the structure is declared twice: here and in %(file)s",
                        file=STRUCTURE_FILE)
            issues.append(ValidationIssue(file, None, "structure", header.line_of("structure"),
                                          message))
            return None
        structure, problems = read_structure(structure_path)
    elif "structure" in header:
        structure, problems = check_structure(header["structure"], file, ("structure",))
    else:
        return default_structure()
    issues += problems
    return structure


def _header_fields(header: Any, structure: Structure | None) -> dict[str, Any]:
    fields = {k: v for k, v in header.items() if k not in ("items", "structure")}
    if structure is not None:
        fields["structure"] = structure
    return fields


def _check_header(
    header: Any, structure: Structure | None, file: str, issues: list[ValidationIssue]
) -> Questionnaire | None:
    fields = _header_fields(header, structure)
    try:
        return Questionnaire.model_validate(fields)
    except ValidationError as exc:
        issues += issues_from_error(exc, Questionnaire, header, file, None)
        return None


def _check_item(
    entry: _Entry, structure: Structure | None, issues: list[ValidationIssue], complete: bool
) -> None:
    raw = entry.raw
    try:
        entry.item = Item.model_validate(dict(raw))
    except ValidationError as exc:
        issues += issues_from_error(exc, Item, raw, entry.file, entry.label)
    if structure is not None:
        for field, index, message in structure.item_problems(
            raw.get("clause"), raw.get("source_clauses"), raw.get("tags")
        ):
            values = raw.get(field)
            line = values.line_of(index) if index is not None else entry.line(field)
            issues.append(ValidationIssue(entry.file, entry.label, field, line, message))
            entry.item = None
    if entry.item is None:
        return
    problems = item_problems(entry.item)
    if complete:
        problems += format2_problems(entry.item)
    for field, message in problems:
        issues.append(ValidationIssue(entry.file, entry.label, field, entry.line(field), message))


def _check_across(entries: list[_Entry], issues: list[ValidationIssue]) -> None:
    first: dict[str, _Entry] = {}
    for entry in entries:
        ident = entry.raw.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            other = first[ident]
            where = f"{other.file}:{other.line('id')}"
            message = _("duplicate item id; already used at %(where)s", where=where)
            issues.append(ValidationIssue(entry.file, ident, "id", entry.line("id"), message))
        else:
            first[ident] = entry
    valid = [(e, e.item) for e in entries if e.item is not None]
    for entry, item in valid:
        for target in item.depends_on:
            if target not in first:
                message = _("depends on '%(target)s', which is not an item of this bank",
                            target=target)
                issues.append(
                    ValidationIssue(
                        entry.file, entry.label, "depends_on", entry.line("depends_on"), message
                    )
                )
    _check_cycles(valid, issues)


def _check_cycles(entries: list[tuple[_Entry, Item]], issues: list[ValidationIssue]) -> None:
    by_id = {item.id: entry for entry, item in entries}
    graph = {item.id: [d for d in item.depends_on if d in by_id] for _, item in entries}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    entry = by_id[cycle[0]]
                    chain = " -> ".join([*cycle, cycle[0]])
                    issues.append(
                        ValidationIssue(
                            entry.file, entry.label, "depends_on", entry.line("depends_on"),
                            _("dependency cycle: %(chain)s", chain=chain),
                        )
                    )  # fmt: skip
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = 2

    for ident in graph:
        if ident not in state:
            visit(ident, [])
