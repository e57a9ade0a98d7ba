"""A bank's structure (standard, clauses, tags, previous edition) is validated like the rest
of the bank: every problem names the file, the line and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gapassess.domain.questionnaire import (
    Item,
    Questionnaire,
    load_mapping,
    load_questionnaire,
    validate_paths,
)

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
DEMO = FIXTURES / "iso14001-demo"
STRUCTURE = (DEMO / "structure.yaml").read_text()


def demo_copy(tmp_path: Path, structure: str = STRUCTURE) -> Path:
    folder = tmp_path / "iso14001-demo"
    shutil.copytree(DEMO, folder)
    (folder / "structure.yaml").write_text(structure)
    return folder


def line_of(path: Path, marker: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if marker in text)


@pytest.mark.parametrize(("old", "new", "field", "marker", "message"), [
    ('  "6.1": Actions to address risks and opportunities\n', "", "clauses", "clauses:",
     "clause '6.1.2' lies under '6.1', which is not listed"),
    ('  "9.1.1"', '  "A.1"', "clauses.A.1", '"A.1"', "'A.1' is not a clause number"),
    ("  \"6\": Planning", '  "6": "  "', "clauses.6", '"6": "  "', "must not be empty"),
    ("tags: [", "tag: [", "tag", "tag: [", "unknown field 'tag' (did you mean 'tags'?)"),
    ("climate]", "climate, aspects]", "tags", "tags:", "'aspects' is listed more than once"),
    ("standard: ISO 14001:2015\n", "", "standard", None, "required field is missing"),
])  # fmt: skip
def test_structure_problems_are_located(tmp_path, old, new, field, marker, message):
    assert old in STRUCTURE
    folder = demo_copy(tmp_path, STRUCTURE.replace(old, new, 1))
    issues = validate_paths([folder])
    structure = folder / "structure.yaml"
    found = [i for i in issues if i.field == field and message in i.message]
    assert found, "\n".join(map(str, issues))
    assert found[0].file == str(structure)
    if marker is not None:
        assert found[0].line == line_of(structure, marker)


def test_unquoted_clause_numbers_in_a_structure_stay_text(tmp_path):
    folder = demo_copy(tmp_path, STRUCTURE.replace('"4": Context', "4: Context")
                       .replace('"6.1.2":', "6.1.2:"))
    bank = load_questionnaire(folder)
    assert bank.clause_title("4") == "Context of the organization"
    assert bank.clause_title("6.1.2") == "Environmental aspects"


def test_a_single_file_bank_declares_its_structure_inline(tmp_path):
    structure = "".join(f"  {line}\n" for line in STRUCTURE.splitlines()
                        if line and not line.startswith("#"))
    text = (FIXTURES / "valid.yaml").read_text()
    text = text.replace("items:\n", "structure:\n" + structure + "items:\n", 1)
    good = tmp_path / "inline.yaml"
    good.write_text(text.split("  - id: 4.1-alpha")[0] + _one_item())
    bank = load_questionnaire(good)
    assert bank.standard == "ISO 14001:2015" and bank.top_clauses == ("4", "6", "9")
    bad = tmp_path / "inline-bad.yaml"
    bad.write_text(good.read_text().replace('    "9.1": Monitoring', '    "9.2": Monitoring'))
    issues = validate_paths([bad])
    assert [(i.file, i.field, i.line) for i in issues] == [
        (str(bad), "structure.clauses", line_of(bad, "  clauses:"))]
    assert "clause '9.1.1' lies under '9.1'" in issues[0].message


def _one_item() -> str:
    return (
        "  - id: 6.1.2-aspects\n    clause: \"6.1.2\"\n    title: Aspects listed\n"
        "    change: new\n    tags: [aspects]\n    question: Which aspects?\n"
        "    guidance: Look.\n    conformity_evidence: A register.\n"
        "    outcome_practice: Used.\n    compliance_only_signs: Unused.\n"
        "    conformity_action: Write it.\n    outcome_action: Use it.\n    effort: S\n"
    )


def test_structure_declared_twice_is_an_error(tmp_path):
    folder = demo_copy(tmp_path)
    header = folder / "questionnaire.yaml"
    header.write_text(header.read_text() + "structure:\n  standard: ISO 14001:2015\n")
    issues = validate_paths([folder])
    assert [(i.file, i.field, i.line) for i in issues] == [
        (str(header), "structure", line_of(header, "structure:"))]
    assert "declared twice" in issues[0].message


def test_item_checks_against_the_structure(tmp_path):
    folder = demo_copy(tmp_path)
    items = folder / "items.yaml"
    text = items.read_text().replace('    clause: "4.1"', '    clause: "4"', 1)
    text = text.replace("id: 4.1-environmental-conditions", "id: 4-environmental-conditions")
    text = text.replace("[4.1-environmental-conditions]", "[4-environmental-conditions]")
    text = text.replace("    change: expanded\n", "    change: expanded\n"
                        "    source_clauses: [\"6.1.2\"]\n", 1)
    items.write_text(text)
    issues = {(i.item, i.field): i for i in validate_paths([folder])}
    top = issues[("4-environmental-conditions", "clause")]
    assert top.line == line_of(items, 'clause: "4"')
    assert "'4' is a top-level clause; attach the item to a clause under it (e.g. 4.1)" \
        in top.message
    source = issues[("6.1.2-aspects-register", "source_clauses")]
    assert source.line == line_of(items, "source_clauses:")
    assert "names no previous edition" in source.message
    assert len(issues) == 2


def test_source_clause_lines_point_at_the_entry(tmp_path):
    text = (FIXTURES / "valid.yaml").read_text()
    assert 'source_clauses: ["6.1.2"]' in text
    path = tmp_path / "bank.yaml"
    path.write_text(text.replace('source_clauses: ["6.1.2"]',
                                 'source_clauses:\n      - "6.1.2"\n      - "6.1.3"'))
    (issue,) = validate_paths([path])
    assert (issue.item, issue.field, issue.line) == ("6.1.2-beta", "source_clauses",
                                                      line_of(path, '- "6.1.3"'))
    assert issue.message.startswith("'6.1.3' is not a clause of ISO 9001:2015")


def test_a_bank_built_in_code_is_checked_against_its_structure():
    bank = load_questionnaire(DEMO)
    item = bank.item("4.1-environmental-conditions")
    stray = Item(**{**item.model_dump(), "id": "8.3-design", "clause": "8.3"})
    with pytest.raises(ValueError, match="'8.3' is not a clause of ISO 14001:2015"):
        Questionnaire(**{**bank.model_dump(), "items": [stray]})
    # without a structure a bank follows the shipped ISO 9001:2026 one
    fields = {k: v for k, v in bank.model_dump().items() if k != "structure"}
    assert Questionnaire(**{**fields, "items": [stray]}).standard == "ISO 9001:2026"


MAPPING = """\
mapping:
  id: demo-mapping
  version: "0.1"
  title: Demo mapping
  description: Two editions of a made-up standard.
  source: demo-2004
  target: demo-2015
  complete: true
editions:
  demo-2004:
    name: DEMO 1:2004
    clauses: {"4": Context, "4.1": Context, "4.2": Policy}
  demo-2015:
    name: DEMO 1:2015
    clauses: {"4": Context, "4.1": Context, "5": Leadership, "5.2": Policy}
entries:
  - {source: "4.1", target: "4.1", relationship: equal, rationale: Same.}
  - {source: "4.2", target: "5.2", relationship: equal, rationale: Moved.}
"""


def test_a_mapping_declares_its_editions(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(MAPPING)
    mapping = load_mapping(path)
    assert mapping.source_edition.name == "DEMO 1:2004"
    assert mapping.target_edition.item_clauses == {"4.1", "5.2"}


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ('target: "5.2"', 'target: "4.2"', "target", "'4.2' is not a clause of DEMO 1:2015"),
    ("target: demo-2015", "target: demo-2026", "mapping.target",
     "edition 'demo-2026' is not declared (known editions: demo-2004, demo-2015)"),
    ('"5": Leadership, ', "", "editions.demo-2015.clauses", "lies under '5'"),
    ('"4.2": Policy', '"4.2": Policy, "4.3": Scope', "complete",
     "these DEMO 1:2004 clauses have no entry as source: 4.3"),
])  # fmt: skip
def test_mapping_edition_problems_are_located(tmp_path, old, new, field, message):
    path = tmp_path / "demo.yaml"
    path.write_text(MAPPING.replace(old, new, 1))
    issues = validate_paths([path])
    found = [i for i in issues if i.field == field and message in i.message]
    assert found, "\n".join(map(str, issues))
    assert found[0].line is not None
