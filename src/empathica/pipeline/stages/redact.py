"""Redact personal data before anything is stored for display or sent to a model.

Patterns are deliberately conservative where a false positive would destroy meaning
(card numbers must pass the Luhn check, IBANs their mod-97 check) and generous where a
miss would leak data (e-mail addresses, phone numbers in common shapes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from empathica.domain import Redaction
from empathica.pipeline.base import Batch

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w+#/])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?!\w)"
)
_STREET_TYPES = (
    "street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|close|"
    "square|sq|strasse|straße|crescent"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'-]*\s+){{1,4}}(?:{_STREET_TYPES})\b",
    re.IGNORECASE,
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    return 13 <= len(digits) <= 19 and _luhn_ok(digits)


def _iban_ok(match: str) -> bool:
    compact = match.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _phone_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    # Dates (2026-10-03), times and prices share the shape; real numbers carry 7+ digits.
    return 7 <= len(digits) <= 15 and not re.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", match.strip())


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None


RULES: tuple[_Rule, ...] = (
    _Rule("EMAIL", _EMAIL),
    _Rule("IBAN", _IBAN, _iban_ok),
    _Rule("CARD", _CARD, _card_ok),
    _Rule("PHONE", _PHONE, _phone_ok),
    _Rule("ADDRESS", _ADDRESS),
)


def find_pii(text: str) -> list[Redaction]:
    """Non-overlapping PII spans in the original text, earlier rules winning ties."""
    taken: list[Redaction] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            if rule.check is not None and not rule.check(m.group()):
                continue
            start, end = m.start(), m.end()
            if any(start < r.end and r.start < end for r in taken):
                continue
            taken.append(
                Redaction(kind=rule.kind.lower(), start=start, end=end, placeholder=f"[{rule.kind}]")
            )
    return sorted(taken, key=lambda r: r.start)


def redact(text: str) -> tuple[str, list[Redaction]]:
    """Replace every PII span by its placeholder; spans refer to the original text."""
    spans = find_pii(text)
    if not spans:
        return text, []
    out: list[str] = []
    cursor = 0
    for span in spans:
        out.append(text[cursor : span.start])
        out.append(span.placeholder)
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out), spans


class RedactStage:
    """Replaces ``texts`` with redacted texts; keeps originals only when asked to."""

    name = "redact"
    requires = frozenset({"texts"})
    provides = frozenset({"redactions", "original_texts"})

    def __init__(self, keep_original: bool = False) -> None:
        self.keep_original = keep_original

    def __call__(self, batch: Batch) -> Batch:
        originals: list[str] = batch["texts"]
        results = [redact(t) for t in originals]
        return batch.with_columns(
            texts=[r[0] for r in results],
            redactions=[r[1] for r in results],
            original_texts=list(originals) if self.keep_original else [None] * len(originals),
        )
