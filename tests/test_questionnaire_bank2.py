"""Bank 2.0 of ISO 9001:2026: every requirement group an auditor samples has its own item,
notes and Annex A stay advisory, and the transition facts are tagged as they changed."""

from __future__ import annotations

import re

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model

#: Every one of these sub-clauses has at least one item whose clause is exactly it.
SUBCLAUSES = (
    "4.1", "4.2", "4.3", "4.4.1", "4.4.2", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3",
    "6.1.1", "6.1.2", "6.1.3", "6.2.1", "6.2.2", "6.3", "7.1.1", "7.1.2", "7.1.3", "7.1.4",
    "7.1.5.1", "7.1.5.2", "7.1.6", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1",
    "8.2.1", "8.2.2", "8.2.3", "8.2.4", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5",
    "8.3.6", "8.4.1", "8.4.2", "8.4.3", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5",
    "8.5.6", "8.6", "8.7", "9.1.1", "9.1.2", "9.1.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2",
    "9.3.3", "10.1", "10.2.1", "10.2.2",
)  # fmt: skip
TEXTS = ("question", "guidance", "conformity_evidence", "outcome_practice",
         "compliance_only_signs", "conformity_action", "outcome_action")


@pytest.fixture(autouse=True)
def _no_user_folders(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire("iso9001-2026", "2.0")


def test_new_assessments_get_bank_2_and_bank_1_stays_loadable(bank):
    assert get_questionnaire("iso9001-2026").version == "2.0"
    assert get_questionnaire("iso9001-2026", "1.0").version == "1.0"
    assert bank.format == 2


@pytest.mark.parametrize("clause", SUBCLAUSES)
def test_every_sampled_subclause_has_its_own_item(bank, clause):
    assert [item.id for item in bank.items if item.clause == clause]


def test_depth_is_that_of_a_certification_checklist(bank):
    assert 120 <= len(bank.items) <= 180


def test_notes_and_annex_a_are_advisory_and_never_a_conformity_gap(bank):
    advisory = [item for item in bank.items if item.advisory]
    assert advisory and all(item.basis in ("note", "annex-a") for item in advisory)
    assert all(item.advisory for item in bank.items if item.basis != "requirement")
    for item in advisory:
        assert item.conformity_action.startswith("Consider"), item.id
    result = assess(bank, [Answer(item.id, 0, 0) for item in bank.items],
                    default_scoring_model(), profile=OrgProfile(capacity=1000))
    conformity = {a.item_id for a in result.roadmap.actions if a.kind == "conformity"}
    assert conformity.isdisjoint(item.id for item in advisory)
    assert conformity == {item.id for item in bank.items if not item.advisory}


def test_annex_a_guidance_never_counts_in_transition_readiness(bank):
    model = default_scoring_model()
    annex = [item for item in bank.items if item.basis == "annex-a"]
    assert annex and all("digital" in item.tags for item in annex)
    assert all(item.change not in model.transition_changes for item in annex)


def test_the_2026_changes_are_tagged_as_they_changed(bank):
    by_clause: dict[str, set[str]] = {}
    for item in bank.items:
        by_clause.setdefault(item.clause, set()).add(item.change)
    assert by_clause["10.2.1"] == by_clause["10.2.2"] == {"unchanged"}
    assert "structural" in by_clause["10.1"]
    assert "new" in by_clause["5.1.1"] and "new" in by_clause["7.3"]
    assert "expanded" in by_clause["6.3"] and "expanded" in by_clause["9.3.2"]
    climate_note = bank.item("4.2-climate-requirements")
    assert (climate_note.advisory, climate_note.basis) == (True, "note")
    assert climate_note.change != "expanded"
    culture_note = [i for i in bank.items if i.clause == "7.1.4" and i.basis == "note"]
    assert culture_note and all(i.advisory for i in culture_note)


def test_each_changed_item_says_what_changed_and_where_it_came_from(bank):
    for item in bank.items:
        assert item.documented_information is not None
        if item.change != "unchanged":
            assert item.change_note, item.id
        if item.change != "new":
            assert item.source_clauses, item.id
        assert sorted(item.scale_wording.get("outcome", {})) >= [1, 2, 3, 4], item.id


def test_no_demand_for_documents_the_standard_does_not_require(bank):
    for item in bank.items:
        text = " ".join(getattr(item, name) for name in TEXTS)
        text += " ".join(item.scale_wording.get("compliance", {}).values())
        assert not re.search(r"auditor will (look|ask) for", text, re.I), item.id
        for document in ("communication matrix", "knowledge map", "improvement register",
                         "written culture description"):
            assert document not in text.lower() or "no " + document in text.lower() \
                or "not " in text.lower(), (item.id, document)


def test_no_wording_assumes_a_certificate(bank):
    for item in bank.items:
        text = " ".join(getattr(item, name) for name in TEXTS).lower()
        assert "last surveillance" not in text, item.id
        assert "revise to the 2026 numbering" not in text, item.id


def test_dependencies_follow_planning_logic(bank):
    assert "4.1-climate-relevance" in bank.item("6.1.1-climate-risks-opportunities").depends_on
    assert "6.1.1-risk-determination" in bank.item("6.1.2-risk-actions").depends_on


def test_the_mapping_covers_bank_2_and_its_previous_edition(bank):
    from gapassess.domain.questionnaire import load_mapping
    from gapassess.paths import questionnaires_dir

    mapping = load_mapping(questionnaires_dir() / "mappings" / "iso9001-2015-to-2026.yaml")
    new, old = mapping.editions["iso9001-2026"], mapping.editions["iso9001-2015"]
    assert set(new.clauses) == set(bank.clause_titles)
    subclauses = {c for c in old.clauses if "." in c}
    assert subclauses == set(bank.structure.previous_edition.clauses)
    sources = {entry.source for entry in mapping.entries if entry.source}
    assert subclauses <= sources  # every 2015 sub-clause says where it went
    assert {"4.4.1", "4.4.2", "10.2.1", "10.2.2"} <= sources
    (improvement,) = [e for e in mapping.entries if e.source == "10.1" and e.target == "10.1"]
    assert improvement.relationship == "subset"
    item_sources = {source for item in bank.items for source in item.source_clauses}
    assert item_sources <= set(old.clauses)
