from flask import Blueprint

from gapassess.db.workshops import format_code
from gapassess.web.services.workshop_spread import min_group_size

bp = Blueprint("workshop", __name__)
bp.add_app_template_filter(format_code, "join_code")
bp.add_app_template_global(min_group_size, "min_group_size")

from gapassess.web.workshop import facilitator, participant  # noqa: E402,F401
