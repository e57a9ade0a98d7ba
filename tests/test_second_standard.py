"""A bank of another standard (three clauses of ISO 14001) runs through the same code as
the shipped ISO 9001 bank: loaded, validated, answered, scored and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import load_questionnaire, validate_paths
from gapassess.domain.report import ReportMeta, build_report
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.wording.roadmap_text import reason_text
from tests import report_support as rs

BANK = Path(__file__).parent / "fixtures" / "questionnaires" / "iso14001-demo"
LEVELS = {  # item id -> (compliance, outcome)
    "4.1-environmental-conditions": (3, 1),
    "6.1.2-aspects-register": (1, 0),
    "6.1.2-significance-criteria": (2, 2),
    "9.1.1-environmental-indicators": (4, 3),
}


@pytest.fixture(scope="module")
def bank():
    return load_questionnaire(BANK)


@pytest.fixture(scope="module")
def scored(bank):
    answers = [Answer(item_id=i, compliance=c, outcome=o) for i, (c, o) in LEVELS.items()]
    answers.append(Answer(item_id="9.1.1-measuring-equipment", compliance=None, outcome=None,
                          not_applicable=True,
                          justification="An external laboratory does every measurement."))
    profile = OrgProfile(name="Greenfield Ltd", target_date=rs.TARGET, capacity=8.0,
                         start_date=rs.TODAY)
    result = assess(bank, answers, default_scoring_model(), profile=profile, today=rs.TODAY)
    return answers, result


def test_bank_validates_and_owns_its_structure(bank):
    assert validate_paths([BANK]) == []
    assert bank.standard == "ISO 14001:2015"
    assert bank.top_clauses == ("4", "6", "9")
    assert bank.clause_title("6.1.2") == "Environmental aspects"
    assert bank.subclauses_of("6") == ("6.1",)
    assert list(bank.items_by_clause()) == ["4", "6", "9"]
    assert "aspects" in bank.tags and "digital" not in bank.tags


def test_a_clause_of_iso_9001_is_not_a_clause_of_this_bank(tmp_path, bank):
    folder = tmp_path / "iso14001-demo"
    folder.mkdir()
    for path in BANK.iterdir():
        text = path.read_text()
        if path.name == "items.yaml":
            text = text.replace('clause: "4.1"', 'clause: "4.4"', 1).replace(
                "id: 4.1-environmental-conditions", "id: 4.4-environmental-conditions", 1)
            text = text.replace("[4.1-environmental-conditions]",
                                "[4.4-environmental-conditions]")
            text = text.replace("tags: [indicators]", "tags: [indicators, digital]", 1)
        (folder / path.name).write_text(text)
    issues = validate_paths([folder])
    shown = [str(i) for i in issues]
    items = folder / "items.yaml"
    clause_line = items.read_text().splitlines().index('    clause: "4.4"') + 1
    assert f"{items}:{clause_line}: item '4.4-environmental-conditions', field 'clause': " \
           "'4.4' is not a clause of ISO 14001:2015 (did you mean '4.1'?)" in shown
    tag = next(i for i in issues if i.field == "tags")
    assert tag.item == "9.1.1-environmental-indicators" and "unknown tag 'digital'" in tag.message


def test_scores_carry_the_standards_clause_titles(bank, scored):
    _, result = scored
    assert [(c.clause, c.title) for c in result.clauses] == [
        (number, bank.clause_title(number)) for number in ("4", "4.1", "6", "6.1", "9", "9.1")
    ]
    reasons = [reason_text(r) for action in result.roadmap.actions for r in action.reasons]
    assert any("6.1.2 Environmental aspects" in reason for reason in reasons)


def test_report_is_built_through_the_same_code(bank, scored):
    answers, result = scored
    document = build_report(result, bank, answers, ReportMeta(organisation="Greenfield Ltd",
                                                              date=rs.TODAY))
    text = rs.all_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Clause 4: Context of the organization", "Clause 6: Planning",
            "Clause 9: Performance evaluation"} <= set(headings)
    assert not [h for h in headings if h.startswith(("Clause 5", "Clause 7", "Clause 8"))]
    assert "clause numbers and titles refer to ISO 14001:2015" in text
    assert "planning the transition to ISO 14001:2015" in text
    assert "certify conformity to ISO 14001 or to any other standard" in text
    assert "ISO 9001:2026 transition gap assessment" not in text
    assert document.core_properties.keywords.startswith("ISO 14001:2015")
    assert document.core_properties.title == f"{bank.title}: Greenfield Ltd"
