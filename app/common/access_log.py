"""Gunicorn's access log without credentials: ``gunicorn.conf.py`` uses this logger, which writes the path the app
worked out for the request (``app/common/log_paths.py``), so ``/invites/<token>`` is logged instead of the token.

Every atom that could carry the raw URL (the request line, the query string, the referrer, the raw environ values)
is replaced too, so changing ``access_log_format`` cannot bring a token back. Only gunicorn imports this module."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from app.common.log_paths import ENVIRON_KEY, unmatched_path

_RAW_ATOMS = ("{raw_uri}e", "{request_uri}e", "{query_string}e", "{http_referer}e", "{referer}i", "f", "q")


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get(ENVIRON_KEY) or unmatched_path(environ.get("PATH_INFO") or "")
        atoms["U"] = atoms["{path_info}e"] = path
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        for name in _RAW_ATOMS:
            atoms[name] = "-"
        return atoms
