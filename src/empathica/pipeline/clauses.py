"""Clauses, cue phrases and word polarity: the text side of the reason stages.

Evidence without a second encoder pass
--------------------------------------

Encoding every sentence again would double the encoder's work, and the encoder is nearly all of
the pipeline's cost. Instead the text is split into clauses (sentence ends, semicolons,
newlines, "but / although / however" turns, and "and" when a new subject follows, as in "and
nobody answered") and, for each chosen label, the clause with the most cue hits is quoted; ties
and clauses without cues fall back to word overlap with the label's examples and description
(see ``empathica.pipeline.fewshot``). Clause offsets are character offsets into the analysed
(redacted) text, so ``text[start:end] == clause.text``.

Cue phrases (a label's optional ``cues`` in the taxonomy YAML) match on word boundaries, case
aside, with a few common endings ("charge" finds "charged") and apostrophes optional.

Polarity: a small lexicon of positive and negative words decides whether a clause reads as a
gain or a pain (a negator just before a word flips it); a question says neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from empathica.pipeline.prescan import PhraseGate, phrase_keys, word_starts


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSITIVE_WORDS = _wordset(
    """good great excellent amazing brilliant fantastic lovely love loved perfect helpful kind
    patient friendly polite quick quickly fast easy easily smooth clear clearly happy pleased
    impressed thank thanks thankful grateful superb outstanding wonderful best nice generous
    welcoming supportive sorted resolved recommend reliable painless intuitive bargain worth
    appreciated appreciate valued fair flexible efficient professional early"""
)
_NEGATIVE_WORDS = _wordset(
    """bad poor terrible awful horrible worst rude late slow broken broke faulty useless
    ridiculous disgusting disgraceful unacceptable angry annoyed furious disappointed
    disappointing frustrated frustrating confusing confused unclear wrong never nobody ignored
    waiting waited lost missing damaged cold expensive overpriced unfair impossible stuck
    crashes crashed failed failing fails problem problems issue issues mess nightmare shambles
    refused unhelpful dismissive condescending patronising stressful worried scared hate
    joke cancelled delayed overcharged charged twice unpaid short understaffed toxic"""
)
_NEGATORS = frozenset({"not", "no", "never", "isn't", "wasn't", "don't", "didn't", "won't", "hardly"})
_STOPWORDS = _wordset(
    """a an the and or but if of to in on at for with by from as is are was were be been being
    i me my we our you your it its this that these those he she they them his her their there
    have has had do does did so than then too very just not no can could would should will
    shall may might must about into over after before again once all any some more most other
    such only own same what which who whom when where why how up down out off also get got"""
)
_WORD = re.compile(r"[a-z0-9£$€]+(?:['’][a-z]+)?")
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;…])\s+|\n+|\s+[-–—]\s+|,?\s+(?=(?:but|although|though|however|whereas|while|except)\b)"
    r"|,?\s+(?=and\s+(?:nobody|no\s+one|none|nothing|never|the|they|i|it|we|she|he|now|then|still|my)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of the analysed text; ``text`` equals ``source[start:end]``."""

    text: str
    start: int
    end: int


def split_clauses(text: str) -> list[Clause]:
    """Sentences, further cut at semicolons, dashes and contrast words; whitespace trimmed."""
    return list(_split_clauses(text))


@lru_cache(maxsize=1024)
def _split_clauses(text: str) -> tuple[Clause, ...]:
    # kept for the last thousand texts (an analyzer chunk is 256 by default): the cause, need and
    # stage stages split the same text in turn
    clauses: list[Clause] = []
    pos = 0
    for match in [*_CLAUSE_BREAK.finditer(text), None]:
        stop = match.start() if match is not None else len(text)
        piece = text[pos:stop]
        stripped = piece.strip()
        if any(ch.isalnum() for ch in stripped):
            offset = pos + (len(piece) - len(piece.lstrip()))
            clauses.append(Clause(stripped, offset, offset + len(stripped)))
        if match is not None:
            pos = match.end()
    return tuple(clauses)


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (curly apostrophes made straight)."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """Crude suffix folding so "charged" meets "charge" and "deliveries" meets "delivery"."""
    for suffix in ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    """The stems of the words that carry a topic (stopwords and one- or two-letter words dropped)."""
    return {stem(w) for w in words(text) if w not in _STOPWORDS and len(w) > 2}


@dataclass(frozen=True, slots=True)
class ClauseWords:
    """What evidence scoring reads from a clause, worked out once however many labels ask."""

    stems: frozenset[str]
    n_words: int


@lru_cache(maxsize=2048)
def clause_words(text: str) -> ClauseWords:
    """The content stems and the word count of a clause (kept for the last two thousand clauses:
    each chosen label of each reason stage reads every clause of an item)."""
    return ClauseWords(frozenset(content_stems(text)), len(words(text)))


def _cues(cues: Sequence[str]) -> list[str]:
    return sorted({c.strip().lower() for c in cues if c.strip()}, key=len, reverse=True)


def cue_pattern(cues: Sequence[str]) -> re.Pattern[str] | None:
    """One regex per label; each cue matches on word boundaries with a few common endings."""
    parts = []
    for cue in _cues(cues):
        tokens = [re.escape(w).replace("'", "['’]?") for w in cue.split()]
        body = r"\s+".join(tokens)
        ending = r"(?:s|es|ed|d|ing)?" if cue[-1].isalnum() else ""
        lead = r"\b" if cue[0].isalnum() else ""
        tail = r"\b" if cue[-1].isalnum() else ""
        parts.append(f"{lead}{body}{ending}{tail}")
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def cue_hits(pattern: re.Pattern[str] | None, text: str) -> int:
    """Distinct cue phrases of one label found in ``text``."""
    if pattern is None:
        return 0
    return len({m.group(0).lower() for m in pattern.finditer(text)})


@dataclass(frozen=True, slots=True)
class CuePhrases:
    """A label's cue phrases compiled once: their regex and the word starts a text needs for the
    regex to have a chance (see ``empathica.pipeline.prescan``)."""

    pattern: re.Pattern[str] | None
    gate: PhraseGate

    @classmethod
    def of(cls, cues: Sequence[str]) -> CuePhrases:
        return cls(cue_pattern(cues), PhraseGate.of(phrase_keys(c.split()) for c in _cues(cues)))

    def hits(self, text: str) -> int:
        """``cue_hits`` of the pattern in ``text``, without a scan when the gate turns it away."""
        if self.pattern is None or not self.gate.admits(word_starts(text)):
            return 0
        return cue_hits(self.pattern, text)


def clause_polarity(text: str) -> int:
    """+1, -1 or 0 from the positive and negative words of a clause (negators flip the next word).

    A question says nothing either way ("is it worth it?"): it returns 0.
    """
    if text.rstrip().endswith("?"):
        return 0
    score = 0
    found = words(text)
    for i, word in enumerate(found):
        sign = 1 if word in _POSITIVE_WORDS else -1 if word in _NEGATIVE_WORDS else 0
        if sign and any(w in _NEGATORS for w in found[max(0, i - 2) : i]):
            sign = -sign if word not in _NEGATORS else sign
        score += sign
    return (score > 0) - (score < 0)
