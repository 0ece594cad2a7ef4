"""Configuration classes read from environment variables.

Development and tests work with no environment at all (SQLite, no Redis); production refuses to start without a
secret key and a database URL, because a default secret or a throwaway database there would be a silent disaster.
No signing key is ever a constant in this code: a published key lets anyone sign a session cookie that says "admin".
Development uses a random key generated once per instance (``instance/secret_key``, see
``app/common/instance_key.py``) and serves only this computer; tests use a random key per process.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


class ConfigError(RuntimeError):
    """Raised when the environment cannot give a safe configuration."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


class Config:
    SECRET_KEY: str | None = _env("SECRET_KEY")
    SECRET_KEY_FROM_INSTANCE: bool = False
    """Without ``SECRET_KEY``, generate one key per instance and keep it in the instance folder (development only)."""
    LOOPBACK_ONLY: bool = False
    """Serve only this computer (127.0.0.1, ::1): the development configuration is not safe for a network."""
    SQLALCHEMY_DATABASE_URI: str | None = _env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'safervoice.db'}")
    REDIS_URL: str | None = _env("REDIS_URL")
    PARTNERSHIP_NAME: str = _env("PARTNERSHIP_NAME", "MK Together") or "MK Together"
    TIMEZONE: str = "Europe/London"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "pool_timeout": 5}
    WTF_CSRF_ENABLED: bool = True
    WTF_CSRF_TIME_LIMIT: int | None = None
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    SESSION_COOKIE_SECURE: bool = True
    SESSION_COOKIE_NAME: str = "sv_session"
    REMEMBER_COOKIE_DURATION: timedelta = timedelta(seconds=0)
    PERMANENT_SESSION_LIFETIME: timedelta = timedelta(hours=8)
    SESSION_IDLE_TIMEOUT: timedelta = timedelta(minutes=30)
    MAX_CONTENT_LENGTH: int = 10 * 1024 * 1024
    RATELIMIT_STORAGE_URI: str = _env("REDIS_URL") or "sweeping-memory://"
    RATELIMIT_HEADERS_ENABLED: bool = True
    WRITE_CAPACITY: str = _env("WRITE_CAPACITY", "300 per second") or "300 per second"
    RESPONDENT_PAGE_LIMIT: str = _env("RESPONDENT_PAGE_LIMIT", "120 per minute") or "120 per minute"
    RESPONDENT_SUBMIT_LIMIT: str = _env("RESPONDENT_SUBMIT_LIMIT", "60 per minute") or "60 per minute"
    LOGIN_ATTEMPTS_PER_WINDOW: int = 5
    LOGIN_WINDOW: timedelta = timedelta(minutes=15)
    """Failed sign-ins for one email from one address within this window lock that address out for as long."""
    SIGN_IN_ACCOUNT_FAILURES: int = 20
    """Failures for one email from all addresses in ``LOGIN_WINDOW`` after which each makes everyone wait a little."""
    SIGN_IN_MAX_DELAY: timedelta = timedelta(minutes=1)
    MAIL_BACKEND: str = _env("MAIL_BACKEND", "outbox") or "outbox"
    MAIL_FROM: str = _env("MAIL_FROM", "safervoice@example.org") or "safervoice@example.org"
    SMTP_HOST: str | None = _env("SMTP_HOST")
    SMTP_PORT: int = int(_env("SMTP_PORT", "587") or 587)
    SMTP_USERNAME: str | None = _env("SMTP_USERNAME")
    SMTP_PASSWORD: str | None = _env("SMTP_PASSWORD")
    CONTACT_RETENTION_DAYS: int = int(_env("CONTACT_RETENTION_DAYS", "365") or 365)
    DRAFT_RETENTION_DAYS: int = int(_env("DRAFT_RETENTION_DAYS", "30") or 30)
    OUTBOX_RETENTION_DAYS: int = int(_env("OUTBOX_RETENTION_DAYS", "90") or 90)
    PUPIL_RESPONSE_RETENTION_DAYS: int = int(_env("PUPIL_RESPONSE_RETENTION_DAYS", "365") or 365)
    """Days after a consultation closes before all its pupils' responses are deleted (why: docs/dpia.md)."""
    DSL_CONTACT_RETENTION_DAYS: int = int(_env("DSL_CONTACT_RETENTION_DAYS", "90") or 90)
    """Days after a class session ends before the safeguarding lead's name and address on it are blanked."""
    BASE_URL: str = _env("BASE_URL", "http://127.0.0.1:5000") or "http://127.0.0.1:5000"
    EXPORT_DIR: str = _env("EXPORT_DIR", str(BASE_DIR / "instance" / "exports")) or ""
    SAFEGUARDING_RETENTION_DAYS: int = int(_env("SAFEGUARDING_RETENTION_DAYS", "90") or 90)
    SAFEGUARDING_MODEL: str | None = _env("SAFEGUARDING_MODEL")
    """A partnership's retrained screen (``flask retrain-safeguarding``); its SHA-256 must be given with it."""
    SAFEGUARDING_MODEL_SHA256: str | None = _env("SAFEGUARDING_MODEL_SHA256")
    SAFEGUARDING_LEAD_EMAIL: str | None = _env("SAFEGUARDING_LEAD_EMAIL")
    """The partnership's safeguarding lead, whom ``flask escalate-unacknowledged`` emails about unacknowledged urgent
    alerts."""
    URGENT_ACK_HOURS: float = float(_env("URGENT_ACK_HOURS", "2") or 2)
    """School hours (Mon–Fri 08:00–17:00, Europe/London) an urgent alert may wait for acknowledgement."""
    NON_SCHOOL_DAYS: str = _env("NON_SCHOOL_DAYS", "") or ""
    """Days besides weekends and England and Wales bank holidays that do not count as school hours for escalation
    (INSET days, half terms): ``2026-10-26..2026-10-30, 2027-01-04``."""
    DSL_CONFIRMATION_DAYS: int = int(_env("DSL_CONFIRMATION_DAYS", "7") or 7)
    JOIN_CODE_FAILURES_PER_CLIENT: str = "10 per 10 minutes"
    TRUSTED_PROXIES: int = int(_env("TRUSTED_PROXIES", "0") or 0)
    """How many reverse proxies in front of the app set X-Forwarded-For/-Proto; the client address (sign-in lockout,
    join-code limits, rate limits) is read through that many. 0 (the default) trusts no header."""
    JOIN_CODE_FAILURES_PER_IP: str = _env("JOIN_CODE_FAILURES_PER_IP", "300 per 10 minutes") or "300 per 10 minutes"
    JOIN_CODE_FAILURES_OVERALL: str = _env("JOIN_CODE_FAILURES_OVERALL", "3000 per 10 minutes") or "3000 per 10 minutes"
    """Wrong join codes from everyone together; with the per-address limit, counted where every worker sees them."""


class DevelopmentConfig(Config):
    SESSION_COOKIE_SECURE = False
    DEBUG = False
    SECRET_KEY_FROM_INSTANCE = True
    LOOPBACK_ONLY = True


class TestingConfig(Config):
    TESTING = True
    SESSION_COOKIE_SECURE = False
    SECRET_KEY = secrets.token_urlsafe(32)
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "sweeping-memory://"


class ProductionConfig(Config):
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL")

    @classmethod
    def check(cls) -> None:
        required = {"SECRET_KEY": cls.SECRET_KEY, "DATABASE_URL": cls.SQLALCHEMY_DATABASE_URI}
        missing = [name for name, value in required.items() if not value]
        if missing:
            raise ConfigError(f"Production needs these environment variables: {', '.join(missing)}")
        check_secret_key(cls.SECRET_KEY)


PUBLISHED_KEYS = frozenset({"dev-only-insecure-secret-key", "test-secret-key"})
"""Keys earlier versions of this code used by default; anyone can sign cookies with them, so they are refused."""


def check_secret_key(key: str | None) -> None:
    if key in PUBLISHED_KEYS:
        raise ConfigError(
            "SECRET_KEY is a key published in SaferVoice's code, so anyone could sign in as anyone. "
            "Set a long random one: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    """Pick a config class by name (``SAFERVOICE_ENV``), defaulting to development."""
    key = (name or _env("SAFERVOICE_ENV", "development") or "development").lower()
    if key not in CONFIGS:
        raise ConfigError(f"Unknown SAFERVOICE_ENV {key!r}; use one of {', '.join(CONFIGS)}")
    return CONFIGS[key]
