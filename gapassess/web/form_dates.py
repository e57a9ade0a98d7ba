"""The date rule (gapassess.domain.dates) as a WTForms validator, for every date field."""

from __future__ import annotations

from wtforms.validators import StopValidation

from gapassess.domain.dates import DateRangeError, check_date


class DateInRange:
    """A filled-in date field holds a day the domain accepts; its message names the field."""

    def __call__(self, form, field) -> None:
        if field.data is None:
            return
        try:
            check_date(field.data, str(field.label.text))
        except DateRangeError as exc:
            raise StopValidation(exc.message) from None
