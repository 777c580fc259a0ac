import pytest

from empathica.pipeline.base import Batch
from empathica.pipeline.stages.redact import RedactStage, find_pii, redact


def test_email_phone_card_iban_address_are_replaced() -> None:
    text = (
        "Write to jane.doe@example.com or call +1 555 010 0199. Card 4111 1111 1111 1111, "
        "IBAN DE89 3704 0044 0532 0130 00, I live at 42 Baker Street."
    )
    redacted, spans = redact(text)
    assert redacted == ("Write to [EMAIL] or call [PHONE]. Card [CARD], IBAN [IBAN], I live at [ADDRESS].")
    assert [s.kind for s in spans] == ["email", "phone", "card", "iban", "address"]
    # spans point into the original text
    assert text[spans[0].start : spans[0].end] == "jane.doe@example.com"


def test_numbers_that_are_not_pii_survive() -> None:
    for text in (
        "Order #4411-2290 arrived on 2026-10-03 and cost 1,299.00",
        "I waited 45 minutes on hold, twice",
        "Invoice 123456 is wrong",
    ):
        assert redact(text) == (text, [])


def test_card_needs_luhn_and_iban_needs_checksum() -> None:
    assert find_pii("4111 1111 1111 1112") == [] or find_pii("4111 1111 1111 1112")[0].kind == "phone"
    assert all(s.kind != "iban" for s in find_pii("DE00 3704 0044 0532 0130 00"))


def test_stage_keeps_originals_only_when_asked() -> None:
    batch = Batch.of(["mail me: a@b.io"])
    assert RedactStage()(batch)["original_texts"] == [None]
    kept = RedactStage(keep_original=True)(batch)
    assert kept["texts"] == ["mail me: [EMAIL]"]
    assert kept["original_texts"] == ["mail me: a@b.io"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("my phone number is 8 1 0 6 5 5 1 2 3 4 if you need it", "8 1 0 6 5 5 1 2 3 4"),
        ("ring me on 0161 496 0000 after five", "0161 496 0000"),
        ("my mobile: +44 7700 900123.", "+44 7700 900123"),
        ("text +447700900123 any time", "+447700900123"),
        ("call me on 07700900123", "07700900123"),
        ("my number is 612 345 678", "612 345 678"),
        ("try 0161.496.0000 or the shop", "0161.496.0000"),
        ("the (020) 7946-0000 line", "(020) 7946-0000"),
    ],
)
def test_phone_numbers_in_the_shapes_people_type_them(text: str, number: str) -> None:
    redacted, spans = redact(text)
    assert [s.kind for s in spans] == ["phone"], redacted
    assert text[spans[0].start : spans[0].end] == number
    assert number not in redacted and "[PHONE]" in redacted


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("my account number is 12345678, please check it", "12345678"),
        ("Acct no. 0044 1234 5678 was charged", "0044 1234 5678"),
        ("bank account: 31926819 and sort code 12-34-56", "31926819"),
    ],
)
def test_account_numbers_are_known_by_the_words_before_them(text: str, number: str) -> None:
    redacted, spans = redact(text)
    assert spans[0].kind == "account" and text[spans[0].start : spans[0].end] == number
    assert number not in redacted
    # The words that say what it was stay, so the text still reads.
    assert "[ACCOUNT]" in redacted and "account" in redacted.lower()


@pytest.mark.parametrize(
    "text",
    [
        "order number 4411 2290 arrived on 12.03.2026",
        "Invoice 0012345678 is wrong and booking ref 4455 6677 too",
        "I ordered sizes 8 10 12 14 and 3 boxes of 24",
        "I paid 1 299 000 dollars, then $1,299.99 and £1 299",
        "the shop is open 10.30-11.45 on 03/04/2026 and 12 03 2026",
        "flight BA 2490 left at 0800 instead of 0630 on 2026.10.03",
        "we paid 3500 for 2 people in 2024, 45 minutes late",
    ],
)
def test_dates_prices_quantities_and_references_are_not_over_caught(text: str) -> None:
    assert redact(text) == (text, [])
