"""Problems found in question banks and mapping files, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ValidationIssue:
    """One problem, located as precisely as the file allows."""

    file: str
    item: str | None
    field: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = []
        if self.item is not None:
            parts.append(f"item '{self.item}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        located = ", ".join(parts)
        return f"{where}: {located}: {self.message}" if located else f"{where}: {self.message}"


class QuestionnaireError(Exception):
    """Raised when a question bank (or mapping) cannot be loaded; carries every issue found."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = list(issues)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(str(issue) for issue in self.issues)])
