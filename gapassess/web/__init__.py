"""The web application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from gapassess.paths import templates_dir
from gapassess.web import access, database, isolation, security, services, translation
from gapassess.web.config import Config, instance_path

#: The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too large for the database is "not found"
    (404), never a database error."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; ``test_config`` overrides the configuration (tests)."""
    instance = instance_path()
    app = Flask(
        __name__,
        instance_path=str(instance) if instance else None,
        instance_relative_config=True,
        template_folder=str(templates_dir() / "web"),
        static_folder=str(Path(__file__).parent / "static"),
    )
    app.url_map.converters["int"] = IdConverter
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    if app.config.get("PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXIES"]
        # Flask's documented way to add WSGI middleware; its stubs declare wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    translation.init_app(app)  # first, so every later hook and page has the request's locale
    isolation.init_app(app)
    database.init_app(app)
    security.init_app(app)
    access.init_app(app)
    services.init_app(app)

    from gapassess.web.assess import bp as assess_bp
    from gapassess.web.auth import bp as auth_bp
    from gapassess.web.main import bp as main_bp
    from gapassess.web.orgs import bp as orgs_bp
    from gapassess.web.results import bp as results_bp
    from gapassess.web.workshop import bp as workshop_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(orgs_bp)
    app.register_blueprint(assess_bp)
    app.register_blueprint(workshop_bp)
    app.register_blueprint(results_bp)
    return app
