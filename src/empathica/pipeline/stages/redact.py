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
#: Phone numbers in the shapes people type them: grouped ("0161 496 0000", "+44 7700 900123",
#: "(020) 7946-0000"), read out digit by digit ("8 1 0 6 5 5 1 2 3 4") or run together
#: ("+447700900123"). Which of these are numbers and which are quantities is ``_phone_ok``'s call.
_PHONE = re.compile(
    r"(?<![\w+#/£$€])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?"
    r"\d{1,15}(?:[ .-]{1,2}\d{1,8}){0,14}(?![\w£$€%])"
)
#: Words just before a number that say it is a phone number, whatever its shape.
_PHONE_CUE = re.compile(
    r"(?i)\b(?:phone|mobile|cell|tel|telephone|landline|number|call(?:ed)? me(?: back)?(?: on| at)?|"
    r"ring me(?: on| at)?|text me(?: on| at)?|whats ?app|contact me(?: on| at)?|reach me(?: on| at)?)"
    r"\W{0,4}(?:is|was|on|at)?\W{0,3}$"
)
#: Words just before a number that say it is a reference, not a person: order and invoice numbers stay.
_REFERENCE_CUE = re.compile(
    r"(?i)\b(?:order|invoice|ref|reference|booking|ticket|tracking|case|flight|item|model|serial|"
    r"product|confirmation|claim|parcel|receipt)s?\W{0,3}(?:number|no\.?|num|id|code)?\W{0,4}(?:is|was)?\W{0,3}$"
)
_DATE = re.compile(r"\d{1,2}[-/. ]\d{1,2}[-/. ]\d{2,4}|\d{4}[-/. ]\d{1,2}[-/. ]\d{1,2}")
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2} ?-? ?\d{1,2}[.:]\d{2}")
#: Bank details and account numbers are known by the words in front of them, not by their shape:
#: "account number 12345678", "sort code 12-34-56", "acct no. 0044 1234". Only the number is replaced.
_ACCOUNT = re.compile(
    r"(?i)\b(?:(?:bank |customer |member(?:ship)? )?account|acct|a/c|sort ?code|routing)\s*"
    r"(?:number|no\.?|num|#)?\s*(?:is|was|:|-)?\s*(?P<pii>\d(?:[ -]?\d){5,17})(?!\d)"
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


def _card_ok(text: str, match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group())
    return 13 <= len(digits) <= 19 and _luhn_ok(digits)


def _iban_ok(text: str, match: re.Match[str]) -> bool:
    compact = match.group().replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _phone_ok(text: str, match: re.Match[str]) -> bool:
    """Whether a run of digits is a phone number rather than a date, a time, a price or a quantity.

    Real numbers carry 7 to 15 digits. A run that is not written as one (a group of three or more
    digits, every digit on its own, or a leading + or 0) counts only after a word such as "phone"
    or "call me on", so "sizes 8 10 12 14" stays; a run after "order" or "invoice" always stays.
    """
    found = match.group().strip(" .-")
    digits = re.sub(r"\D", "", found)
    if not 7 <= len(digits) <= 15 or _DATE.fullmatch(found) or _TIME_RANGE.fullmatch(found):
        return False
    before = text[max(0, match.start() - 40) : match.start()]
    if _REFERENCE_CUE.search(before):
        return False
    if _PHONE_CUE.search(before):
        return True
    groups = re.findall(r"\d+", found)
    if found.startswith(("+", "(")):
        return True
    if len(groups) == 1:
        return False  # "07700900123" alone may be an order number
    if found.startswith("0") or all(len(g) == 1 for g in groups):
        return True
    # "1 299 000" is an amount written with spaces; "0161 496 0000" and "7700 900123" are numbers.
    thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    return not thousands and any(len(g) >= 3 for g in groups)


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    #: Given the whole text and the match, so a check can read the words before the number.
    check: Callable[[str, re.Match[str]], bool] | None = None


RULES: tuple[_Rule, ...] = (
    _Rule("EMAIL", _EMAIL),
    _Rule("IBAN", _IBAN, _iban_ok),
    _Rule("CARD", _CARD, _card_ok),
    _Rule("ACCOUNT", _ACCOUNT),
    _Rule("PHONE", _PHONE, _phone_ok),
    _Rule("ADDRESS", _ADDRESS),
)


def find_pii(text: str) -> list[Redaction]:
    """Non-overlapping PII spans in the original text, earlier rules winning ties."""
    taken: list[Redaction] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            if rule.check is not None and not rule.check(text, m):
                continue
            # A rule may name the part to replace (``pii``), keeping the words that identified it.
            group = "pii" if "pii" in rule.pattern.groupindex else 0
            start, end = m.start(group), m.end(group)
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
