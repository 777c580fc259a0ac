"""Phrases that escalate an upset customer, checked in every draft, offline or from an LLM.

These are the phrases that make people angrier: they dismiss the feeling ("calm down"), hide
behind rules ("as per our policy"), close the door ("there is nothing we can do"), or blame the
customer ("you should have"). A draft that contains one is not sent to the agent as it is.
"""

from __future__ import annotations

import re

BANNED_PHRASES: tuple[str, ...] = (
    "calm down",
    "as per our policy",
    "per our policy",
    "it's our policy",
    "company policy",
    "unfortunately there is nothing we can do",
    "there is nothing we can do",
    "there's nothing we can do",
    "nothing i can do",
    "you should have",
    "you should've",
    "you must have",
    "you need to understand",
    "as i already said",
    "as i said before",
    "as i've already said",
    "as previously stated",
    "as previously mentioned",
    "that's not our problem",
    "not our problem",
    "not my problem",
    "your fault",
    "you failed to",
    "with all due respect",
    "to be honest",
    "obviously",
    "we apologise for any inconvenience",
    "sorry for any inconvenience",
    "any inconvenience caused",
    "i'm not sure what you want",
    "you're wrong",
    "that's impossible",
    "we can't help you",
    "there's no need to be rude",
)


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<![\w'])" + r"\s+".join(words) + r"(?![\w'])", re.IGNORECASE)


_PATTERNS = [(phrase, _pattern(phrase)) for phrase in BANNED_PHRASES]


def find_banned(text: str) -> list[str]:
    """The banned phrases found in ``text`` (curly apostrophes and extra spaces do not hide one)."""
    normalised = text.replace("’", "'").replace("‘", "'")
    return [phrase for phrase, pattern in _PATTERNS if pattern.search(normalised)]
