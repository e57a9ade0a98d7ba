"""The app's own pages for the HTTP errors people meet (a missing page, a refusal, a
request the address does not take), in the site's layout and language, instead of
Werkzeug's bare English pages."""

from __future__ import annotations

from gapassess.web.main import bp
from gapassess.web.services.error_pages import error_page

#: The statuses with a page of their own in main/error.html.
PAGES = (400, 403, 404, 405)


for _code in PAGES:
    bp.app_errorhandler(_code)(error_page)
