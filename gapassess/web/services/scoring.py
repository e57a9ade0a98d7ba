"""Score an assessment for a request: stored answers -> ``engine.assess`` -> result.

The scoring model is the organisation's (``scoring_models.model_for``), passed explicitly.
The result of identical inputs (same answers, profile, model and day) is kept in a
small in-process cache, so the results page and its chart images, requested one after the
other, score once; chart images are kept the same way. The fingerprint of the inputs
doubles as the charts' ETag.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from gapassess.db.inputs import score_inputs
from gapassess.db.models import Assessment
from gapassess.web.database import get_session
from gapassess.web.services.banks import bank_for
from gapassess.web.services.scoring_models import model_for

CACHE_SIZE = 32


@dataclass(frozen=True)
class Scored:
    """An assessment's result with the inputs it came from."""

    result: Any  # AssessmentResult
    questionnaire: Any
    answers: list
    profile: Any
    fingerprint: str
    model: Any = None  # ScoringModel


_cache: OrderedDict[str, Scored] = OrderedDict()
_charts: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_lock = threading.Lock()


def score(assessment: Assessment, today: date | None = None) -> Scored:
    """The scored result of ``assessment`` as its answers stand now."""
    from gapassess.domain.engine import assess

    today = today or date.today()
    # The bank through the shared loader (BankUnavailable, with a readable message, when
    # it cannot load), handed on so it is loaded once.
    questionnaire, answers, profile = score_inputs(
        get_session(), assessment, questionnaire=bank_for(assessment)
    )
    model = model_for(assessment.organisation)
    key = fingerprint(questionnaire, answers, profile, today, model)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    result = assess(questionnaire, answers, model=model, profile=profile, today=today)
    scored = Scored(result, questionnaire, answers, profile, key, model)
    with _lock:
        _cache[key] = scored
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return scored


def fingerprint(questionnaire, answers, profile, today: date, model) -> str:
    """Digest of everything a result depends on; an edited model file gives a new one."""
    text = repr((questionnaire.id, questionnaire.version, tuple(answers), profile, today,
                 model.model_dump_json()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def chart(kind: str, scored: Scored) -> bytes:
    """PNG bytes of chart ``kind`` for ``scored``, drawn once per set of inputs."""
    from gapassess.domain.charts import chart_png

    key = (kind, scored.fingerprint)
    with _lock:
        hit = _charts.get(key)
        if hit is not None:
            _charts.move_to_end(key)
            return hit
    png = chart_png(kind, scored.result)
    with _lock:
        _charts[key] = png
        while len(_charts) > CACHE_SIZE:
            _charts.popitem(last=False)
    return png
