"""Reading a file only if it is the one we reviewed: the encoders' files and the fitted safeguarding screen.

A different or tampered file would silently change which children's words reach a DSL, so each is checked against a
recorded SHA-256 and refused with a clear error. The bytes are read once, so what is checked is what is used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def verified_bytes(path: Path, expected_sha256: str, error: type[Exception]) -> bytes:
    """The file's bytes, only if their SHA-256 is ``expected_sha256``; otherwise ``error`` saying why."""
    try:
        content = path.read_bytes()
    except OSError as cause:
        raise error(f"cannot read {path}: {cause}") from cause
    digest = hashlib.sha256(content).hexdigest()
    if digest != expected_sha256:
        raise error(f"{path} is not the reviewed file (sha256 {digest}, expected {expected_sha256})")
    return content
