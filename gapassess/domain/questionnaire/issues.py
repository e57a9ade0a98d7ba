"""Problems found in question banks and mapping files, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass

from gapassess.i18n import _, ngettext


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
        values = {"where": where, "item": self.item, "field": self.field,
                  "problem": self.message}
        if self.item is not None and self.field is not None:
            return _("%(where)s: item '%(item)s', field '%(field)s': %(problem)s", **values)
        if self.item is not None:
            return _("%(where)s: item '%(item)s': %(problem)s", **values)
        if self.field is not None:
            return _("%(where)s: field '%(field)s': %(problem)s", **values)
        return _("%(where)s: %(problem)s", **values)


class QuestionnaireError(Exception):
    """Raised when a question bank (or mapping) cannot be loaded; carries every issue found."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = list(issues)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.issues)
        head = ngettext("%(num)d problem found", "%(num)d problems found", count)
        return "\n".join([head, *(str(issue) for issue in self.issues)])
