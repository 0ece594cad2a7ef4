"""Masking of personal data in free text before it is quoted in reports and exports.

Residents write phone numbers, emails and addresses into answers ("call me on 07700 900123"). Quotes travel to
partner agencies, so anything that identifies a person is replaced with a visible placeholder rather than dropped,
which keeps the quote readable and shows that something was removed.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:co\.uk|org\.uk|gov\.uk|ac\.uk|nhs\.uk|police\.uk|com|org|net|uk|io|info)\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:\d[\s-]?\)?[\s-]?){8,9}\d(?![\d])"
)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_VEHICLE = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", re.IGNORECASE)
_CARD = re.compile(r"(?<!\d)(?:\d[\s-]?){12,18}\d(?!\d)")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_EMAIL, "[email]"),
    (_URL, "[link]"),
    (_NI_NUMBER, "[ni number]"),
    (_CARD, "[number]"),
    (_PHONE, "[phone]"),
    (_POSTCODE, "[postcode]"),
    (_VEHICLE, "[vehicle reg]"),
    (_HANDLE, "[handle]"),
)
_QUICK_CHECK = re.compile(r"[@\d]|www|http|\.[a-z]{2,4}\b", re.IGNORECASE)


def redact(text: str) -> str:
    """Replace emails, links, phone numbers, postcodes, NI numbers, vehicle registrations and social handles."""
    if not _QUICK_CHECK.search(text):
        return text
    for pattern, placeholder in _RULES:
        text = pattern.sub(placeholder, text)
    return text
