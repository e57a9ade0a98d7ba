"""The shipped ISO 9001:2015 -> 2026 clause mapping."""

from __future__ import annotations

import pytest

from gapassess.domain.questionnaire import (
    RELATIONSHIPS,
    ClauseMapping,
    get_mapping,
    load_mapping,
)
from gapassess.paths import questionnaires_dir


@pytest.fixture(scope="module")
def mapping() -> ClauseMapping:
    return get_mapping("iso9001-2015-to-2026")


def test_loads_from_shipped_file(mapping):
    path = questionnaires_dir() / "mappings" / "iso9001-2015-to-2026.yaml"
    assert load_mapping(path) == mapping
    assert mapping.header.source == "iso9001-2015"
    assert mapping.header.target == "iso9001-2026"
    assert mapping.header.complete


def test_every_2015_clause_has_a_destination(mapping):
    sources = {entry.source for entry in mapping.entries}
    assert sources == mapping.source_edition.item_clauses
    assert mapping.source_edition.name == "ISO 9001:2015"
    assert "10.3" in sources


def test_every_target_is_a_2026_clause_and_all_are_reached(mapping):
    targets = {entry.target for entry in mapping.entries}
    assert targets == mapping.target_edition.item_clauses
    assert "6.1.3" in targets and "10.3" not in targets


def test_relationships_and_rationales(mapping):
    for entry in mapping.entries:
        assert entry.relationship in RELATIONSHIPS
        assert len(entry.rationale) > 20


def test_clause_10_restructure(mapping):
    (old_10_3,) = mapping.targets_for("10.3")
    assert old_10_3.target == "10.1"
    assert [e.target for e in mapping.targets_for("10.1")] == ["10.1"]
    assert {e.source for e in mapping.sources_for("10.1")} == {"10.1", "10.3"}


def test_6_1_split(mapping):
    assert {e.target for e in mapping.targets_for("6.1.2")} == {"6.1.2", "6.1.3"}
    assert mapping.sources_for("6.1.3")[0].source == "6.1.2"
    assert mapping.targets_for("6.1")[0].relationship == "subset"


@pytest.mark.parametrize(
    ("source", "relationship"),
    [("4.1", "subset"), ("4.2", "subset"), ("5.1.1", "subset"), ("6.3", "subset"),
     ("7.3", "subset"), ("9.1.3", "subset"), ("9.3.2", "subset"), ("8.5.1", "equal")],
)  # fmt: skip
def test_changed_clauses_are_not_marked_equal(mapping, source, relationship):
    assert [e.relationship for e in mapping.targets_for(source)] == [relationship]


def test_unknown_mapping_id():
    with pytest.raises(KeyError):
        get_mapping("iso9001-2008-to-2015")
