"""Small questionnaires built in code for the scoring, roadmap and answers tests."""

from __future__ import annotations

from gapassess.domain.answers import Answer
from gapassess.domain.questionnaire import Item, Questionnaire, Scale, ScaleLevel

COMPLIANCE_LABELS = ["Absent", "Informal", "Defined", "Implemented", "Assured"]
OUTCOME_LABELS = ["Not measured", "Activity only", "Outcomes measured", "Integrated and owned",
                  "Learning loop"]


def make_scale(labels: list[str]) -> Scale:
    return Scale(levels=[ScaleLevel(level=n, label=label, description=f"{label} practice")
                         for n, label in enumerate(labels)])


def _title(item_id: str) -> str:
    """"6.1.1-risks" -> "Risks practice"."""
    slug = item_id.split("-", 1)[1].replace("-", " ")
    return f"{slug[:1].upper()}{slug[1:]} practice"


def make_item(item_id: str, **fields) -> Item:
    clause = item_id.split("-", 1)[0]
    values = {
        "id": item_id, "clause": clause, "title": _title(item_id), "change": "unchanged",
        "tags": [],
        "question": f"How is {item_id} handled?", "guidance": "Look for records.",
        "conformity_evidence": "Records.", "outcome_practice": "Trended results.",
        "compliance_only_signs": "A binder.",
        "conformity_action": f"Put {item_id} in place with records.",
        "outcome_action": f"Measure and trend the results of {item_id}.",
        "effort": "M", "weight": 1.0,
    }
    values.update(fields)
    return Item(**values)


def make_questionnaire(items: list[Item], qid: str = "test-bank") -> Questionnaire:
    return Questionnaire(
        id=qid, version="1", title="Test bank", description="Built in code for tests.",
        scales={"compliance": make_scale(COMPLIANCE_LABELS),
                "outcome": make_scale(OUTCOME_LABELS)},
        items=items,
    )


def small_bank() -> Questionnaire:
    """Nine items over four clauses, with every change kind, a dependency chain, an advisory
    item and an item that may be not applicable."""
    return make_questionnaire([
        make_item("4.1-context", change="clarified", tags=["climate"], weight=1.5, effort="S"),
        make_item("4.2-parties", change="expanded", depends_on=["4.1-context"]),
        make_item("5.1.1-quality-culture", change="new", tags=["culture", "leadership"],
                  effort="L", depends_on=["4.1-context"]),
        make_item("6.1.1-risks", change="structural", depends_on=["4.2-parties"]),
        make_item("6.3-changes", change="expanded", depends_on=["6.1.1-risks"]),
        make_item("7.1.3-ict", change="unchanged", tags=["digital"], effort="S"),
        make_item("7.1.6-digital-knowledge", change="unchanged", tags=["digital"], advisory=True,
                  effort="S"),
        make_item("8.3.1-design", change="unchanged", not_applicable_allowed=True,
                  not_applicable_guidance="Only when you do not design products or services."),
        make_item("10.1-improvement", change="structural", depends_on=["6.3-changes"],
                  weight=2.0),
    ])


def answers_for(bank: Questionnaire, compliance: int | None, outcome: int | None) -> list[Answer]:
    return [Answer(item.id, compliance, outcome) for item in bank.items]


def test_small_bank_is_a_valid_questionnaire():
    bank = small_bank()
    assert len(bank.items) == 9
    assert bank.item("6.3-changes").depends_on == ["6.1.1-risks"]
