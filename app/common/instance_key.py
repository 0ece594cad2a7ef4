"""The development signing key: random, generated once per instance and kept in its instance folder.

A key written in the code is public, and anyone who knows the key that signs session cookies can sign one that says
"admin" (issue 14.2). So development generates its own key the first time it starts and reuses it afterwards, so
restarts keep people signed in. The file is readable by its owner only (0600), and it is created atomically: written
to a private temporary file and then linked into place, which fails if another process (a second worker starting at
the same moment) got there first, in which case both use the key already there. Production never uses this: it
must be given ``SECRET_KEY``."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from config import ConfigError

KEY_FILE = "secret_key"
KEY_BYTES = 64


def instance_secret_key(instance_path: Path) -> str:
    """Return the instance's key, creating ``instance_path/secret_key`` (mode 0600) if it does not exist yet."""
    path = instance_path / KEY_FILE
    key = _read(path)
    if key is None:
        _create(path, secrets.token_urlsafe(KEY_BYTES))
        key = _read(path)
    if not key:
        raise ConfigError(f"{path} is empty; delete it to have a new development key generated")
    return key


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None


def _create(path: Path, key: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
