"""The base of every form of the app's pages: it reads form posts only, and refuses text
that no database can store.

Flask-WTF would also fill a form from a JSON body (``ImmutableMultiDict(request.get_json())``),
which breaks on any body that is not an object of strings (``1``, ``[]``, nested values:
a TypeError, so a 500) and is no way the pages send anything: their forms post form data,
and the two JSON endpoints (answer autosave, the workshop vote) read their body through
gapassess.web.json_body. So a JSON body posted to a form page counts as a form with no
fields, which the form's own checks refuse as they refuse an empty post.

A part of a multipart post whose name Werkzeug cannot read (a line break in it: the key
comes out as None) is left out, as no field has such a name.

A NUL character (U+0000) is refused in every field, with the message at the field:
PostgreSQL cannot store it in text (SQLite can), and no field of the app needs it.
"""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict

from gapassess.domain.answers import nul_problem


class PageForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            automatic = formdata is not None and not hasattr(formdata, "getlist")
            if automatic and request.is_json:
                return ImmutableMultiDict()  # a JSON body is not a form post
            wrapped = super().wrap_formdata(form, formdata)
            if wrapped is not None and not all(isinstance(k, str) for k in wrapped):
                # Werkzeug names a multipart part whose name holds a line break None, which
                # a FieldList's key scan cannot read (a 500): no field has such a name.
                wrapped = ImmutableMultiDict(
                    [(k, v) for k, v in wrapped.items(multi=True) if isinstance(k, str)])
            return wrapped

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            texts = [raw for raw in field.raw_data or () if isinstance(raw, str)]
            problem = next(filter(None, map(nul_problem, texts)), None)
            if problem is not None:
                field.errors = [*field.errors, problem]
                valid = False
        return valid
