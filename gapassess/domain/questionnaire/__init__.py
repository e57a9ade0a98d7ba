"""The question bank: schema, YAML loading with located errors, validation and registry.

Banks are data files under ``questionnaires/`` (see docs/questionnaire-format.md); users
add their own in folders named by GAPASSESS_QUESTIONNAIRES_PATH.
"""

from gapassess.domain.questionnaire.issues import QuestionnaireError, ValidationIssue
from gapassess.domain.questionnaire.loader import check_questionnaire, load_questionnaire
from gapassess.domain.questionnaire.mapping import (
    RELATIONSHIPS,
    ClauseMapping,
    MappingEntry,
    check_mapping,
    load_mapping,
)
from gapassess.domain.questionnaire.model import Item, Questionnaire, Scale, ScaleLevel
from gapassess.domain.questionnaire.numbering import clause_key, covers
from gapassess.domain.questionnaire.registry import (
    DEFAULT_ID,
    ENV_VAR,
    ValidationReport,
    get_questionnaire,
    latest_versions,
    list_questionnaires,
    questionnaire_for,
    user_folders,
    validate_paths,
    validate_report,
)
from gapassess.domain.questionnaire.structure import Edition, PreviousEdition, Structure
from gapassess.domain.questionnaire.structure_file import STRUCTURE_FILE, default_structure
from gapassess.domain.questionnaire.upgrade import (
    RELATIONSHIPS_BETWEEN_VERSIONS,
    BankUpgrade,
    ItemLink,
    check_upgrade,
    load_upgrade,
    upgrade_for,
    upgrades_from,
)

__all__ = [
    "DEFAULT_ID",
    "ENV_VAR",
    "RELATIONSHIPS",
    "RELATIONSHIPS_BETWEEN_VERSIONS",
    "STRUCTURE_FILE",
    "BankUpgrade", "ClauseMapping", "Edition", "Item", "ItemLink",  # i18n: not shown
    "MappingEntry", "PreviousEdition",  # i18n: not shown
    "Questionnaire", "QuestionnaireError", "Scale", "ScaleLevel",  # i18n: not shown
    "Structure", "ValidationIssue", "ValidationReport",  # i18n: not shown
    "check_mapping",
    "check_questionnaire",
    "check_upgrade",
    "clause_key",
    "covers",
    "default_structure",
    "get_mapping",
    "get_questionnaire",
    "latest_versions",
    "list_questionnaires",
    "questionnaire_for",
    "load_mapping",
    "load_questionnaire",
    "load_upgrade",
    "upgrade_for",
    "upgrades_from",
    "user_folders",
    "validate_paths",
    "validate_report",
]


def get_mapping(mapping_id: str = "iso9001-2015-to-2026") -> ClauseMapping:
    """A shipped mapping by id (files in questionnaires/mappings/)."""
    from gapassess.paths import questionnaires_dir

    folder = questionnaires_dir() / "mappings"
    for path in sorted(folder.glob("*.yaml")):
        if path.stem == mapping_id:
            return load_mapping(path)
    from gapassess.i18n import _

    raise KeyError(_("unknown mapping '%(mapping)s'", mapping=mapping_id))
