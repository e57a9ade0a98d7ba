from flask import Blueprint

from gapassess.db.workshops import format_code

bp = Blueprint("workshop", __name__)
bp.add_app_template_filter(format_code, "join_code")

from gapassess.web.workshop import facilitator, participant  # noqa: E402,F401
