"""Item mappings between two versions of one question bank (upgrade files).

An upgrade file has an ``upgrade:`` header (questionnaire, from_version, to_version,
description) and a list of ``entries``. Each entry names an item of the old version
(``source``) and either the items of the new version its answer speaks to (``targets``,
each with a relationship and a rationale) or why it has none (``removed``). Relationship
reads "the old item is ... of the new item": equal, subset (the new item asks for more),
superset (the old item covered more; part of it went to other new items), intersect
(partial overlap). An item whose id is in both versions and is not listed carries across
as equal. Every old item whose id is gone from the new version must be listed.

Files live in an ``upgrades`` folder of the shipped questionnaires or of a folder named by
GAPASSESS_QUESTIONNAIRES_PATH (docs/questionnaire-format.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

# Imported as a module: the registry imports this module while it is itself being loaded.
import gapassess.domain.questionnaire.registry as registry
from gapassess.domain.file_cache import FileCache, Stamp, stamp_of
from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.loader import yaml_files
from gapassess.domain.questionnaire.mapping import header_of, key_line, read_document
from gapassess.domain.questionnaire.model import BANK_ID_RE, Questionnaire
from gapassess.domain.questionnaire.pydantic_issues import issues_from_error
from gapassess.domain.questionnaire.text_fields import Text, non_empty, stringify_number, suggest
from gapassess.domain.questionnaire.yaml_source import read_yaml
from gapassess.i18n import _, get_locale

UPGRADES_FOLDER = "upgrades"
TOP_KEYS = ("upgrade", "entries")
RELATIONSHIPS_BETWEEN_VERSIONS = ("equal", "subset", "superset", "intersect")

Version = Annotated[str, BeforeValidator(stringify_number), AfterValidator(non_empty)]


@dataclass(frozen=True)
class ItemLink:
    """One item of the new version that an old item's answer speaks to."""

    target: str  # the new item's id
    relationship: str  # one of RELATIONSHIPS_BETWEEN_VERSIONS
    rationale: str


@dataclass(frozen=True)
class BankUpgrade:
    """A validated upgrade file: for every item of the old bank, where it goes.

    ``links`` holds every old item in old-bank order: the targets its entry lists, one
    "equal" link to the same id for a shared item without an entry, and no links for an
    item in ``removed`` (old id -> why it has no counterpart).
    """

    questionnaire_id: str
    from_version: str
    to_version: str
    description: str
    links: Mapping[str, tuple[ItemLink, ...]]
    removed: Mapping[str, str]
    path: str

    def links_to(self, new_item_id: str) -> list[tuple[str, ItemLink]]:
        """(old id, link) pairs that point at ``new_item_id``, in old-bank order."""
        return [(old, link) for old, links in self.links.items() for link in links
                if link.target == new_item_id]


class UpgradeHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")

    questionnaire: str = Field(pattern=BANK_ID_RE.pattern)
    from_version: Version
    to_version: Version
    description: Text


class UpgradeTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item: Text
    relationship: Literal["equal", "subset", "superset", "intersect"]
    rationale: Text


class UpgradeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Text
    targets: list[UpgradeTarget] | None = Field(default=None, min_length=1)
    removed: Text | None = None


def is_upgrade_document(data: Any) -> bool:
    """Whether parsed YAML is an upgrade file (it has a top-level ``upgrade:``)."""
    return isinstance(data, dict) and "upgrade" in data


def same_item_rationale() -> str:
    """The rationale of the "equal" link given to a shared id that no entry lists."""
    return _("The item keeps its id in both versions and its answer carries over as it is.")


def load_upgrade(path: Path | str, old_bank: Questionnaire,
                 new_bank: Questionnaire) -> BankUpgrade:
    """Read and check an upgrade file against its two banks; QuestionnaireError lists
    every problem."""
    upgrade, issues = check_upgrade(path, old_bank, new_bank)
    if issues or upgrade is None:
        raise QuestionnaireError(issues)
    return upgrade


def check_upgrade(
    path: Path | str, old_bank: Questionnaire, new_bank: Questionnaire
) -> tuple[BankUpgrade | None, list[ValidationIssue]]:
    """The upgrade a file describes between ``old_bank`` and ``new_bank``, and every problem
    found (each naming the file, the entry's source id, the field and the line)."""
    path = Path(path)
    file = str(path)
    data, issues = _document(path)
    if data is None:
        return None, issues
    return _checked(data, _header(data, file, issues), old_bank, new_bank, file, issues)


def _checked(data: Any, header: UpgradeHeader | None, old_bank: Questionnaire,
             new_bank: Questionnaire, file: str, issues: list[ValidationIssue]
             ) -> tuple[BankUpgrade | None, list[ValidationIssue]]:
    """check_upgrade of a file already read (``data``, its ``header`` and the problems
    found so far)."""
    if header is not None:
        _banks_match(header, data.get("upgrade"), old_bank, new_bank, file, issues)
    listed: set[str] = set()
    entries = _entries(data, file, old_bank, new_bank, listed, issues)
    if entries is not None:
        _vanished_listed(listed, data, old_bank, new_bank, file, issues)
    if issues or header is None or entries is None:
        return None, issues
    return _build(header, entries, old_bank, new_bank, file), []


BankFinder = Callable[[str, str], Questionnaire | None]


def check_upgrade_file(
    path: Path | str, find: BankFinder
) -> tuple[BankUpgrade | None, list[ValidationIssue]]:
    """check_upgrade against the banks the file's header names, looked up with ``find``
    (id, version -> the bank, or None when that version is not installed)."""
    path = Path(path)
    file = str(path)
    data, issues = _document(path)
    if data is None:
        return None, issues
    header = _header(data, file, issues)
    if header is None:
        return None, issues
    raw = data.get("upgrade")
    banks = []
    for end in ("from_version", "to_version"):
        version = getattr(header, end)
        bank = find(header.questionnaire, version)
        if bank is None:
            message = _("questionnaire '%(bank)s' version %(version)s is not installed",
                        bank=header.questionnaire, version=version)
            issues.append(ValidationIssue(file, None, f"upgrade.{end}", key_line(raw, end),
                                          message))
        banks.append(bank)
    old_bank, new_bank = banks
    if issues or old_bank is None or new_bank is None:
        return None, issues
    return _checked(data, header, old_bank, new_bank, file, issues)


def _document(path: Path) -> tuple[Any, list[ValidationIssue]]:
    return read_document(
        path, TOP_KEYS, _("top level must be a mapping with 'upgrade:' and 'entries:'"),
        lambda key: _("unknown key '%(key)s'; an upgrade file holds 'upgrade:' and "
                      "'entries:'", key=key),
    )


def _header(data: Any, file: str, issues: list[ValidationIssue]) -> UpgradeHeader | None:
    return header_of(data, "upgrade", UpgradeHeader, _(
        "needs an 'upgrade:' header (questionnaire, from_version, to_version, description)"),
        file, issues)


def _banks_match(
    header: UpgradeHeader,
    raw: Any,
    old_bank: Questionnaire,
    new_bank: Questionnaire,
    file: str,
    issues: list[ValidationIssue],
) -> None:
    """The header names the two banks the file is checked against."""
    for bank in (old_bank, new_bank):
        if bank.id != header.questionnaire:
            message = _("the file is for questionnaire '%(named)s' but is checked against "
                        "'%(bank)s'", named=header.questionnaire, bank=bank.id)
            issues.append(ValidationIssue(file, None, "upgrade.questionnaire",
                                          key_line(raw, "questionnaire"), message))
            return
    for end, bank in (("from_version", old_bank), ("to_version", new_bank)):
        named = getattr(header, end)
        if bank.version != named:
            message = _("the file names version %(named)s but is checked against version "
                        "%(version)s of '%(bank)s'", named=named, version=bank.version,
                        bank=bank.id)
            issues.append(ValidationIssue(file, None, f"upgrade.{end}", key_line(raw, end),
                                          message))
    if header.from_version == header.to_version:
        message = _("from_version and to_version must differ")
        issues.append(ValidationIssue(file, None, "upgrade.to_version",
                                      key_line(raw, "to_version"), message))


def _entries(
    data: Any,
    file: str,
    old_bank: Questionnaire,
    new_bank: Questionnaire,
    listed: set[str],
    issues: list[ValidationIssue],
) -> list[UpgradeEntry] | None:
    """The valid entries; ``listed`` gets the source of every entry, valid or not."""
    raw_entries = data.get("entries")
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        message = _("'entries' must be a list of entries (source, then targets or removed)")
        issues.append(ValidationIssue(file, None, "entries", key_line(data, "entries"),
                                      message))
        return None
    entries: list[UpgradeEntry] = []
    seen: dict[str, int | None] = {}
    for index, raw in enumerate(raw_entries):
        line = key_line(raw_entries, index)
        if not isinstance(raw, dict):
            message = _("each entry must be a mapping (source, then targets or removed)")
            issues.append(ValidationIssue(file, f"#{index + 1}", None, line, message))
            continue
        label = str(raw.get("source") or f"#{index + 1}")
        listed.add(str(raw.get("source")))
        try:
            entry = UpgradeEntry.model_validate(dict(raw))
        except ValidationError as exc:
            issues += issues_from_error(exc, UpgradeEntry, raw, file, label)
            continue
        before = len(issues)
        _entry_problems(entry, raw, file, old_bank, new_bank, issues)
        if entry.source in seen:
            message = _("'%(item)s' is already listed at line %(line)s", item=entry.source,
                        line=seen[entry.source])
            issues.append(ValidationIssue(file, label, "source", key_line(raw, "source"),
                                          message))
        seen.setdefault(entry.source, line)
        if len(issues) == before:
            entries.append(entry)
    return entries


def _entry_problems(
    entry: UpgradeEntry,
    raw: Any,
    file: str,
    old_bank: Questionnaire,
    new_bank: Questionnaire,
    issues: list[ValidationIssue],
) -> None:
    label = entry.source
    if entry.source not in old_bank.item_ids:
        message = _("'%(item)s' is not an item of %(bank)s %(version)s", item=entry.source,
                    bank=old_bank.id, version=old_bank.version)
        issues.append(ValidationIssue(file, label, "source", key_line(raw, "source"),
                                      message + suggest(entry.source, old_bank.item_ids)))
    if entry.targets is not None and entry.removed is not None:
        message = _("an entry has either 'targets' or 'removed', not both")
        issues.append(ValidationIssue(file, label, "removed", key_line(raw, "removed"),
                                      message))
    elif entry.targets is None and entry.removed is None:
        message = _("an entry needs 'targets' (the new items) or 'removed' (why there are "
                    "none)")
        issues.append(ValidationIssue(file, label, "targets", key_line(raw, "source"),
                                      message))
    if entry.removed is not None and entry.source in new_bank.item_ids:
        message = _("'%(item)s' is still an item of version %(version)s; list it under "
                    "'targets' instead", item=entry.source, version=new_bank.version)
        issues.append(ValidationIssue(file, label, "removed", key_line(raw, "removed"),
                                      message))
    raw_targets = raw.get("targets")
    seen: dict[str, int | None] = {}
    for index, target in enumerate(entry.targets or []):
        node = raw_targets[index]
        where = key_line(node, "item")
        name = f"targets[{index}].item"
        if target.item not in new_bank.item_ids:
            message = _("'%(item)s' is not an item of %(bank)s %(version)s", item=target.item,
                        bank=new_bank.id, version=new_bank.version)
            issues.append(ValidationIssue(file, label, name, where,
                                          message + suggest(target.item, new_bank.item_ids)))
        if target.item in seen:
            message = _("'%(item)s' is already a target of this entry at line %(line)s",
                        item=target.item, line=seen[target.item])
            issues.append(ValidationIssue(file, label, name, where, message))
        seen.setdefault(target.item, where)


def _vanished_listed(
    listed: set[str],
    data: Any,
    old_bank: Questionnaire,
    new_bank: Questionnaire,
    file: str,
    issues: list[ValidationIssue],
) -> None:
    """Every old item whose id is gone from the new bank has an entry (``listed``)."""
    line = key_line(data, "entries")
    for item in old_bank.items:
        if item.id not in new_bank.item_ids and item.id not in listed:
            message = _("'%(item)s' is not an item of version %(version)s: list its new "
                        "items under 'targets' or say under 'removed' why there are none",
                        item=item.id, version=new_bank.version)
            issues.append(ValidationIssue(file, item.id, "entries", line, message))


def _build(
    header: UpgradeHeader,
    entries: list[UpgradeEntry],
    old_bank: Questionnaire,
    new_bank: Questionnaire,
    file: str,
) -> BankUpgrade:
    listed = {entry.source: entry for entry in entries}
    same = same_item_rationale()
    links: dict[str, tuple[ItemLink, ...]] = {}
    removed: dict[str, str] = {}
    for item in old_bank.items:
        entry = listed.get(item.id)
        if entry is None:
            links[item.id] = (ItemLink(item.id, "equal", same),)
        elif entry.removed is not None:
            links[item.id] = ()
            removed[item.id] = entry.removed
        else:
            links[item.id] = tuple(ItemLink(t.item, t.relationship, t.rationale)
                                   for t in entry.targets or [])
    return BankUpgrade(
        questionnaire_id=header.questionnaire,
        from_version=header.from_version,
        to_version=header.to_version,
        description=header.description,
        links=MappingProxyType(links),
        removed=MappingProxyType(removed),
        path=file,
    )


# --- Finding upgrade files through the registry --------------------------------------


def _read_header(path: Path) -> tuple[str, str, str] | None:
    """(questionnaire, from_version, to_version) of an upgrade file; None when unreadable."""
    data = read_yaml(path).data
    raw = data.get("upgrade") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        header = UpgradeHeader.model_validate(dict(raw))
    except ValidationError:
        return None
    return header.questionnaire, header.from_version, header.to_version


_headers: FileCache[tuple[str, str, str] | None] = FileCache(_read_header, size=256)


def _bank_stamp(qid: str, version: str) -> Stamp:
    bank = registry.installed(qid, version)
    source = Path(bank.source) if bank is not None and bank.source else None
    if source is None:
        return ()
    return stamp_of(yaml_files(source) if source.is_dir() else [source])


def _stamp(path: Path) -> Stamp:
    """The upgrade file, both banks' files and the language (the default rationale)."""
    stamp = stamp_of([path])
    header = _headers.get(path)
    if header is not None:
        qid, old, new = header
        stamp += _bank_stamp(qid, old) + _bank_stamp(qid, new)
    return (*stamp, (f"locale:{get_locale()}", 0, 0))


def _load_found(path: Path) -> BankUpgrade:
    upgrade, issues = check_upgrade_file(path, registry.installed)
    if issues or upgrade is None:
        raise QuestionnaireError(issues)
    return upgrade


_loaded: FileCache[BankUpgrade] = FileCache(_load_found, stamp=_stamp)


def _matching(qid: str, from_version: str, to_version: str | None) -> list[Path]:
    found = []
    for path in registry.upgrade_files():
        header = _headers.get(path)
        if header is None:
            continue
        if header[:2] == (qid, from_version) and to_version in (None, header[2]):
            found.append(path)
    return found


def upgrade_for(questionnaire_id: str, from_version: str,
                to_version: str) -> BankUpgrade | None:
    """The upgrade of a bank from one version to another, None when no file describes it.

    Files are found in the ``upgrades`` folders of the shipped questionnaires and of the
    user folders (shipped first; the first file for a pair wins) and loaded against both
    banks; a file that does not validate raises QuestionnaireError."""
    for path in _matching(questionnaire_id, from_version, to_version):
        return _loaded.get(path)
    return None


def upgrades_from(questionnaire_id: str, version: str) -> list[BankUpgrade]:
    """Every upgrade away from that version of the bank, newest target version first."""
    chosen: dict[str, BankUpgrade] = {}
    for path in _matching(questionnaire_id, version, None):
        upgrade = _loaded.get(path)
        chosen.setdefault(upgrade.to_version, upgrade)
    return sorted(chosen.values(), key=lambda u: registry.version_key(u.to_version),
                  reverse=True)
