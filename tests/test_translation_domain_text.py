"""The domain's and the command line's own text comes out in the language of the moment."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

import gapassess.cli
from gapassess import i18n
from gapassess.domain.answers import Answer, AnswerInvalid, validate_answer
from gapassess.domain.answers_file import AnswersError, read_answers
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.terminal_summary import summary_lines
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.questionnaire.registry import checked_bank
from gapassess.domain.scoring_model import default_scoring_model
from tests.i18n_support import GERMAN_HEADER, with_catalogue

GERMAN = GERMAN_HEADER + r'''
msgid "Top actions (%(shown)d of %(total)d):"
msgstr "Wichtigste Maßnahmen (%(shown)d von %(total)d):"

msgid "choose a level from 0 to 4: %(value)s is out of range"
msgstr "Stufe von 0 bis 4 wählen: %(value)s liegt außerhalb"

msgid "%(file)s: row %(row)d, column '%(column)s': %(problem)s"
msgstr "%(file)s: Zeile %(row)d, Spalte '%(column)s': %(problem)s"

msgid "file is empty"
msgstr "die Datei ist leer"

msgid "Print the result as JSON."
msgstr "Das Ergebnis als JSON ausgeben."
'''


@pytest.fixture
def german(tmp_path, monkeypatch):
    return with_catalogue(tmp_path, monkeypatch, "de", GERMAN)


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire()


def _summary(bank) -> tuple[list[str], int]:
    answers = [Answer(item.id, n % 5, (n * 3 + 1) % 5) for n, item in enumerate(bank.items)]
    result = assess(bank, answers, model=default_scoring_model(),
                    profile=OrgProfile(start_date=date(2027, 1, 4)))
    return summary_lines(result, bank.title), len(result.roadmap.actions)


def test_a_terminal_summary_line_is_translated(german, bank):
    english, total = _summary(bank)
    with i18n.using_locale("de"):
        german_lines, _total = _summary(bank)
    assert total > 10
    assert f"Top actions (10 of {total}):" in english
    assert f"Wichtigste Maßnahmen (10 von {total}):" in german_lines
    assert f"Top actions (10 of {total}):" not in german_lines


def test_an_answer_rule_message_is_translated(german, bank, tmp_path):
    item = bank.items[0]
    with i18n.using_locale("de"), pytest.raises(AnswerInvalid) as refused:
        validate_answer(item.id, {"compliance": 5}, item)
    assert refused.value.message == "Stufe von 0 bis 4 wählen: 5 liegt außerhalb"
    path = tmp_path / "answers.csv"
    path.write_text(f"item_id,compliance,outcome\n{item.id},5,1\n", encoding="utf-8")
    with i18n.using_locale("de"), pytest.raises(AnswersError) as bad_file:
        read_answers(path, bank)
    assert bad_file.value.problems == [
        "answers.csv: Zeile 2, Spalte 'compliance': Stufe von 0 bis 4 wählen: 5 liegt außerhalb"]
    with pytest.raises(AnswersError) as in_english:
        read_answers(path, bank)
    assert in_english.value.problems == [
        "answers.csv: row 2, column 'compliance': choose a level from 0 to 4: 5 is out of range"]


def test_a_bank_problem_is_worded_in_the_language_asked_for(german, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    _bank, in_english = checked_bank(path)  # remembered, worded in English
    with i18n.using_locale("de"):
        _bank, in_german = checked_bank(path)
    assert [issue.message for issue in in_english] == ["file is empty"]
    assert [issue.message for issue in in_german] == ["die Datei ist leer"]
    assert [issue.message for issue in checked_bank(path)[1]] == ["file is empty"]


def test_option_help_is_translated_when_shown(german):
    def help_text() -> str:
        result = CliRunner().invoke(gapassess.cli.main, ["score", "--help"])
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    assert "Print the result as JSON." in help_text()
    with i18n.using_locale("de"):
        assert "Das Ergebnis als JSON ausgeben." in help_text()
