"""The question bank behind an assessment, with messages instead of tracebacks.

The one loader of question banks for the web pages (assess, results and workshop).
"""

from __future__ import annotations

import os
import time

from gapassess.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    get_questionnaire,
    list_questionnaires,
)
from gapassess.domain.questionnaire.registry import ENV_VAR

# Finding a bank looks at every bank folder and file for changes (dozens of file system
# calls), too much for every autosave. A bank that loaded is reused for this long, so an
# edited bank file shows within two seconds; a bank that fails to load is never reused.
RECHECK_SECONDS = 2.0
_recent: dict[tuple[str, str], tuple[float, Questionnaire]] = {}


class BankUnavailable(Exception):
    """The assessment's question bank cannot be loaded; the message says why."""


def bank_for(assessment) -> Questionnaire:
    return load_bank(assessment.questionnaire_id)


def load_bank(qid: str) -> Questionnaire:
    """The bank with id ``qid``; BankUnavailable, saying why, when it cannot be loaded."""
    key = (qid, os.environ.get(ENV_VAR, ""))
    now = time.monotonic()
    hit = _recent.get(key)
    if hit is not None and now - hit[0] < RECHECK_SECONDS:
        return hit[1]
    try:
        bank = get_questionnaire(qid)
    except KeyError:
        raise BankUnavailable(
            f"The question bank '{qid}' used by this assessment is not installed. "
            "Add its folder to GAPASSESS_QUESTIONNAIRES_PATH and reload the page."
        ) from None
    except QuestionnaireError as exc:
        first = exc.issues[0] if getattr(exc, "issues", None) else exc
        raise BankUnavailable(
            f"The question bank '{qid}' cannot be loaded because of a problem in its files "
            f"({first}). Run 'gapassess questionnaire validate' to see every problem."
        ) from None
    _recent[key] = (now, bank)
    return bank


def available_banks() -> list[Questionnaire]:
    """Every bank that loads; a broken bank is left out rather than breaking the page."""
    return list_questionnaires(strict=False)


def version_notice(assessment, questionnaire: Questionnaire) -> str:
    if questionnaire.version == assessment.questionnaire_version:
        return ""
    return (
        f"This assessment was started with version {assessment.questionnaire_version} of "
        f"the question bank; version {questionnaire.version} is installed now. Answers are "
        "kept by item; items that no longer exist are not shown."
    )
