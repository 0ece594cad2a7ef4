"""Paths as logs record them: a URL's credentials (invite, resume and safeguarding-lead confirmation tokens) are
replaced by the route's placeholder, e.g. ``/resume/<token>``, so no log line holds a link that opens someone's
response or creates an account (issue 14.7).

The app works out each request's loggable path once, when the request starts, and leaves it in the WSGI environ
(``ENVIRON_KEY``) for gunicorn's access log (``app/common/access_log.py``) and its own error log; the development
server's request log is rewritten by ``DevServerLogFilter``. A path no route matches (a probe, a mistyped link)
keeps only its short segments: any segment long enough to be a token is replaced."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from flask import Flask, request, request_started
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule

ENVIRON_KEY = "safervoice.log_path"
SECRET_ARGUMENTS = frozenset({"token"})
"""Route arguments that are credentials. ``tests/integration/test_log_paths.py`` checks every such argument in the URL
map is one of these."""
TOKEN_LENGTH = 16
"""Segments of an unmatched path this long or longer are replaced: the app's tokens are 32 characters or more."""
_PLACEHOLDER = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
_SAFE = "/-._~!$&'()*+,;=:@"


def is_secret(argument: str) -> bool:
    return argument in SECRET_ARGUMENTS or argument.endswith("_token")


def route_path(rule: Rule, values: Mapping[str, Any]) -> str:
    """The rule's path with its ordinary arguments filled in and its secret ones left as ``<name>``."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if is_secret(name) or name not in values:
            return f"<{name}>"
        return quote(str(values[name]), safe=_SAFE)

    return _PLACEHOLDER.sub(fill, rule.rule)


def unmatched_path(path: str) -> str:
    return "/".join(
        "<redacted>" if len(segment) >= TOKEN_LENGTH else quote(segment, safe=_SAFE) for segment in path.split("/")
    )


def loggable_path(url_map: Map, path: str, method: str = "GET") -> str:
    """The loggable form of ``path``, matched against ``url_map`` (for logs written without the request at hand)."""
    adapter = url_map.bind("localhost")
    for attempt in (method, None):
        try:
            rule, values = adapter.match(path, method=attempt, return_rule=True)
        except MethodNotAllowed as error:
            method = next(iter(error.valid_methods or ()), "GET")
            continue
        except HTTPException:
            break
        return route_path(rule, values)
    return unmatched_path(path)


def _remember_path(_sender: Flask, **_extra: Any) -> None:
    rule = request.url_rule
    request.environ[ENVIRON_KEY] = (
        route_path(rule, request.view_args or {}) if rule is not None else unmatched_path(request.path)
    )


def logged_path() -> str:
    """This request's path as logs may record it."""
    return request.environ.get(ENVIRON_KEY) or unmatched_path(request.path)


class LoggedPathFlask(Flask):
    """Flask whose unhandled-error log line names the loggable path, not the URL (Flask's names ``request.path``)."""

    def log_exception(self, exc_info: Any) -> None:
        self.logger.error(f"Exception on {logged_path()} [{request.method}]", exc_info=exc_info)


class DevServerLogFilter(logging.Filter):
    """Rewrites the development server's ``"GET /path?query HTTP/1.1" 200 -`` lines to the loggable path."""

    url_map: Map | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if self.url_map is None or not isinstance(args, tuple) or not args or not isinstance(args[0], str):
            return True
        method, _, rest = args[0].partition(" ")
        target, _, protocol = rest.rpartition(" ")
        if target.startswith("/"):
            path = unquote(target.split("?", 1)[0])
            record.args = (f"{method} {loggable_path(self.url_map, path, method)} {protocol}", *args[1:])
        return True


DEV_SERVER_FILTER = DevServerLogFilter()


def init_log_paths(app: Flask) -> None:
    request_started.connect(_remember_path, app)
    DEV_SERVER_FILTER.url_map = app.url_map
    logging.getLogger("werkzeug").addFilter(DEV_SERVER_FILTER)
