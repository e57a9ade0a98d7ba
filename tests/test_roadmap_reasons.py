"""Reasons and notes are codes with parameters; the wording module turns them into English."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import re
import threading
from datetime import date
from pathlib import Path

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine import reasons as codes
from gapassess.domain.engine.prepared import prepare
from gapassess.domain.engine.reasons import Reason
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.wording.roadmap_text import CODES, reason_text
from tests.test_scoring_factories import answers_for, small_bank

PROFILE = OrgProfile(start_date=date(2027, 1, 4), target_date=date(2029, 3, 30), capacity=40)


def _code_constants() -> set[str]:
    return {value for name, value in vars(codes).items()
            if name.isupper() and isinstance(value, str)}


def test_every_code_the_engine_knows_has_a_sentence():
    assert _code_constants() == CODES


def test_unknown_code_is_refused():
    with pytest.raises(KeyError):
        reason_text(Reason("no-such-code"))


def test_a_reason_cannot_be_changed():
    reason = Reason(codes.UNRATED_ITEMS, {"count": 3})
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        reason.params["count"] = 4  # type: ignore[index]
    assert reason == Reason(codes.UNRATED_ITEMS, {"count": 3})
    assert pickle.loads(pickle.dumps(reason)) == reason == copy.deepcopy(reason)
    assert hash(reason) == hash(Reason(codes.UNRATED_ITEMS, {"count": 3}))
    assert reason_text(reason) == (
        "3 items are not rated yet and produce no action until they are.")
    assert reason_text(Reason(codes.UNRATED_ITEMS, {"count": 1})) == (
        "1 item is not rated yet and produces no action until it is.")


def test_json_reasons_and_notes_carry_code_params_and_text():
    bank = small_bank()
    result = assess(bank, answers_for(bank, 1, 1)[:-2], default_scoring_model(), profile=OrgProfile(
        start_date=date(2027, 1, 4), target_date=date(2027, 6, 30), capacity=5))
    data = json.loads(result.to_json())
    shown = [r for a in data["roadmap"] for r in a["reasons"]] + data["notes"]
    assert data["notes"] and shown
    for entry in shown:
        assert set(entry) == {"code", "params", "text"}
        params = {k: tuple(v) if isinstance(v, list) else v for k, v in entry["params"].items()}
        assert reason_text(Reason(entry["code"], params)) == entry["text"]
    assert {n["code"] for n in data["notes"]} == {codes.INFEASIBLE, codes.UNRATED_ITEMS}
    late = [r for a in data["roadmap"] if a["kind"] != "outcome" for r in a["reasons"]
            if r["code"] == codes.ENDS_AFTER_DEADLINE]
    assert late and late[0]["params"] == {"capacity": 5.0, "deadline": "2027-06-02"}


def test_model_texts_travel_as_a_parameter():
    model = default_scoring_model().model_copy(deep=True)
    model.roadmap.change_reasons["new"] = "Our own words for new requirements."
    bank = small_bank()
    roadmap = assess(bank, answers_for(bank, 1, 1), model=model, profile=PROFILE).roadmap
    first = roadmap.action("5.1.1-quality-culture/conformity").reasons[0]
    assert first == Reason(codes.CHANGE_KIND, {"change": "new",
                                               "text": "Our own words for new requirements."})
    assert reason_text(first) == "Our own words for new requirements."
    milestone = roadmap.action("milestone/internal-audit").reasons[0]
    assert milestone.code == codes.MILESTONE_EXPECTED
    assert reason_text(milestone) == model.roadmap.milestones[0].reason


def _snapshot(prepared) -> str:
    return repr((prepared.items, dict(prepared.topo),
                 {k: list(v) for k, v in prepared.ranked.items()}))


def test_planning_leaves_the_prepared_structures_as_they_were():
    bank = small_bank()
    model = default_scoring_model()
    prepared = prepare(bank, model)
    before = _snapshot(prepared)
    for target in (date(2027, 3, 1), date(2028, 1, 31), date(2029, 3, 30)):
        for answers in (answers_for(bank, 0, 0), answers_for(bank, 2, 1),
                        [Answer("6.3-changes", 1, 1)]):
            roadmap = assess(bank, answers, model=model, profile=OrgProfile(
                start_date=date(2027, 1, 4), target_date=target)).roadmap
            deadline = roadmap.action("milestone/management-review").reasons[-1]
            if deadline.code == codes.ENDS_AFTER_DEADLINE:
                deadline = roadmap.action("milestone/management-review").reasons[-2]
            assert deadline.params["target"] == target.isoformat()
    assert _snapshot(prepared) == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared.items[0].conformity_rank = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        prepared.by_id["x"] = prepared.items[0]  # type: ignore[index]


def test_prepare_builds_once_per_pair_across_threads():
    bank = small_bank()
    model = default_scoring_model()
    found: list[object] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        found.append(prepare(bank, model))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and all(p is found[0] for p in found)


def test_docs_list_every_code():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "scoring.md").read_text("utf-8")
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", docs, flags=re.MULTILINE))
    assert listed >= CODES, sorted(CODES - listed)
