"""Small text helpers for the coach: sentences with their offsets, content words, crude stems.

Kept dependency-free on purpose: the coach runs on every keystroke of a draft, so it must not
pull in a tokenizer library for what a few regular expressions do well enough in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# a full stop inside "89.99" or "e.g.x" does not end a sentence; one before a space or the end does
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?\"')\]]))+(?:[.!?]+[\"')\]]*|\n|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d.,:/]*")


def _split(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(
    _split(
        """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves im ive id ill youre youve youll dont cant
    wont isnt arent wasnt didnt doesnt havent hasnt couldnt wouldnt shouldnt its thats also still
    really even get got much many one two three like know want need well back going went go yet ever
    never every anything something nothing everything anyone someone hi hello dear thanks thank
    please sorry
    """
    )
)

#: Words every support exchange uses; sharing them says nothing about *this* customer.
GENERIC_SUPPORT = frozenset(
    _split(
        """
    order orders customer customers service team help issue issues problem problems experience
    message messages email emails contact account today tomorrow week weeks day days time times
    company store site website update updates thing things way sure able look soon asap regards best
    wishes kind sincerely advisor agent
    need needed free reach fine check later real sent taken word absolute absolutely single cannot
    further question questions else feel value valued moment lines busy priority important feedback
    satisfaction strive possible note noted hesitate
    """
    )
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding space; offsets index ``text``."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def words(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with their offsets, in their original case."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "delivery"/"delivered", "charged"/"charges"."""
    w = word.lower().replace("'", "")
    for suffix in ("ingly", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y", "e"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_stems(text: str, extra_stop: Iterable[str] = ()) -> set[str]:
    """Stems of the words that carry meaning (no stopwords, no one-letter words)."""
    stop = STOPWORDS | frozenset(extra_stop)
    out: set[str] = set()
    for w, _, _ in words(text):
        lw = w.lower().replace("'", "")
        if len(lw) < 3 or lw in stop:
            continue
        out.add(stem(lw))
    return out
