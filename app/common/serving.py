"""Who the app may serve: the development configuration (a key kept on this computer, cookies without ``Secure``)
answers only this computer (issue 14.2).

It is refused at start for an address other computers can reach, by gunicorn (``gunicorn.conf.py``) and by
``flask run --host``; any other server (another WSGI server, a proxy in front of ``flask run``) finds each request
from elsewhere refused. To serve a network, set ``SAFERVOICE_ENV=production`` and a long random ``SECRET_KEY``."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import click
from flask import Flask, Response, current_app, request

from config import ConfigError

ADVICE = (
    "To serve other computers set SAFERVOICE_ENV=production and a long random SECRET_KEY (and DATABASE_URL), "
    "see docs/deploy.md; for development listen on 127.0.0.1."
)


def is_loopback(host: str) -> bool:
    host = host.strip().removeprefix("[").removesuffix("]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind_host(address: str) -> str | None:
    """The host part of a gunicorn bind address, or None for a Unix socket (reachable from this computer only)."""
    if address.startswith("unix:"):
        return None
    if address.startswith("["):
        return address[1 : address.find("]")]
    host, separator, _port = address.rpartition(":")
    return host if separator else address


def refuse_public_addresses(addresses: Iterable[str], *, loopback_only: bool) -> None:
    """Raise ``ConfigError`` if the configuration serves this computer only (``LOOPBACK_ONLY``) and any of
    ``addresses`` is reachable from others (``0.0.0.0``, a host name, an inherited socket ``fd://``: anything but a
    loopback address or a Unix socket)."""
    if not loopback_only:
        return
    public = [address for address in addresses if (host := _bind_host(address)) is not None and not is_loopback(host)]
    if public:
        raise ConfigError(
            f"SaferVoice is using its development configuration (SAFERVOICE_ENV is not production), "
            f"which must not serve other computers, but was asked to listen on {', '.join(public)}. "
            f"{ADVICE}"
        )


def refuse_public_flask_run() -> None:
    """Stop ``flask run --host <address>`` before it listens, with the message and no traceback."""
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "run" or not context.params.get("host"):
        return
    try:
        refuse_public_addresses([str(context.params["host"])], loopback_only=True)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def _from_this_computer() -> bool:
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return (
        is_loopback(request.remote_addr or "")
        and "Forwarded" not in request.headers
        and all(is_loopback(part) for part in forwarded)
    )


def _refuse_other_computers() -> Response | None:
    if _from_this_computer():
        return None
    current_app.logger.error("Refused a request from another computer: %s", ADVICE)
    return Response(
        "This SaferVoice server uses its development configuration and answers only the computer it runs on.\n",
        status=403,
        mimetype="text/plain",
    )


def init_serving(app: Flask) -> None:
    if not app.config.get("LOOPBACK_ONLY"):
        return
    refuse_public_flask_run()
    app.before_request(_refuse_other_computers)
