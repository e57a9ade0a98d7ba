"""Upgrade files: which items of a new bank version an answer on the old version speaks to."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from gapassess.domain.questionnaire import (
    RELATIONSHIPS_BETWEEN_VERSIONS,
    QuestionnaireError,
    get_questionnaire,
    load_questionnaire,
    validate_report,
)
from gapassess.domain.questionnaire.upgrade import (
    ItemLink,
    check_upgrade,
    load_upgrade,
    same_item_rationale,
    upgrade_for,
    upgrades_from,
)
from gapassess.paths import questionnaires_dir

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
SHIPPED = questionnaires_dir() / "upgrades" / "iso9001-2026-1.0-to-2.0.yaml"


def use_folders(monkeypatch, *folders: Path) -> None:
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", os.pathsep.join(map(str, folders)))


# --- the shipped file -----------------------------------------------------------------


@pytest.fixture(scope="module")
def banks():
    return get_questionnaire("iso9001-2026", "1.0"), get_questionnaire("iso9001-2026", "2.0")


@pytest.fixture(scope="module")
def shipped(banks):
    return load_upgrade(SHIPPED, *banks)


def test_shipped_file_covers_every_old_item_in_order(shipped, banks):
    old, new = banks
    assert (shipped.questionnaire_id, shipped.from_version, shipped.to_version) == (
        "iso9001-2026", "1.0", "2.0")
    assert list(shipped.links) == [item.id for item in old.items]
    assert len(shipped.links) == 75
    for source, links in shipped.links.items():
        assert links or source in shipped.removed
        for link in links:
            assert link.target in new.item_ids
            assert link.relationship in RELATIONSHIPS_BETWEEN_VERSIONS
            assert len(link.rationale) > 20


def test_vanished_items_go_to_their_new_items(shipped, banks):
    old, new = banks
    vanished = [item.id for item in old.items if item.id not in new.item_ids]
    assert len(vanished) == 11
    assert not shipped.removed  # every vanished 1.0 item has a 2.0 counterpart
    targets = {link.target for link in shipped.links["10.2-corrective-action"]}
    assert {"10.2.1-corrective-action", "10.2.1-action-effectiveness"} <= targets
    assert [link.target for link in shipped.links["7.1.4-process-environment-culture"]] == [
        "7.1.4-process-environment", "7.1.4-culture-ethics-environment"]


def test_unlisted_shared_items_carry_across_as_equal(shipped):
    assert shipped.links["4.1-context-issues"] == (
        ItemLink("4.1-context-issues", "equal", same_item_rationale()),)


@pytest.mark.parametrize(("source", "relationship"), [
    ("5.1.1-qms-accountability", "subset"),
    ("7.1.1-resources-determined", "subset"),
    ("5.3-roles-authorities", "superset"),
    ("8.5.1-controlled-conditions", "superset"),
    ("9.1.2-customer-satisfaction", "intersect"),
])  # fmt: skip
def test_shared_items_whose_scope_changed_are_not_equal(shipped, source, relationship):
    same = [link for link in shipped.links[source] if link.target == source]
    assert [link.relationship for link in same] == [relationship]


def test_links_to_lists_old_items_in_old_bank_order(shipped):
    pairs = shipped.links_to("8.2.1-contingency-and-property")
    assert [(old, link.relationship) for old, link in pairs] == [
        ("8.2.1-customer-communication", "superset"),
        ("8.5.3-property-and-preservation", "intersect"),
    ]
    assert shipped.links_to("4.2-interested-party-monitoring")[0][0] == (
        "4.2-interested-party-requirements")
    assert shipped.links_to("10.2.1-corrective-action")[0][0] == "10.2-corrective-action"
    assert shipped.links_to("no-such-item") == []


def test_upgrade_for_finds_the_shipped_file(monkeypatch, shipped):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)
    found = upgrade_for("iso9001-2026", "1.0", "2.0")
    assert found == shipped
    assert found is upgrade_for("iso9001-2026", "1.0", "2.0")  # cached
    assert upgrade_for("iso9001-2026", "1.0", "3.0") is None
    assert upgrade_for("iso9001-2026", "2.0", "1.0") is None
    assert upgrade_for("iso14001-2015", "1.0", "2.0") is None
    assert upgrades_from("iso9001-2026", "1.0") == [shipped]
    assert upgrades_from("iso9001-2026", "2.0") == []


def test_validate_reports_the_shipped_upgrade(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)
    report = validate_report([])
    assert not report.issues
    assert [(u.from_version, u.to_version) for u in report.upgrades] == [("1.0", "2.0")]


# --- small files ----------------------------------------------------------------------

HEADER = """\
upgrade:
  questionnaire: mine
  from_version: "1.0"
  to_version: "2.0"
  description: A tiny upgrade for the tests.
"""

GAMMA = """\
  - source: 8.3-gamma
    targets:
      - item: 8.3-delta
        relationship: superset
        rationale: Gamma became delta.
"""


def _bank_text(version: str, rename_gamma: bool) -> str:
    text = (FIXTURES / "valid.yaml").read_text().replace("id: test-bank", "id: mine")
    text = text.replace('version: "0.1"', f'version: "{version}"')
    return text.replace("id: 8.3-gamma", "id: 8.3-delta") if rename_gamma else text


@pytest.fixture
def folder(tmp_path) -> Path:
    """Bank 'mine' 1.0 (alpha, beta, gamma) and 2.0 (alpha, beta, delta), and an upgrades
    folder."""
    root = tmp_path / "banks"
    root.mkdir()
    (root / "mine-1.0.yaml").write_text(_bank_text("1.0", rename_gamma=False))
    (root / "mine-2.0.yaml").write_text(_bank_text("2.0", rename_gamma=True))
    (root / "upgrades").mkdir()
    return root


@pytest.fixture
def tiny(folder):
    return (load_questionnaire(folder / "mine-1.0.yaml"),
            load_questionnaire(folder / "mine-2.0.yaml"))


def _write(folder: Path, body: str, header: str = HEADER) -> Path:
    path = folder / "upgrades" / "mine-1.0-to-2.0.yaml"
    path.write_text(header + textwrap.dedent(body))
    return path


def _line(path: Path, marker: str, occurrence: int = 1) -> int:
    lines = [n for n, text in enumerate(path.read_text().splitlines(), 1) if marker in text]
    return lines[occurrence - 1]


def _issues(path, tiny):
    upgrade, issues = check_upgrade(path, *tiny)
    assert upgrade is None
    return [(i.file, i.item, i.field, i.line, i.message) for i in issues]


def test_small_file_loads(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA)
    upgrade = load_upgrade(path, *tiny)
    assert list(upgrade.links) == ["4.1-alpha", "6.1.2-beta", "8.3-gamma"]
    assert upgrade.links["8.3-gamma"] == (ItemLink("8.3-delta", "superset",
                                                   "Gamma became delta."),)
    assert upgrade.links["6.1.2-beta"][0].relationship == "equal"
    assert upgrade.links_to("8.3-delta") == [("8.3-gamma", upgrade.links["8.3-gamma"][0])]
    assert upgrade.path == str(path)


def test_removed_item_has_no_links(folder, tiny):
    path = _write(folder, """\
        entries:
          - source: 8.3-gamma
            removed: Nothing in 2.0 asks about gamma.
        """)
    upgrade = load_upgrade(path, *tiny)
    assert upgrade.links["8.3-gamma"] == ()
    assert dict(upgrade.removed) == {"8.3-gamma": "Nothing in 2.0 asks about gamma."}


def test_unknown_keys(folder, tiny):
    path = _write(folder, "extra: 1\nentries:\n" + GAMMA + "    sauce: tomato\n")
    issues = _issues(path, tiny)
    assert (str(path), None, "extra", _line(path, "extra:"),
            "unknown key 'extra'; an upgrade file holds 'upgrade:' and 'entries:'") in issues
    assert (str(path), "8.3-gamma", "sauce", _line(path, "sauce:"),
            "unknown field 'sauce' (did you mean 'source'?)") in issues


def test_unknown_source_and_target(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA + textwrap.indent(textwrap.dedent("""\
          - source: 4.1-alfa
            targets:
              - item: 4.1-alpha
                relationship: equal
                rationale: Same.
          - source: 6.1.2-beta
            targets:
              - item: 6.1.2-betta
                relationship: equal
                rationale: Same.
        """), "  "))
    issues = _issues(path, tiny)
    assert (str(path), "4.1-alfa", "source", _line(path, "4.1-alfa"),
            "'4.1-alfa' is not an item of mine 1.0 (did you mean '4.1-alpha'?)") in issues
    assert (str(path), "6.1.2-beta", "targets[0].item", _line(path, "6.1.2-betta"),
            "'6.1.2-betta' is not an item of mine 2.0 (did you mean '6.1.2-beta'?)") in issues
    assert len(issues) == 2


def test_old_item_listed_twice(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA + GAMMA)
    assert _issues(path, tiny) == [
        (str(path), "8.3-gamma", "source", _line(path, "source: 8.3-gamma", 2),
         f"'8.3-gamma' is already listed at line {_line(path, 'source: 8.3-gamma')}"),
    ]


def test_target_listed_twice_under_one_source(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA + GAMMA.split("targets:\n")[1])
    assert _issues(path, tiny) == [
        (str(path), "8.3-gamma", "targets[1].item", _line(path, "item: 8.3-delta", 2),
         "'8.3-delta' is already a target of this entry at line "
         f"{_line(path, 'item: 8.3-delta')}"),
    ]


def test_entry_with_both_targets_and_removed(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA + "    removed: Gone.\n")
    assert _issues(path, tiny) == [
        (str(path), "8.3-gamma", "removed", _line(path, "removed:"),
         "an entry has either 'targets' or 'removed', not both"),
    ]


def test_entry_with_neither_targets_nor_removed(folder, tiny):
    path = _write(folder, "entries:\n  - source: 8.3-gamma\n")
    assert _issues(path, tiny) == [
        (str(path), "8.3-gamma", "targets", _line(path, "source: 8.3-gamma"),
         "an entry needs 'targets' (the new items) or 'removed' (why there are none)"),
    ]


def test_vanished_old_item_must_be_listed(folder, tiny):
    path = _write(folder, "entries: []\n")
    assert _issues(path, tiny) == [
        (str(path), "8.3-gamma", "entries", _line(path, "entries:"),
         "'8.3-gamma' is not an item of version 2.0: list its new items under 'targets' or "
         "say under 'removed' why there are none"),
    ]


def test_shared_item_cannot_be_removed(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA + "  - source: 4.1-alpha\n    removed: x.\n")
    ((_file, item, field, line, message),) = _issues(path, tiny)
    assert (item, field, line) == ("4.1-alpha", "removed", _line(path, "removed:"))
    assert "still an item of version 2.0" in message


def test_bad_relationship_is_located(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA.replace("superset", "renamed"))
    ((_file, item, field, line, message),) = _issues(path, tiny)
    assert (item, field, line) == ("8.3-gamma", "targets[0].relationship",
                                   _line(path, "renamed"))
    assert "'equal', 'subset', 'superset' or 'intersect'" in message


def test_load_raises_with_every_issue(folder, tiny):
    path = _write(folder, "extra: 1\nentries: []\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_upgrade(path, *tiny)
    assert len(caught.value.issues) == 2


def test_banks_named_must_match_the_banks_given(folder, tiny):
    path = _write(folder, "entries:\n" + GAMMA)
    upgrade, issues = check_upgrade(path, tiny[1], tiny[0])
    assert upgrade is None
    fields = {(i.field, i.line) for i in issues}
    assert ("upgrade.from_version", _line(path, "from_version")) in fields
    assert ("upgrade.to_version", _line(path, "to_version")) in fields


def test_validate_names_a_bank_version_that_is_not_installed(folder):
    path = _write(folder, "entries:\n" + GAMMA, HEADER.replace('"2.0"', '"3.0"'))
    report = validate_report([folder])
    assert not report.upgrades
    assert [(i.file, i.field, i.line, i.message) for i in report.issues] == [
        (str(path), "upgrade.to_version", _line(path, "to_version"),
         "questionnaire 'mine' version 3.0 is not installed"),
    ]


def test_validate_checks_user_upgrade_files(folder):
    path = _write(folder, "entries:\n" + GAMMA)
    report = validate_report([folder])
    assert not report.issues
    assert [u.path for u in report.upgrades] == [str(path)]
    report = validate_report([path])  # the file alone, against the installed banks
    assert report.issues  # bank 'mine' is only in the folder, which is not installed


def test_upgrade_for_looks_in_user_folders(monkeypatch, folder):
    path = _write(folder, "entries:\n" + GAMMA)
    use_folders(monkeypatch, folder)
    found = upgrade_for("mine", "1.0", "2.0")
    assert found is not None and found.path == str(path)
    assert upgrades_from("mine", "1.0") == [found]
    assert upgrade_for("mine", "2.0", "3.0") is None
    path.write_text(path.read_text().replace("Gamma became delta.", "Edited reason."))
    os.utime(path, ns=(1, 1))
    edited = upgrade_for("mine", "1.0", "2.0")
    assert edited is not None and edited.links["8.3-gamma"][0].rationale == "Edited reason."


def test_upgrades_from_lists_the_newest_target_first(monkeypatch, folder):
    _write(folder, "entries:\n" + GAMMA)
    (folder / "mine-2.10.yaml").write_text(_bank_text("2.10", rename_gamma=True))
    (folder / "upgrades" / "mine-1.0-to-2.10.yaml").write_text(
        HEADER.replace('"2.0"', '"2.10"') + "entries:\n" + GAMMA)
    use_folders(monkeypatch, folder)
    assert [u.to_version for u in upgrades_from("mine", "1.0")] == ["2.10", "2.0"]


def test_broken_user_upgrade_file_raises(monkeypatch, folder):
    _write(folder, "entries: []\n")
    use_folders(monkeypatch, folder)
    with pytest.raises(QuestionnaireError, match="8.3-gamma"):
        upgrade_for("mine", "1.0", "2.0")
