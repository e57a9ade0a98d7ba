from flask import Blueprint

bp = Blueprint("workshop", __name__)

from gapassess.web.workshop import facilitator, participant  # noqa: E402,F401
