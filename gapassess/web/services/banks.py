"""The question bank behind an assessment, with messages instead of tracebacks.

The one loader of question banks for the web pages (assess, results and workshop). Banks
follow the one file-cache policy of the domain (gapassess.domain.file_cache): a bank is
read again when one of its files changes, checked on every load.
"""

from __future__ import annotations

from gapassess.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    latest_versions,
    list_questionnaires,
    questionnaire_for,
)
from gapassess.i18n import _


class BankUnavailable(Exception):
    """The assessment's question bank cannot be loaded; the message says why."""


def bank_for(assessment) -> Questionnaire:
    """The version of the bank the assessment was started on (the newest installed one
    when that version is gone; version_notice says so)."""
    return load_bank(assessment.questionnaire_id, assessment.questionnaire_version)


def load_bank(qid: str, version: str) -> Questionnaire:
    """The bank ``qid`` in ``version`` (else its newest version); BankUnavailable, saying
    why, when it cannot be loaded."""
    try:
        return questionnaire_for(qid, version)
    except KeyError:
        raise BankUnavailable(_(
            "The question bank '%(bank)s' used by this assessment is not installed. "
            "Add its folder to GAPASSESS_QUESTIONNAIRES_PATH and reload the page.",
            bank=qid,
        )) from None
    except QuestionnaireError as exc:
        first = exc.issues[0] if getattr(exc, "issues", None) else exc
        raise BankUnavailable(_(
            "The question bank '%(bank)s' cannot be loaded because of a problem in its files "
            "(%(problem)s). Run 'gapassess questionnaire validate' to see every problem.",
            bank=qid, problem=first,
        )) from None


def available_banks() -> list[Questionnaire]:
    """The newest version of every bank that loads, for starting an assessment; a broken
    bank is left out rather than breaking the page."""
    return latest_versions(list_questionnaires(strict=False))


def version_notice(assessment, questionnaire: Questionnaire) -> str:
    if questionnaire.version == assessment.questionnaire_version:
        return ""
    return _(
        "This assessment was started with version %(started)s of the question bank; "
        "version %(installed)s is installed now. Answers are kept by item; items that no "
        "longer exist are not shown.",
        started=assessment.questionnaire_version, installed=questionnaire.version,
    )
