"""Finding question banks and mappings: the shipped ones and those in user folders.

User folders are named by the environment variable GAPASSESS_QUESTIONNAIRES_PATH
(several separated by os.pathsep). A folder is scanned like the shipped folder: single-file
banks (``*.yaml``), folder banks (sub-folders with ``questionnaire.yaml``), mapping files
(``mapping:`` at the top or inside a ``mappings`` folder), upgrade files between bank
versions (``upgrade:`` at the top or inside an ``upgrades`` folder). A folder that itself holds a
``questionnaire.yaml`` is one folder bank.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Imported as a module: gapassess.domain.transition imports this package's issues module.
import gapassess.domain.transition as transition
from gapassess.domain.file_cache import FileCache, Stamp, stamp_of
from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.loader import (
    HEADER_FILE,
    YAML_SUFFIXES,
    bank_root,
    check_questionnaire,
    yaml_files,
)
from gapassess.domain.questionnaire.mapping import (
    ClauseMapping,
    check_mapping,
    is_mapping_document,
)
from gapassess.domain.questionnaire.model import Questionnaire
from gapassess.domain.questionnaire.upgrade import (
    UPGRADES_FOLDER,
    BankUpgrade,
    check_upgrade_file,
    is_upgrade_document,
)
from gapassess.domain.questionnaire.yaml_source import read_yaml
from gapassess.i18n import _, get_locale
from gapassess.paths import questionnaires_dir

ENV_VAR = "GAPASSESS_QUESTIONNAIRES_PATH"
DEFAULT_ID = "iso9001-2026"


def user_folders() -> list[Path]:
    """The folders named in GAPASSESS_QUESTIONNAIRES_PATH, in order."""
    value = os.environ.get(ENV_VAR, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def _roots() -> tuple[list[Path], list[ValidationIssue]]:
    """The shipped folder and the user folders that exist; a problem for each that does not."""
    roots, issues = [questionnaires_dir()], []
    for folder in user_folders():
        if folder.is_dir():
            roots.append(folder)
        else:
            message = _("folder named in %(setting)s does not exist (or is not a folder)",
                        setting=ENV_VAR)
            issues.append(ValidationIssue(str(folder), None, None, None, message))
    return roots, issues


@dataclass
class Found:
    """What a folder holds: bank paths, mapping files, and anything misplaced."""

    banks: list[Path] = field(default_factory=list)
    mappings: list[Path] = field(default_factory=list)
    transitions: list[Path] = field(default_factory=list)
    upgrades: list[Path] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)


def discover(root: Path) -> Found:
    found = Found()
    if not root.is_dir():
        message = _("no such folder") if not root.exists() else _("not a folder")
        found.issues.append(ValidationIssue(str(root), None, None, None, message))
        return found
    if (root / HEADER_FILE).is_file():
        found.banks.append(root)
        return found
    for child in sorted(root.iterdir()):
        if child.is_dir():
            if (child / HEADER_FILE).is_file():
                found.banks.append(child)
            elif child.name == "mappings":
                found.mappings += yaml_files(child)
            elif child.name == transition.TRANSITIONS_FOLDER:
                found.transitions += yaml_files(child)
            elif child.name == UPGRADES_FOLDER:
                found.upgrades += yaml_files(child)
        elif child.suffix in YAML_SUFFIXES:
            _classify_file(child, found)
    if not (found.banks or found.mappings or found.transitions or found.upgrades
            or found.issues):
        message = _("folder has no %(header)s and holds no question banks or mapping files",
                    header=HEADER_FILE)
        found.issues.append(ValidationIssue(str(root), None, None, None, message))
    return found


def _read_kind(path: Path) -> str:
    data = read_yaml(path).data
    if is_mapping_document(data, path):
        return "mapping"
    if transition.is_transition_document(data):
        return "transition"
    if is_upgrade_document(data):
        return "upgrade"
    if isinstance(data, dict) and set(data) == {"items"}:
        return "items"
    return "bank"


_kinds: FileCache[str] = FileCache(_read_kind, size=256)


def _file_kind(path: Path) -> str:
    """What a YAML file is: "mapping", "transition", "upgrade", "items" (an item file
    alone) or "bank"; cached."""
    return _kinds.get(path)


def _classify_file(path: Path, found: Found) -> None:
    kind = _file_kind(path)
    if kind == "mapping":
        found.mappings.append(path)
    elif kind == "transition":
        found.transitions.append(path)
    elif kind == "upgrade":
        found.upgrades.append(path)
    elif kind == "items":
        message = _("an item file without a header: put it in a folder with a %(header)s "
                    "(id, version, title, description, scales)", header=HEADER_FILE)
        found.issues.append(ValidationIssue(str(path), None, None, None, message))
    else:
        found.banks.append(path)


def _fingerprint(path: Path) -> Stamp:
    return stamp_of(yaml_files(path) if path.is_dir() else [path])


def _check_in_locale(path: Path) -> tuple[str, Questionnaire | None, list[ValidationIssue]]:
    return (get_locale(), *check_questionnaire(path))


_checked: FileCache[tuple[str, Questionnaire | None, list[ValidationIssue]]] = FileCache(
    _check_in_locale, stamp=_fingerprint
)


def checked_bank(path: Path) -> tuple[Questionnaire | None, list[ValidationIssue]]:
    """check_questionnaire, remembered until one of the bank's files changes.

    Problems are worded in the language they were found in: in another language the bank
    is checked again (a valid bank has no wording and is reused as it is).
    """
    locale, questionnaire, issues = _checked.get(path)
    if issues and locale != get_locale():
        return check_questionnaire(path)
    return questionnaire, list(issues)


def _header_file(source: str | None) -> str:
    path = Path(source or "?")
    return str(path / HEADER_FILE) if path.is_dir() else str(path)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key for bank versions: "1.10" after "1.9", "2.0" after "1.10"."""
    return tuple((int(part), "") if part.isdigit() else (-1, part)
                 for part in version.split("."))


def _collisions(banks: list[Questionnaire]) -> tuple[list[Questionnaire], list[ValidationIssue]]:
    """Keep the first bank of each id and version (shipped ones come first); report the
    others. Several versions of one bank live side by side."""
    kept: dict[tuple[str, str], Questionnaire] = {}
    issues = []
    for bank in banks:
        key = (bank.id, bank.version)
        if key in kept:
            first = _header_file(kept[key].source)
            message = _("questionnaire id '%(bank)s' version %(version)s is already used by "
                        "%(first)s", bank=bank.id, version=bank.version, first=first)
            issues.append(ValidationIssue(_header_file(bank.source), None, "id", None, message))
        else:
            kept[key] = bank
    return list(kept.values()), issues


def latest_versions(banks: list[Questionnaire]) -> list[Questionnaire]:
    """The newest version of each bank, in the order the ids first appear."""
    newest: dict[str, Questionnaire] = {}
    for bank in banks:
        held = newest.get(bank.id)
        if held is None or version_key(bank.version) > version_key(held.version):
            newest[bank.id] = bank
    return list(newest.values())


@dataclass
class Catalog:
    banks: list[Questionnaire]
    issues: list[ValidationIssue]


def catalog() -> Catalog:
    """Every bank that loads (shipped first, then user folders) and every problem found."""
    loaded: list[Questionnaire] = []
    roots, issues = _roots()
    for root in roots:
        found = discover(root)
        issues += found.issues
        for path in found.banks:
            questionnaire, problems = checked_bank(path)
            issues += problems
            if questionnaire is not None:
                loaded.append(questionnaire)
    banks, clashes = _collisions(loaded)
    return Catalog(banks, issues + clashes)


def upgrade_files() -> list[Path]:
    """The upgrade files of the shipped folder, then of the user folders, in that order."""
    roots, _missing = _roots()
    return [path for root in roots for path in discover(root).upgrades]


def list_questionnaires(strict: bool = True) -> list[Questionnaire]:
    """Shipped and user banks; with strict (the default) any problem raises QuestionnaireError."""
    result = catalog()
    if strict and result.issues:
        raise QuestionnaireError(result.issues)
    return result.banks


def get_questionnaire(qid: str | None = None, version: str | None = None) -> Questionnaire:
    """The bank with id ``qid`` (default iso9001-2026) in ``version`` (default its newest
    installed version), even when other banks have problems.

    Raises QuestionnaireError when no version of the bank is found and some bank failed to
    load (it may be the one asked for), KeyError when it simply does not exist or, when
    other versions of it loaded, has no such version.
    """
    wanted = qid or DEFAULT_ID
    result = catalog()
    versions = [bank for bank in result.banks if bank.id == wanted]
    chosen = [bank for bank in versions if version is None or bank.version == version]
    if chosen:
        return latest_versions(chosen)[0]
    if result.issues and not versions:
        raise QuestionnaireError(result.issues)
    if versions:
        installed = ", ".join(sorted((b.version for b in versions), key=version_key))
        raise KeyError(_("questionnaire '%(wanted)s' has no version %(version)s (installed: "
                         "%(installed)s)", wanted=wanted, version=version, installed=installed))
    available = ", ".join(dict.fromkeys(bank.id for bank in result.banks)) or _("none")
    raise KeyError(_("unknown questionnaire '%(wanted)s' (available: %(available)s)",
                     wanted=wanted, available=available))


def installed(qid: str, version: str) -> Questionnaire | None:
    """Exactly that version of the bank, or None when it is not installed (or no bank can
    be loaded): for callers that need that version and nothing else."""
    try:
        return get_questionnaire(qid, version)
    except (KeyError, QuestionnaireError):
        return None


def questionnaire_for(qid: str, version: str) -> Questionnaire:
    """The bank an assessment was started on: that version when it is installed, else the
    newest installed version of the bank (answers are kept by item id). Raises as
    get_questionnaire does when the bank is not installed at all."""
    try:
        return get_questionnaire(qid, version)
    except KeyError:
        return get_questionnaire(qid)


@dataclass
class ValidationReport:
    """What validation found: the banks, mappings and upgrades that are valid, and every
    problem."""

    banks: list[Questionnaire] = field(default_factory=list)
    mappings: list[ClauseMapping] = field(default_factory=list)
    upgrades: list[BankUpgrade] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)


def validate_paths(paths: list[Path]) -> list[ValidationIssue]:
    """Validate banks, mapping, transition and upgrade files and folders of them; every
    problem, all at once.

    With no paths, validates the shipped folder and the user folders.
    """
    return validate_report(paths).issues


def validate_report(paths: list[Path]) -> ValidationReport:
    """validate_paths, also returning the banks, mappings and upgrades that passed."""
    report = ValidationReport()
    targets = [Path(p) for p in paths]
    if not targets:
        targets, report.issues = _roots()
    banks: list[Path] = []
    mappings: list[Path] = []
    transitions: list[Path] = []
    upgrades: list[Path] = []
    for path in targets:
        if path.is_dir():
            found = discover(path)
            report.issues += found.issues
            banks += found.banks
            mappings += found.mappings
            transitions += found.transitions
            upgrades += found.upgrades
        elif not path.exists():
            message = _("no such file or folder")
            report.issues.append(ValidationIssue(str(path), None, None, None, message))
        elif bank_root(path) != path:
            banks.append(bank_root(path))
        elif _file_kind(path) == "mapping":
            mappings.append(path)
        elif (_file_kind(path) == "transition"
              or path.parent.name == transition.TRANSITIONS_FOLDER):
            transitions.append(path)
        elif _file_kind(path) == "upgrade" or path.parent.name == UPGRADES_FOLDER:
            upgrades.append(path)
        else:
            banks.append(path)
    for path in _unique(banks):
        questionnaire, problems = check_questionnaire(path)
        report.issues += problems
        if questionnaire is not None:
            report.banks.append(questionnaire)
    for path in _unique(mappings):
        mapping, problems = check_mapping(path)
        report.issues += problems
        if mapping is not None:
            report.mappings.append(mapping)
    for path in _unique(transitions):
        report.issues += transition.check_transition(path)[1]
    report.banks, clashes = _collisions(report.banks)
    report.issues += clashes
    for path in _unique(upgrades):
        upgrade, problems = check_upgrade_file(path, _bank_finder(report.banks))
        report.issues += problems
        if upgrade is not None:
            report.upgrades.append(upgrade)
    return report


def _bank_finder(checked: list[Questionnaire]) -> Callable[[str, str], Questionnaire | None]:
    """Banks for upgrade files: those just validated, else the installed ones."""

    def find(qid: str, version: str) -> Questionnaire | None:
        for bank in checked:
            if bank.id == qid and bank.version == version:
                return bank
        return installed(qid, version)

    return find


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
