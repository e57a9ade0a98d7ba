"""The question bank behind an assessment, with messages instead of tracebacks."""

from __future__ import annotations

from gapassess.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    get_questionnaire,
    list_questionnaires,
)


class BankUnavailable(Exception):
    """The assessment's question bank cannot be loaded; the message says why."""


def bank_for(assessment) -> Questionnaire:
    qid = assessment.questionnaire_id
    try:
        return get_questionnaire(qid)
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
