"""Clause mappings between editions (e.g. ISO 9001:2015 -> 2026), validated like banks.

A mapping file has a ``mapping:`` header and a list of ``entries``; each entry relates one
source clause to one target clause. Relationship is read "the source clause is ... of the
target clause": equal, subset (the target asks for more), superset (part of the source
moved elsewhere), intersect (partial overlap), new (target with no source), removed
(source with no target).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.model import BANK_ID_RE
from gapassess.domain.questionnaire.numbering import clause_key
from gapassess.domain.questionnaire.pydantic_issues import issues_from_error
from gapassess.domain.questionnaire.structure import Edition
from gapassess.domain.questionnaire.text_fields import Text, stringify_number
from gapassess.domain.questionnaire.yaml_source import read_yaml
from gapassess.i18n import _
from gapassess.paths import questionnaires_dir

HeaderT = TypeVar("HeaderT", bound=BaseModel)  # i18n: not shown

#: The shipped mapping whose editions a mapping file without ``editions:`` refers to.
DEFAULT_EDITIONS_FILE = ("mappings", "iso9001-2015-to-2026.yaml")
TOP_KEYS = ("mapping", "editions", "entries")
RELATIONSHIPS = ("equal", "subset", "superset", "intersect", "new", "removed")


class MappingEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None = None
    target: str | None = None
    relationship: Literal["equal", "subset", "superset", "intersect", "new", "removed"]
    rationale: Text


def entry_problems(entry: MappingEntry) -> list[tuple[str, str]]:
    """Checks across the fields of one entry, as (field, message) pairs."""
    kind = entry.relationship
    if kind == "new" and (entry.source or not entry.target):
        return [("relationship", _("relationship 'new' needs a target and no source"))]
    if kind == "removed" and (entry.target or not entry.source):
        return [("relationship", _("relationship 'removed' needs a source and no target"))]
    if kind not in ("new", "removed") and not (entry.source and entry.target):
        return [("relationship", _("relationship '%(kind)s' needs a source and a target",
                                   kind=kind))]
    return []


class MappingHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=BANK_ID_RE.pattern)
    version: Text
    title: Text
    description: Text
    source: str = Field(pattern=BANK_ID_RE.pattern)
    target: str = Field(pattern=BANK_ID_RE.pattern)
    complete: bool = False


class ClauseMapping(BaseModel):
    """A validated mapping file: header, the two editions it relates, and the entries."""

    header: MappingHeader
    editions: dict[str, Edition]
    entries: list[MappingEntry]

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def source_edition(self) -> Edition:
        return self.editions[self.header.source]

    @property
    def target_edition(self) -> Edition:
        return self.editions[self.header.target]

    def targets_for(self, source: str) -> list[MappingEntry]:
        return [e for e in self.entries if e.source == source]

    def sources_for(self, target: str) -> list[MappingEntry]:
        return [e for e in self.entries if e.target == target]


def key_line(node: Any, key: Any) -> int | None:
    """The line of ``key`` in parsed YAML (None when the node does not know it)."""
    line: int | None = node.line_of(key) if hasattr(node, "line_of") else None
    return line


def is_mapping_document(data: Any, path: Path) -> bool:
    """Mapping files carry a top-level ``mapping:`` key or live in a ``mappings`` folder."""
    return (isinstance(data, dict) and "mapping" in data) or path.parent.name == "mappings"


def load_mapping(path: Path) -> ClauseMapping:
    mapping, issues = check_mapping(Path(path))
    if issues or mapping is None:
        raise QuestionnaireError(issues)
    return mapping


def read_document(
    path: Path,
    top_keys: tuple[str, ...],
    shape: str,
    unknown_key: Callable[[str], str],
) -> tuple[Any, list[ValidationIssue]]:
    """The parsed top level of a header-and-entries file (mapping, upgrade), or None.

    Problems of the whole file come back as issues: unreadable or empty, not a mapping
    (``shape`` says what it should be), and each key outside ``top_keys`` (worded by
    ``unknown_key``). The data is returned even when it has unknown keys.
    """
    file = str(path)
    doc = read_yaml(path)
    issues = list(doc.issues)
    data = doc.data
    if data is None:
        if doc.ok:
            issues.append(ValidationIssue(file, None, None, None, _("file is empty")))
        return None, issues
    if not isinstance(data, dict):
        return None, [*issues, ValidationIssue(file, None, None, 1, shape)]
    for key in data:
        if key not in top_keys:
            issues.append(ValidationIssue(file, None, str(key), key_line(data, key),
                                          unknown_key(str(key))))
    return data, issues


def check_mapping(path: Path) -> tuple[ClauseMapping | None, list[ValidationIssue]]:
    file = str(path)
    data, issues = read_document(
        path, TOP_KEYS, _("top level must be a mapping with 'mapping:' and 'entries:'"),
        lambda key: _("unknown key '%(key)s'; a mapping file holds 'mapping:', 'editions:' "
                      "(optional) and 'entries:'", key=key),
    )
    if data is None:
        return None, issues
    editions = _editions(data, file, issues)
    header = _header(data, file, issues)
    if header is not None and editions is not None:
        header = _editions_declared(header, editions, data.get("mapping"), file, issues)
    chosen = None if header is None or editions is None else (
        editions[header.source], editions[header.target]
    )
    entries = _entries(data, file, chosen, issues)
    if chosen is not None and header is not None and header.complete and entries is not None:
        _check_complete(chosen, entries, data.get("mapping"), file, issues)
    if issues or header is None or entries is None or editions is None:
        return None, issues
    return ClauseMapping(header=header, editions=editions, entries=entries), []


def _editions(data: Any, file: str, issues: list[ValidationIssue]) -> dict[str, Edition] | None:
    """The editions the file declares, or those of the shipped mapping when it declares none."""
    if "editions" not in data:
        return default_editions()
    raw = data["editions"]
    if not isinstance(raw, dict) or not raw:
        message = _("'editions' must map each edition id to its name and clauses")
        issues.append(ValidationIssue(file, None, "editions", data.line_of("editions"), message))
        return None
    editions: dict[str, Edition] = {}
    for key, value in raw.items():
        ident = str(stringify_number(key))
        where = raw.line_of(key) if hasattr(raw, "line_of") else None
        if not BANK_ID_RE.match(ident):
            message = _("'%(ident)s' is not a valid edition id; use e.g. 'iso9001-2015'",
                        ident=ident)
            issues.append(ValidationIssue(file, None, f"editions.{ident}", where, message))
            continue
        if not isinstance(value, dict):
            message = _("an edition needs 'name:' and 'clauses:'")
            issues.append(ValidationIssue(file, None, f"editions.{ident}", where, message))
            continue
        try:
            editions[ident] = Edition.model_validate(dict(value))
        except ValidationError as exc:
            issues += issues_from_error(exc, Edition, value, file, None, ("editions", ident))
    return editions if len(editions) == len(raw) else None


def _editions_declared(
    header: MappingHeader,
    editions: dict[str, Edition],
    raw: Any,
    file: str,
    issues: list[ValidationIssue],
) -> MappingHeader | None:
    known = ", ".join(sorted(editions))
    ok = True
    for end in ("source", "target"):
        value = getattr(header, end)
        if value not in editions:
            message = _("edition '%(edition)s' is not declared (known editions: %(known)s)",
                        edition=value, known=known)
            line = key_line(raw, end) if hasattr(raw, "line_of") else None
            issues.append(ValidationIssue(file, None, f"mapping.{end}", line, message))
            ok = False
    return header if ok else None


@lru_cache(maxsize=1)
def default_editions() -> dict[str, Edition]:
    """The editions declared by the shipped ISO 9001:2015 -> 2026 mapping."""
    path = questionnaires_dir().joinpath(*DEFAULT_EDITIONS_FILE)
    doc = read_yaml(path)
    issues = list(doc.issues)
    if not issues and isinstance(doc.data, dict) and "editions" in doc.data:
        editions = _editions(doc.data, str(path), issues)
        if editions is not None and not issues:
            return editions
    if not issues:
        issues.append(ValidationIssue(str(path), None, "editions", None,
                                      _("declares no editions")))
    raise QuestionnaireError(issues)


def header_of(data: Any, key: str, model: type[HeaderT], missing: str, file: str,
              issues: list[ValidationIssue]) -> HeaderT | None:
    """The validated ``key:`` header of a data file; None (with the problems in ``issues``)
    when it is missing (``missing`` says what it holds) or invalid."""
    raw = data.get(key)
    if not isinstance(raw, dict):
        issues.append(ValidationIssue(file, None, key, key_line(data, key), missing))
        return None
    try:
        return model.model_validate(dict(raw))
    except ValidationError as exc:
        issues += issues_from_error(exc, model, raw, file, None, prefix=(key,))
        return None


def _header(data: Any, file: str, issues: list[ValidationIssue]) -> MappingHeader | None:
    return header_of(data, "mapping", MappingHeader, _(
        "needs a 'mapping:' header (id, version, title, description, source, target)"),
        file, issues)


def _entries(
    data: Any,
    file: str,
    chosen: tuple[Edition, Edition] | None,
    issues: list[ValidationIssue],
) -> list[MappingEntry] | None:
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        message = _("needs a non-empty 'entries:' list")
        issues.append(ValidationIssue(file, None, "entries", key_line(data, "entries"), message))
        return None
    entries: list[MappingEntry] = []
    seen: dict[tuple[Any, Any], int | None] = {}
    for index, raw in enumerate(raw_entries):
        line = key_line(raw_entries, index)
        if not isinstance(raw, dict):
            message = _("each entry must be a mapping (source, target, relationship, "
                        "rationale)")
            issues.append(ValidationIssue(file, f"#{index + 1}", None, line, message))
            continue
        label = f"{raw.get('source') or '-'} -> {raw.get('target') or '-'}"
        try:
            entry = MappingEntry.model_validate(dict(raw))
        except ValidationError as exc:
            issues += issues_from_error(exc, MappingEntry, raw, file, label)
            continue
        before = len(issues)
        for name, message in entry_problems(entry):
            issues.append(ValidationIssue(file, label, name, key_line(raw, name), message))
        if chosen is not None:
            for end, edition in zip(("source", "target"), chosen, strict=True):
                value = getattr(entry, end)
                if value is not None and value not in edition.item_clauses:
                    message = _("'%(clause)s' is not a clause of %(edition)s", clause=value,
                                edition=edition.name)
                    issues.append(ValidationIssue(file, label, end, key_line(raw, end), message))
        key = (entry.source, entry.target)
        if key in seen:
            message = _("the same source and target are already mapped at line %(line)s",
                        line=seen[key])
            issues.append(ValidationIssue(file, label, "target", line, message))
        seen.setdefault(key, line)
        if len(issues) == before:
            entries.append(entry)
    return entries


def _check_complete(
    chosen: tuple[Edition, Edition],
    entries: list[MappingEntry],
    raw: Any,
    file: str,
    issues: list[ValidationIssue],
) -> None:
    line = raw.line_of("complete") if hasattr(raw, "line_of") else None
    for end, edition in zip(("source", "target"), chosen, strict=True):
        mapped = {getattr(e, end) for e in entries}
        missing = sorted(edition.item_clauses - mapped, key=clause_key)
        if missing:
            shown = ", ".join(missing[:12])
            if len(missing) > 12:
                # TRANSLATORS: clause numbers, then how many more are not listed.
                shown = _("%(clauses)s and %(more)d more", clauses=shown,
                          more=len(missing) - 12)
            # TRANSLATORS: "as source" or "as target", the file's own keys.
            message = _("'complete: true' but these %(edition)s clauses have no entry as "
                        "%(end)s: %(clauses)s", edition=edition.name, end=end, clauses=shown)
            issues.append(ValidationIssue(file, None, "complete", line, message))
