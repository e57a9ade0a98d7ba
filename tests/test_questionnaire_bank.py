"""The shipped ISO 9001:2026 question bank: valid, complete, and true to the 2026 changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapassess.domain.questionnaire import (
    Questionnaire,
    covers,
    get_questionnaire,
    validate_paths,
)
from gapassess.paths import questionnaires_dir

TEXT_FIELDS = (
    "title",
    "question",
    "guidance",
    "conformity_evidence",
    "outcome_practice",
    "compliance_only_signs",
    "conformity_action",
    "outcome_action",
)
SHIPPED_FILES = sorted(questionnaires_dir().rglob("*.yaml"))

#: Sub-clauses that must each have at least one item in a complete ISO 9001:2026 bank.
COVERAGE_CLAUSES: tuple[str, ...] = (
    "4.1", "4.2", "4.3", "4.4",
    "5.1.1", "5.1.2", "5.2", "5.3",
    "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
    "7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "7.1.6", "7.2", "7.3", "7.4", "7.5",
    "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7",
    "9.1.1", "9.1.2", "9.1.3", "9.2", "9.3",
    "10.1", "10.2",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_user_folders(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)


@pytest.fixture
def bank() -> Questionnaire:
    return get_questionnaire("iso9001-2026")


def test_every_shipped_file_is_found():
    names = {p.name for p in SHIPPED_FILES}
    assert {"questionnaire.yaml", "clause-04.yaml", "iso9001-2015-to-2026.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_validator_accepts_every_shipped_file(path: Path):
    assert [str(issue) for issue in validate_paths([path])] == []


def test_validate_with_no_paths_checks_everything_shipped():
    assert [str(issue) for issue in validate_paths([])] == []


def test_every_coverage_subclause_has_an_item(bank):
    uncovered = [c for c in COVERAGE_CLAUSES if not any(covers(i.clause, c) for i in bank.items)]
    assert uncovered == []


def test_bank_size_and_clause_spread(bank):
    assert len(bank.items) >= 60
    assert bank.top_clauses == ("4", "5", "6", "7", "8", "9", "10")
    assert list(bank.items_by_clause()) == list(bank.top_clauses)


def test_text_fields_non_empty_and_tags_documented(bank):
    for item in bank.items:
        for name in TEXT_FIELDS:
            assert getattr(item, name).strip(), f"{item.id}: {name} is empty"
        assert item.tags, f"{item.id} has no tags"
        assert set(item.tags) <= set(bank.tags), item.id
        assert item.clause in bank.structure.item_clauses
        assert item.id.startswith(item.clause + "-")
        assert 0 < item.weight <= 5
        if item.not_applicable_allowed:
            assert item.not_applicable_guidance


def test_titles_are_short_distinct_names(bank):
    titles = [item.title for item in bank.items]
    assert len(set(titles)) == len(titles)
    for item in bank.items:
        assert len(item.title) <= 70, item.id
        assert not item.title.endswith("."), item.id
        assert item.title[:1].isupper(), item.id
        assert item.title != item.question, item.id


def test_ids_unique_and_dependencies_resolve(bank):
    ids = [item.id for item in bank.items]
    assert len(ids) == len(set(ids))
    for item in bank.items:
        for target in item.depends_on:
            assert bank.item(target).id == target


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("4.1", "clarified"),
        ("4.2", "expanded"),
        ("5.1.1", "new"),
        ("6.1", "structural"),
        ("6.1.2", "expanded"),
        ("6.1.3", "expanded"),
        ("6.3", "expanded"),
        ("7.1.4", "clarified"),
        ("7.3", "new"),
        ("7.5", "clarified"),
        ("9.1.3", "expanded"),
        ("9.3.2", "expanded"),
        ("10", "structural"),
    ],
)
def test_each_2026_change_has_its_own_item(bank, clause, kind):
    matching = [i.id for i in bank.items if covers(i.clause, clause) and i.change == kind]
    assert matching, f"no '{kind}' item under {clause}"


def test_digital_items_spread_over_clauses(bank):
    digital = [item for item in bank.items if "digital" in item.tags]
    assert len(digital) >= 5
    assert len({item.top_clause for item in digital}) >= 4
    assert bank.item("4.1-digital-transformation").advisory


def test_new_5_1_1_commitments_are_separate_items(bank):
    five = {item.id: item for item in bank.items if item.clause == "5.1.1"}
    assert five["5.1.1-quality-culture"].change == "new"
    assert five["5.1.1-ethical-behaviour"].change == "new"
    assert "culture" in five["5.1.1-quality-culture"].tags
    assert "ethics" in five["5.1.1-ethical-behaviour"].tags
    assert "5.1.1-process-approach-promotion" in five
    assert "5.1.1-risk-opportunity-thinking" in five
    assert five["5.1.1-quality-culture"].weight > 1.0


def test_climate_relevance_must_be_determined(bank):
    item = bank.item("4.1-climate-relevance")
    assert item.change == "clarified"
    assert "climate" in item.tags
    assert not item.not_applicable_allowed
    assert "not relevant" in item.guidance
    # the dependent climate risk item may be N/A when climate was found not relevant
    follow_up = bank.item("6.1.1-climate-risks-opportunities")
    assert follow_up.not_applicable_allowed
    assert "4.1-climate-relevance" in follow_up.depends_on


def test_change_planning_items_cover_the_2026_list(bank):
    six_three = [item for item in bank.items if item.clause == "6.3"]
    assert len(six_three) >= 6
    assert all("change" in item.tags for item in six_three)
    expanded = {item.id for item in six_three if item.change == "expanded"}
    assert {
        "6.3-change-information",
        "6.3-change-communication",
        "6.3-change-effectiveness",
        "6.3-change-results-review",
    } <= expanded


def test_dependencies_follow_planning_logic(bank):
    assert "4.1-context-issues" in bank.item("6.2.1-quality-objectives").depends_on
    assert "6.1.1-risk-determination" in bank.item("6.3-change-planning").depends_on
    assert "6.1.1-risk-determination" in bank.item("6.1.2-risk-actions").depends_on


def test_scales_define_every_level_in_our_words(bank):
    compliance = [lv.label for lv in bank.scales["compliance"].levels]
    outcome = [lv.label for lv in bank.scales["outcome"].levels]
    assert compliance == ["Absent", "Informal", "Defined", "Implemented", "Assured"]
    assert outcome == [
        "Not measured",
        "Activity only",
        "Outcomes measured",
        "Integrated and owned",
        "Learning loop",
    ]
    for scale in bank.scales.values():
        assert [lv.level for lv in scale.levels] == [0, 1, 2, 3, 4]
        assert all(lv.description for lv in scale.levels)


def test_per_item_wording_overrides_only_where_given(bank):
    item = bank.item("4.1-climate-relevance")
    generic = bank.scales["compliance"].level(2).description
    assert "reasoning" in item.level_wording("compliance", 2, generic)
    assert item.level_wording("outcome", 0, "generic") == "generic"  # level 0 is not given


def test_clause_titles_cover_every_clause(bank):
    assert bank.standard == "ISO 9001:2026"
    assert bank.structure.item_clauses <= set(bank.clause_titles)
    assert bank.clause_title("4.1") == "Understanding the organization and its context"
    assert bank.clause_title("10.1") == "Continual improvement"
    assert bank.clause_title("10.3") == ""
    assert bank.subclauses_of("6") == ("6.1", "6.2", "6.3")


def test_items_by_clause_and_lookup(bank):
    groups = bank.items_by_clause()
    assert all(item.top_clause == top for top, items in groups.items() for item in items)
    assert sum(len(items) for items in groups.values()) == len(bank.items)
    assert bank.item("6.1.2-risk-actions").subclause == "6.1"
    with pytest.raises(KeyError):
        bank.item("4.1-no-such-item")


def test_format_doc_lists_every_tag_and_field(bank):
    doc = (Path(__file__).parent.parent / "docs" / "questionnaire-format.md").read_text()
    from gapassess.domain.questionnaire import Item

    for tag in bank.tags:
        assert f"`{tag}`" in doc, tag
    for name in Item.model_fields:
        assert f"| `{name}` |" in doc, name
