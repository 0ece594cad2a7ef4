"""SaferVoice: consultation and survey platform for Community Safety Partnerships."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from app.common.log_paths import LoggedPathFlask
from config import Config, ConfigError, ProductionConfig, check_secret_key, config_for


def create_app(
    config: type[Config] | None = None, overrides: dict[str, Any] | None = None, instance_path: Path | str | None = None
) -> Flask:
    config = config or config_for(None)
    if config is ProductionConfig:
        ProductionConfig.check()
    app = LoggedPathFlask(__name__, instance_path=str(instance_path) if instance_path else None)
    app.config.from_object(config)
    app.config.update(overrides or {})
    register_secret_key(app)
    register_serving(app)
    register_templates(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_safeguarding_screen(app)
    register_log_paths(app)
    return app


def register_secret_key(app: Flask) -> None:
    """Development without ``SECRET_KEY`` gets its instance's own random key; no configuration has a key in the code."""
    from app.common.instance_key import instance_secret_key

    if not app.config.get("SECRET_KEY") and app.config.get("SECRET_KEY_FROM_INSTANCE"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if not app.config.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is not set; set a long random one (see docs/deploy.md)")
    check_secret_key(app.config["SECRET_KEY"])


def register_serving(app: Flask) -> None:
    from app.common.serving import init_serving

    init_serving(app)
    trust_proxies(app)


def register_log_paths(app: Flask) -> None:
    """Last, once the app is whole: the development server's log filter matches paths against this app's URL map, so
    an app whose creation failed part-way (a refused configuration) must never become the one it matches against."""
    from app.common.log_paths import init_log_paths

    init_log_paths(app)


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client's address and scheme from their headers, so that
    per-address limits key on each client rather than on the proxy (issue 14.5-6). Headers are never trusted unless
    configured, since a client could otherwise set them."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count < 0:
        raise ConfigError("TRUSTED_PROXIES must be 0 or more")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_safeguarding_screen(app: Flask) -> None:
    """Use a partnership's retrained screen when configured; it is loaded (and hash-checked) on first use."""
    from app.analysis.engine.safeguarding import use_screen_model

    path, digest = app.config.get("SAFEGUARDING_MODEL"), app.config.get("SAFEGUARDING_MODEL_SHA256")
    if path and not digest:
        raise ConfigError("SAFEGUARDING_MODEL is set without SAFEGUARDING_MODEL_SHA256")
    if path and digest:
        use_screen_model(Path(path), digest)


def register_templates(app: Flask) -> None:
    from app.common.filters import register_filters
    from app.common.navigation import staff_navigation
    from app.surveys.presenters import register_presenters

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("app"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    register_filters(app)
    register_presenters(app)
    app.jinja_env.globals["staff_navigation"] = staff_navigation


def register_extensions(app: Flask) -> None:
    from app.auth.services import load_user
    from app.common.database import configure_engine
    from app.common.errors import register_error_handlers
    from app.common.security import init_security
    from app.common.sessions import CookieSessionInterface
    from app.common.unit_of_work import init_unit_of_work
    from app.extensions import csrf, db, limiter, login_manager, migrate
    from app.jobs.mail import listen_for_queued_mail

    app.session_interface = CookieSessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"
    configure_engine(app)
    init_unit_of_work(app)
    init_security(app)
    register_error_handlers(app)
    listen_for_queued_mail()


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature package, built by its ``create_blueprint`` (the package's URL table); docs/urls.md
    maps each URL prefix to its package and module."""
    from app import (
        admin,
        analysis,
        auth,
        builder,
        channels,
        dsl,
        officers,
        ops,
        pupils,
        reports,
        safeguarding,
        schools,
        stakeholders,
        surveys,
    )

    for package in (
        ops,
        surveys,
        auth,
        officers,
        builder,
        stakeholders,
        channels,
        analysis,
        reports,
        schools,
        pupils,
        safeguarding,
        dsl,
        admin,
    ):
        app.register_blueprint(package.create_blueprint())


def register_commands(app: Flask) -> None:
    from app.cli import register_cli

    register_cli(app)
