"""Test data for the results pages: an assessment with a spread of answers."""

from __future__ import annotations

import io

from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from tests import factories


def item_ids() -> list[str]:
    return [item.id for item in get_questionnaire().items]


def levels(n: int) -> tuple[int, int]:
    """A spread of (compliance, outcome) levels so every class and a roadmap appear."""
    return n % 5, (n * 3 + 1) % 5


def answered_assessment(db, org, count: int | None = None, **kwargs):
    """An assessment of ``org`` with its first ``count`` items (all by default) answered."""
    assessment = factories.gen_assessment(db, org, **kwargs)
    for n, item_id in enumerate(item_ids()[:count]):
        compliance, outcome = levels(n)
        factories.gen_response(db, assessment, item_id, compliance=compliance, outcome=outcome)
    return assessment


def csv_upload(rows: list[list[str]], name: str = "answers.csv") -> tuple[io.BytesIO, str]:
    """A CSV answers file as the test client uploads it."""
    text = "\n".join(",".join(row) for row in [["item_id", "compliance", "outcome"], *rows])
    return io.BytesIO(text.encode("utf-8")), name


def score(db, assessment):
    """The engine's result for ``assessment`` as stored now (what the pages show)."""
    from gapassess.db.inputs import score_inputs
    from gapassess.domain.engine import assess

    questionnaire, answers, profile = score_inputs(db, assessment)
    return assess(questionnaire, answers, default_scoring_model(), profile=profile)


def first_action(db, assessment, kind: str = "conformity"):
    """The first roadmap action of ``kind`` (in priority order)."""
    actions = sorted(score(db, assessment).roadmap.actions, key=lambda a: a.priority)
    return next(a for a in actions if a.kind == kind)
