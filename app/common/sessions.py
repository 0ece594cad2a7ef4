"""The session cookie: Flask's signed cookie, with its signing serializer built once per secret key.

Flask builds a new ``URLSafeTimedSerializer`` each time it opens or saves a session, twice per request; it holds
only configuration, so one per key is enough."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]
