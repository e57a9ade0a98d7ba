"""Answers for the demo organisations, generated from a profile so every screen has a story.

Three profiles, each true to a corner of the two-axis model:

* ``compliance-only``: a certified manufacturer with a thorough binder, half-way through
  the 2026 additions and measuring activity rather than results (``compliance-only-2025``
  is the same company a year earlier, for the baseline comparison);
* ``outcome-driven``: a service company that runs its QMS as its operating model, with a
  few 2026 additions still to formalise;
* ``startup``: an early-stage company with good customer instincts and little structure,
  part-way through its first assessment.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

NEW_KINDS = {"new", "expanded"}
# The evidence, justification and notes below are demo data, stored with the answers as if
# a person had typed them: they are not translated.
_BINDER_EVIDENCE = (
    "Procedure QP-{n:02d} rev {rev}; records sampled at the last "  # i18n: not shown
    "surveillance audit"
)
# Evidence for a requirement new or expanded in 2026: no audit can have sampled it yet.
_BINDER_EVIDENCE_2026 = (
    "Procedure QP-{n:02d} rev 1, issued in 2026 for the new edition; "  # i18n: not shown
    "first records kept, not yet audited"
)


@dataclass(frozen=True)
class DemoProfile:
    compliance: tuple[int, int]
    outcome: tuple[int, int]
    compliance_on_2026: tuple[int, int]
    outcome_on_2026: tuple[int, int]
    answered_share: float
    not_applicable_clauses: tuple[str, ...] = ()
    evidence: str = ""
    strong_tags: frozenset[str] = frozenset()
    #: Evidence for items new or expanded in 2026 ("" when the same as ``evidence``).
    evidence_2026: str = ""


PROFILES: dict[str, DemoProfile] = {
    "compliance-only": DemoProfile(
        compliance=(3, 4),
        outcome=(0, 2),
        compliance_on_2026=(2, 3),
        outcome_on_2026=(0, 1),
        answered_share=1.0,
        not_applicable_clauses=("8.3",),
        evidence=_BINDER_EVIDENCE,
        evidence_2026=_BINDER_EVIDENCE_2026,
    ),
    # The same manufacturer a year earlier, before it started on the 2026 additions.
    "compliance-only-2025": DemoProfile(
        compliance=(2, 4),
        outcome=(0, 1),
        compliance_on_2026=(0, 1),
        outcome_on_2026=(0, 1),
        answered_share=1.0,
        not_applicable_clauses=("8.3",),
        evidence=_BINDER_EVIDENCE,
        evidence_2026="Not addressed yet: the 2026 edition is still being read",  # i18n: not shown
    ),
    "outcome-driven": DemoProfile(
        compliance=(3, 4),
        outcome=(3, 4),
        compliance_on_2026=(2, 3),
        outcome_on_2026=(2, 4),
        answered_share=1.0,
        evidence=(
            "Monthly operations review pack; KPI dashboard '{tag}' "  # i18n: not shown
            "trended over 24 months"
        ),
        evidence_2026=(
            "Added to the monthly operations review in 2026; KPI '{tag}' "  # i18n: not shown
            "trended since then"
        ),
    ),
    "startup": DemoProfile(
        compliance=(0, 2),
        outcome=(0, 1),
        compliance_on_2026=(0, 1),
        outcome_on_2026=(0, 2),
        answered_share=0.7,
        evidence=(
            "Discussed in the founders' weekly meeting; "  # i18n: not shown
            "no written record yet"
        ),
        strong_tags=frozenset({"customer", "operations", "design", "improvement"}),
    ),
}

NA_JUSTIFICATION = (
    "Products are made to the customer's drawings and specifications; the "  # i18n: not shown
    "organisation does no design and development of its own (scope statement, section 2)."
)


def demo_answers(questionnaire: Any, profile_name: str, seed: int = 2026) -> list[dict[str, Any]]:
    """One answer dict per answered item (item_id plus the stored response fields)."""
    profile = PROFILES[profile_name]
    rng = random.Random(f"{profile_name}:{seed}")
    answers: list[dict[str, Any]] = []
    for index, item in enumerate(questionnaire.items):
        if rng.random() > profile.answered_share:
            continue
        if item.not_applicable_allowed and item.clause.startswith(profile.not_applicable_clauses):
            answers.append(
                {
                    "item_id": item.id,
                    "compliance": None,
                    "outcome": None,
                    "not_applicable": True,
                    "justification": NA_JUSTIFICATION,
                    "evidence": "",
                    "notes": "",
                    "owner": "",
                }
            )
            continue
        on_2026 = item.change in NEW_KINDS
        compliance = rng.randint(*(profile.compliance_on_2026 if on_2026 else profile.compliance))
        outcome = rng.randint(*(profile.outcome_on_2026 if on_2026 else profile.outcome))
        if profile.strong_tags & set(item.tags):
            outcome = min(4, outcome + 2)
        tag = item.tags[0] if item.tags else item.clause
        evidence = profile.evidence_2026 if on_2026 and profile.evidence_2026 else \
            profile.evidence
        answers.append(
            {
                "item_id": item.id,
                "compliance": compliance,
                "outcome": outcome,
                "not_applicable": False,
                "justification": "",
                "evidence": evidence.format(n=index + 1, rev=rng.randint(2, 9), tag=tag),
                "notes": _note(item, compliance, outcome),
                "owner": "",
            }
        )
    return answers


_NOTE_BINDER = (
    "Documented and audited, but nobody looks at the results "  # i18n: not shown
    "between audits."
)
_NOTE_INFORMAL = (
    "Works well in practice thanks to a few people; "  # i18n: not shown
    "nothing written down."
)
_NOTE_NEW = "New in the 2026 edition: not yet covered by our procedures."  # i18n: not shown


def _note(item: Any, compliance: int, outcome: int) -> str:
    if compliance >= 3 and outcome <= 1:
        return _NOTE_BINDER
    if compliance <= 1 and outcome >= 3:
        return _NOTE_INFORMAL
    if item.change in NEW_KINDS and compliance <= 2:
        return _NOTE_NEW
    return ""
