"""A cheap test that lets a cue-phrase regex scan be skipped when it could not find anything.

The reason and risk stages scan every text with dozens of case-insensitive phrase regexes (one
per label or risk category), and most texts contain none of the phrases: the scans cost more than
the rest of those stages together. But those regexes match a phrase only on word boundaries, so
each word of a phrase that begins with a plain character (an ASCII letter or digit) can only be
found where the text has a word beginning the same way. Each label or category keeps, per phrase,
those *word starts* (``phrase_keys``: at most ``KEY_CHARS`` characters, so "refund" also finds
"refunded"), each text its own (``word_starts``), and a scan runs only when all the keys of some
phrase are among the text's (``PhraseGate``). The test may let a text through that the regex then
rejects; it never turns away a text the regex would match (tests check that against the regexes).

``fold`` lower-cases the way the regexes compare: ``re.IGNORECASE`` also matches four non-ASCII
letters to ASCII ones (the Turkish dotted and dotless i, the long s and the Kelvin sign), so
those are mapped first. A phrase with no plain word start ("?", "@press") is keyed by an ASCII
punctuation mark it must contain; a phrase with neither ("£5", "€") has no key, and its label or
category is always scanned.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Word starts are compared on at most this many characters.
KEY_CHARS = 4

_ASCII_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_PLAIN_RUN = re.compile(r"[a-z0-9]+")
_REPEATS = re.compile(r"([a-z0-9])\1+")
#: Punctuation a phrase may be keyed by: matched literally by both regex builders. Apostrophes are
#: left out, since both let them be missing ("wont" for "won't").
_PUNCTUATION = frozenset(string.punctuation) - {"'"}


def fold(text: str) -> str:
    """Lower case, with the non-ASCII letters that ``re.IGNORECASE`` equates to ASCII ones made ASCII."""
    return (text if text.isascii() else text.translate(_ASCII_TWINS)).lower()


def squeeze(text: str) -> str:
    """Runs of one repeated plain character cut to one ("stilll" -> "stil"), for phrases that
    tolerate repeated letters."""
    return _REPEATS.sub(r"\1", text)


@lru_cache(maxsize=1024)
def word_starts(text: str, squeezed: bool = False) -> frozenset[str]:
    """The first one to ``KEY_CHARS`` characters of every plain word of the folded text, and the
    ASCII punctuation it contains.

    Kept for the last thousand calls (an analyzer chunk is 256 texts by default): the cause, need
    and stage heads ask for the same text in turn, and the risk stage for its squeezed form. A
    larger chunk only loses the sharing, never the right answer.
    """
    folded = fold(text)
    heads = {w[:KEY_CHARS] for w in _PLAIN_RUN.findall(squeeze(folded) if squeezed else folded)}
    return _PUNCTUATION.intersection(text).union(
        heads, *({w[:k] for w in heads} for k in range(1, KEY_CHARS))
    )


def phrase_keys(tokens: Sequence[str], squeezed: bool = False) -> tuple[str, ...]:
    """The keys of one phrase, given its lower-cased words as its regex sees them; longest first.

    A word of the phrase that begins with a plain character begins a word in any text the
    phrase's regex matches (the regex puts a word boundary or white space before it): its leading
    plain run, cut to ``KEY_CHARS``, is a key. A phrase with no such word falls back to its first
    ASCII punctuation mark (not an apostrophe, which the regexes let be missing); with neither,
    it has no key (empty).
    """
    keys: list[str] = []
    for token in tokens:
        run = _PLAIN_RUN.match(token)
        if run is not None:
            lead = squeeze(run.group(0)) if squeezed else run.group(0)
            keys.append(lead[:KEY_CHARS])
    if not keys:
        keys = [c for token in tokens for c in token if c in _PUNCTUATION][:1]
    return tuple(sorted(dict.fromkeys(keys), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class PhraseGate:
    """Whether any phrase of a group (a label's cues, a risk category's phrases) may match a text."""

    #: The first (longest) key of every phrase.
    firsts: frozenset[str]
    #: The keys of the phrases that have only one: enough on their own.
    singles: frozenset[str]
    #: First key -> the other keys of each phrase with several, all of which the text needs too.
    others: dict[str, tuple[tuple[str, ...], ...]]
    #: Some phrase has no key: always scan.
    always: bool

    @classmethod
    def of(cls, phrases: Iterable[tuple[str, ...]]) -> PhraseGate:
        """From each phrase's ``phrase_keys``."""
        singles: set[str] = set()
        others: dict[str, list[tuple[str, ...]]] = {}
        always = False
        for keys in phrases:
            if not keys:
                always = True
            elif len(keys) == 1:
                singles.add(keys[0])
            else:
                others.setdefault(keys[0], []).append(keys[1:])
        return cls(
            frozenset(singles | others.keys()),
            frozenset(singles),
            {k: tuple(v) for k, v in others.items()},
            always,
        )

    def admits(self, starts: frozenset[str]) -> bool:
        """False only when no phrase can match the text whose ``word_starts`` are given."""
        if self.always or not self.singles.isdisjoint(starts):
            return True
        return any(
            all(k in starts for k in rest)
            for first in self.others.keys() & starts
            for rest in self.others[first]
        )


class GateSet:
    """The gates of a head's labels together, so that a text is checked against the keys of all
    labels at once rather than label by label."""

    def __init__(self, gates: Sequence[PhraseGate]) -> None:
        self.gates = tuple(gates)
        self._always = frozenset(g for g, gate in enumerate(self.gates) if gate.always)
        owners: dict[str, set[int]] = {}
        for g, gate in enumerate(self.gates):
            for key in gate.firsts:
                owners.setdefault(key, set()).add(g)
        self._owners = {k: frozenset(v) for k, v in owners.items()}
        self._firsts = frozenset(owners)

    def admitted(self, starts: frozenset[str]) -> list[int]:
        """Indices (ascending) of the gates that admit the text whose ``word_starts`` are given."""
        maybe = set(self._always)
        for key in self._firsts & starts:
            maybe |= self._owners[key]
        return sorted(g for g in maybe if self.gates[g].admits(starts))
