import pytest

from app.analysis.engine import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jo.bloggs+cs@example.co.uk please", "email [email] please"),
        ("ring 07700 900123", "ring [phone]"),
        ("ring 07700900123", "ring [phone]"),
        ("office 01908 123456", "office [phone]"),
        ("call +44 7700 900123", "call [phone]"),
        ("call +44 (0)1908 123456", "call [phone]"),
        ("I live in MK9 3EJ", "I live in [postcode]"),
        ("near mk6 5ab", "near [postcode]"),
        ("see https://example.org/a?b=1 now", "see [link] now"),
        ("see www.example.com", "see [link]"),
        ("NI number AB 12 34 56 C", "NI number [ni number]"),
        ("car reg AB12 CDE", "car reg [vehicle reg]"),
        ("dm me @jo_bloggs", "dm me [handle]"),
    ],
)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ring 101 or 999 in an emergency",
        "In 2019 there were 1500 burglaries in MK",
        "Milton Keynes Council and the police, e.g. the PCSOs",
        "I am 15 and in year 10",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text
