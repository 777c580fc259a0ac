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
