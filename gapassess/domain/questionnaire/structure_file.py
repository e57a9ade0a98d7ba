"""Reading a bank's structure from YAML, and the structure of banks that declare none."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.pydantic_issues import issues_from_error
from gapassess.domain.questionnaire.structure import Structure
from gapassess.domain.questionnaire.yaml_source import read_yaml
from gapassess.i18n import _
from gapassess.paths import questionnaires_dir

#: The file of a folder bank that holds its structure.
STRUCTURE_FILE = "structure.yaml"

#: The shipped bank whose structure a bank without one follows.
DEFAULT_STRUCTURE_BANK = "iso9001-2026"


def check_structure(
    raw: Any, file: str, prefix: tuple[str, ...] = ()
) -> tuple[Structure | None, list[ValidationIssue]]:
    """Validate parsed YAML as a structure; issues are located in ``file``."""
    if not isinstance(raw, dict):
        line = getattr(raw, "line", None)
        field = ".".join(prefix) or None
        message = _("the structure must be a mapping (standard, clauses, tags, "
                    "previous_edition)")
        return None, [ValidationIssue(file, None, field, line, message)]
    try:
        return Structure.model_validate(dict(raw)), []
    except ValidationError as exc:
        return None, issues_from_error(exc, Structure, raw, file, None, prefix=prefix)


def read_structure(path: Path) -> tuple[Structure | None, list[ValidationIssue]]:
    """A structure file (``structure.yaml``) and every problem found in it."""
    doc = read_yaml(path)
    if not doc.ok:
        return None, list(doc.issues)
    if doc.data is None:
        return None, [ValidationIssue(str(path), None, None, None, _("file is empty"))]
    return check_structure(doc.data, str(path))


@lru_cache(maxsize=1)
def default_structure() -> Structure:
    """The structure of the shipped ISO 9001:2026 bank, for banks that declare none."""
    structure, issues = read_structure(
        questionnaires_dir() / DEFAULT_STRUCTURE_BANK / STRUCTURE_FILE
    )
    if structure is None:
        raise QuestionnaireError(issues)
    return structure
