"""Every validation rule rejects its malformed fixture with a located, named problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapassess.domain.questionnaire import (
    Item,
    Questionnaire,
    QuestionnaireError,
    ValidationIssue,
    load_questionnaire,
    validate_paths,
)

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
MALFORMED = FIXTURES / "malformed"


def line_of(path: Path, marker: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``marker`` (bytes-safe)."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    hits = [n for n, text in enumerate(lines, start=1) if marker in text]
    return hits[occurrence - 1]


# (fixture, file inside it or None, item, field, (line marker, occurrence) or None, message part)
CASES = [
    ("yaml_syntax.yaml", None, None, None, ("\tguidance", 1), "YAML syntax error"),
    ("duplicate_id.yaml", None, "6.1.2-beta", "id", ("- id: 6.1.2-beta", 2), "duplicate item id"),
    ("unknown_clause.yaml", None, "10.3-gamma", "clause", ('clause: "10.3"', 1), "'10.3' is not"),
    (
        "unknown_source_clause.yaml", None, "6.1.2-beta", "source_clauses",
        ('["6.1.3"]', 1), "'6.1.3' is not a clause of ISO 9001:2015",
    ),
    (
        "missing_dependency.yaml", None, "6.1.2-beta", "depends_on",
        ("[4.1-missing]", 1), "'4.1-missing'",
    ),
    (
        "dependency_cycle.yaml", None, "4.1-alpha", "depends_on",
        ("depends_on: [8.3-gamma]", 1), "dependency cycle: 4.1-alpha -> 8.3-gamma",
    ),
    (
        "incomplete_scale.yaml", None, None, "scales.outcome.levels",
        ("    levels:", 2), "missing 3",
    ),
    ("missing_scale.yaml", None, None, "scales", ("scales:", 1), "scale 'outcome' is missing"),
    ("unknown_tag.yaml", None, "6.1.2-beta", "tags", ("tags: [risk, ai]", 1), "unknown tag 'ai'"),
    ("empty_text.yaml", None, "6.1.2-beta", "guidance", ('guidance: "   "', 1), "not be empty"),
    ("missing_field.yaml", None, "8.3-gamma", "question", ("- id: 8.3-gamma", 1), "required field"),
    (
        "unknown_field.yaml", None, "4.1-alpha", "outcome_acton",
        ("outcome_acton:", 1), "did you mean 'outcome_action'",
    ),
    ("bad_change.yaml", None, "6.1.2-beta", "change", ("change: changed", 1), "'changed'"),
    (
        "id_clause_mismatch.yaml", None, "6.1.2-beta", "id",
        ("- id: 6.1.2-beta", 1), "must start with its clause '6.1.3-'",
    ),
    ("bad_weight.yaml", None, "4.1-alpha", "weight", ("weight: 7", 1), "less than or equal to 5"),
    ("bad_effort.yaml", None, "6.1.2-beta", "effort", ("effort: XL", 1), "'S', 'M' or 'L'"),
    (
        "long_title.yaml", None, "6.1.2-beta", "title",
        ("title: Beta practice, with", 1), "at most 70 allowed",
    ),
    ("bad_item_id.yaml", None, "8.3-Gamma Item", "id", ("8.3-Gamma Item", 1), "not a valid item"),
    (
        "na_without_guidance.yaml", None, "8.3-gamma", "not_applicable_guidance",
        ("- id: 8.3-gamma", 1), "not_applicable_allowed is true",
    ),
    (
        "scale_wording_level.yaml", None, "8.3-gamma", "scale_wording",
        ("scale_wording:", 1), "level 5 is outside 0 to 4",
    ),
    ("duplicate_key.yaml", None, None, "guidance", ("guidance: Again.", 1), "appears twice"),
    ("missing_header_field.yaml", None, None, "title", ("id: test-bank", 1), "required field"),
    ("no_items.yaml", None, None, "items", None, "no 'items:' list"),
    (
        "transition_bad_status.yaml", None, None, "dates.transition_end.status",
        ("status: maybe", 1), "'expected' or 'confirmed'",
    ),
    (
        "format2_incomplete.yaml", None, "4.1-alpha", "change_note",
        ("- id: 4.1-alpha", 1), "say in one line what changed (clarified)",
    ),
    (
        "format2_incomplete.yaml", None, "6.1.2-beta", "advisory",
        ("advisory: true", 1), "must say it rests on a note or on Annex A",
    ),
    (
        "format2_incomplete.yaml", None, "6.1.2-beta", "documented_information",
        ("- id: 6.1.2-beta", 1), "none, maintained, retained",
    ),
    (
        "format2_incomplete.yaml", None, "6.1.2-beta", "scale_wording",
        ("- id: 6.1.2-beta", 1), "word outcome levels 1 to 4 for this practice; missing 1, 2, 3, 4",
    ),
    (
        "format2_incomplete.yaml", None, "8.3-gamma", "basis",
        ("- id: 8.3-gamma", 1), "requirement, note or annex-a",
    ),
    (
        "format2_incomplete.yaml", None, "8.3-gamma", "source_clauses",
        ("source_clauses: []", 1), "name the 2015 clause(s)",
    ),
    ("item_not_mapping.yaml", None, "#3", None, ("just a sentence", 1), "must be a mapping"),
    ("top_level_list.yaml", None, None, None, ("- id: 4.1-alpha", 1), "must be a mapping of"),
    ("empty_file.yaml", None, None, None, None, "file is empty"),
    ("bad_utf8.yaml", None, None, None, ("title: Caf", 1), "not valid UTF-8"),
    (
        "folder_bank", "clause-04.yaml", "4.1-alpha", "tags",
        ("tags: [context, weather]", 1), "unknown tag 'weather'",
    ),
    (
        "folder_bank", "clause-06.yaml", None, "title",
        ("title: Not allowed here", 1), "item files hold only 'items:'",
    ),
    ("folder_without_header", "clause-04.yaml", None, None, None, "without a header"),
    (
        "mappings/unknown_target.yaml", None, "10.3 -> 10.3", "target",
        ('target: "10.3"', 1), "'10.3' is not a clause of ISO 9001:2026",
    ),
    (
        "mappings/unknown_source.yaml", None, "6.1.3 -> 6.1.3", "source",
        ('source: "6.1.3"', 1), "not a clause of ISO 9001:2015",
    ),
    (
        "mappings/bad_relationship.yaml", None, "4.2 -> 4.2", "relationship",
        ("relationship: same", 1), "'same'",
    ),
    (
        "mappings/new_with_source.yaml", None, "6.1.2 -> 6.1.3", "relationship",
        ("relationship: new", 1), "needs a target and no source",
    ),
    (
        "mappings/duplicate_entry.yaml", None, "4.1 -> 4.1", "target",
        ('- source: "4.1"', 2), "already mapped at line",
    ),
    (
        "mappings/empty_rationale.yaml", None, "4.2 -> 4.2", "rationale",
        ('rationale: ""', 1), "must not be empty",
    ),
    (
        "mappings/incomplete.yaml", None, None, "complete",
        ("  complete: true", 1), "have no entry as source: 4.2",
    ),
    ("mappings/no_header.yaml", None, None, "mapping", ("entries:", 1), "'mapping:' header"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "inner", "item", "field", "marker", "message"),
    CASES,
    ids=[f"{c[0]}:{c[1] or ''}:{c[3] or ''}" for c in CASES],
)
def test_malformed_fixture_is_rejected_with_location(fixture, inner, item, field, marker, message):
    target = MALFORMED / fixture
    issues = validate_paths([target])
    expected_file = target / inner if inner else target
    found = [i for i in issues if message in i.message]
    assert found, "\n".join(map(str, issues))
    issue = found[0]
    assert Path(issue.file) == expected_file
    assert issue.item == item
    assert issue.field == field
    if marker is not None:
        assert issue.line == line_of(expected_file, *marker)
    text = str(issue)
    assert text.startswith(str(expected_file))
    if item is not None:
        assert f"item '{item}'" in text
    if field is not None:
        assert f"field '{field}'" in text


def test_every_malformed_file_has_a_case():
    covered = {c[0] for c in CASES}
    on_disk = {p.name for p in MALFORMED.iterdir() if p.name != "mappings"}
    on_disk |= {f"mappings/{p.name}" for p in (MALFORMED / "mappings").iterdir()}
    assert on_disk == covered


def test_complete_format2_bank_loads():
    bank = load_questionnaire(FIXTURES / "format2_complete.yaml")
    assert bank.format == 2
    beta = bank.item("6.1.2-beta")
    assert (beta.basis, beta.documented_information, beta.advisory) == ("note", "none", True)
    assert bank.item("4.1-alpha").change_note.startswith("The alpha requirement")


def test_format1_bank_needs_no_format2_fields(tmp_path):
    text = (MALFORMED / "format2_incomplete.yaml").read_text(encoding="utf-8")
    assert "format: 2\n" in text
    bank = tmp_path / "format1.yaml"
    bank.write_text(text.replace("format: 2\n", ""), encoding="utf-8")
    # What format 2 requires is optional in format 1.
    assert validate_paths([bank]) == []


def test_all_problems_reported_at_once():
    issues = validate_paths([MALFORMED / "folder_bank", MALFORMED / "unknown_field.yaml"])
    files = {Path(i.file).name for i in issues}
    assert files == {"clause-04.yaml", "clause-06.yaml", "unknown_field.yaml"}
    fields = {i.field for i in issues if Path(i.file).name == "unknown_field.yaml"}
    assert fields == {"outcome_acton", "outcome_action"}


def test_load_raises_with_every_issue():
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(MALFORMED / "unknown_field.yaml")
    assert len(caught.value.issues) == 2
    assert "2 problems found" in str(caught.value)


@pytest.mark.parametrize("name", ["missing.yaml", "missing_folder"])
def test_missing_paths_are_issues_not_tracebacks(tmp_path, name):
    issues = validate_paths([tmp_path / name])
    assert [i.message for i in issues] == ["no such file or folder"]
    with pytest.raises(QuestionnaireError):
        load_questionnaire(tmp_path / name)


def test_empty_folder_is_reported(tmp_path):
    issues = validate_paths([tmp_path])
    assert len(issues) == 1
    assert "no questionnaire.yaml" in issues[0].message
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(tmp_path)
    assert "no questionnaire.yaml" in str(caught.value)


def test_item_file_stands_for_its_folder_bank():
    issues = validate_paths([MALFORMED / "folder_bank" / "clause-06.yaml"])
    assert {Path(i.file).name for i in issues} == {"clause-04.yaml", "clause-06.yaml"}


def test_valid_single_file_bank_loads():
    bank = load_questionnaire(FIXTURES / "valid.yaml")
    assert bank.id == "test-bank"
    assert [i.id for i in bank.items] == ["4.1-alpha", "6.1.2-beta", "8.3-gamma"]
    beta = bank.item("6.1.2-beta")
    assert beta.weight == 1.0 and beta.effort == "M" and not beta.advisory
    assert bank.item("4.1-alpha").weight == 1.5
    gamma = bank.item("8.3-gamma")
    assert gamma.scale_wording == {"compliance": {0: "No design control at all."}}
    assert gamma.level_wording("compliance", 0, "x") == "No design control at all."
    assert bank.source == str(FIXTURES / "valid.yaml")


def test_valid_folder_bank_equals_single_file_bank():
    single = load_questionnaire(FIXTURES / "valid.yaml")
    folder = load_questionnaire(FIXTURES / "valid_folder")
    assert folder.id == "test-folder-bank"
    assert folder.items == single.items
    assert folder.scales == single.scales


def test_unquoted_clause_numbers_stay_text(tmp_path):
    text = (FIXTURES / "valid.yaml").read_text().replace('clause: "6.1.2"', "clause: 6.1.2")
    text = text.replace('clause: "4.1"', "clause: 4.1").replace('version: "0.1"', "version: 0.1")
    path = tmp_path / "unquoted.yaml"
    path.write_text(text)
    bank = load_questionnaire(path)
    assert bank.item("4.1-alpha").clause == "4.1"
    assert bank.version == "0.1"


def test_issue_text_format():
    issue = ValidationIssue("bank.yaml", "4.1-x", "tags", 12, "unknown tag 'ai'")
    assert str(issue) == "bank.yaml:12: item '4.1-x', field 'tags': unknown tag 'ai'"
    assert str(ValidationIssue("bank.yaml", None, None, None, "file is empty")) == (
        "bank.yaml: file is empty"
    )


def test_model_built_in_code_checks_ids_and_dependencies():
    bank = load_questionnaire(FIXTURES / "valid.yaml")
    alpha = bank.item("4.1-alpha")
    with pytest.raises(ValueError, match="used more than once"):
        Questionnaire(**{**bank.model_dump(), "items": [alpha, alpha]})
    orphan = Item(**{**alpha.model_dump(), "id": "4.1-orphan", "depends_on": ["4.1-none"]})
    with pytest.raises(ValueError, match="unknown item '4.1-none'"):
        Questionnaire(**{**bank.model_dump(), "items": [orphan]})


@pytest.mark.parametrize(("title", "message"), [("   ", "must not be empty"),
                                                ("x" * 71, "at most 70"), ("x" * 70, None)])
def test_item_title_is_a_short_name(title, message):
    alpha = load_questionnaire(FIXTURES / "valid.yaml").item("4.1-alpha")
    fields = {**alpha.model_dump(), "title": title}
    if message is None:
        assert Item(**fields).title == title
    else:
        with pytest.raises(ValueError, match=message):
            Item(**fields)
