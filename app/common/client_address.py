"""Counters keyed by client address store a keyed hash of it, never the address itself.

Why: wrong join codes come from pupils' school networks and failed sign-ins from staff; the counters only need to tell
one address from another for a few minutes. An HMAC with the app's secret key (shared by every worker) does that and,
unlike a plain hash of the small IPv4 space, cannot be reversed by trying every address.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def address_key(address: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]
