"""The "risk" stage: how far a complaint may spread, how soon it needs an answer, whether the
customer is about to leave, and a priority a support lead can sort an inbox by.

Everything here is explainable arithmetic over the metadata and a few cue phrases, not a model:
a team lead must be able to read *why* an item was flagged, and a wrong flag must be fixable by
editing a phrase list or a channel weight, not by retraining. Each factor that raised a score adds
one plain-language line to ``Risk.reasons``.

Inputs per item: the text, its metadata dict, and the emotion stage's ``intensity``,
``sentiment`` and ``emotions`` (GoEmotions ``LabelScores``).

Scores (all clamped to [0, 1] and rounded to 3 decimals)
--------------------------------------------------------

Amplification — could this spread in public?

- ``publicness`` p: from ``metadata['channel']`` (else ``metadata['kind']``) via the channel
  mapping (:data:`DEFAULT_CHANNEL_PUBLICNESS`: public social and review sites near 1, forums
  0.7, e-mail, chat, phone and tickets 0.05, internal channels 0). A channel that is not in
  the mapping gets ``unknown_publicness`` (0.3) and a warning; no channel at all gets the same
  value without a warning.
- ``audience`` a = clamp((log10(max(followers, views)) - 2) / 4): 0 up to 100, 0.25 at 1,000,
  0.5 at 10,000, 1 at 1,000,000.
- ``engagement`` e = clamp((log10(likes + replies + 5 x shares) - 1) / 3): 0 up to 10, 1 at
  10,000. A share puts the post in front of a new audience, so it weighs five interactions.
- ``heat`` h = max(intensity x negativity(sentiment), the strongest of anger, annoyance,
  disgust, disappointment, disapproval), with negativity 1 for negative, 0.6 mixed, 0.25
  neutral, 0 positive.
- ``spread`` = p x (0.35 + 0.4 a + 0.25 e)
- amplification = 1 - (1 - spread x (0.5 + 0.5 h)) x prod(1 - w) over the amplification cue
  categories found in the text (public threat 0.6, press or regulator 0.55, legal 0.5, review
  0.45, word of mouth 0.35). A private e-mail that says "I'm posting this everywhere" is a
  public risk even though it was sent privately.

Churn — is this customer (or employee) about to leave?

- churn = 1 - (1 - c x (0.6 + 0.4 x negativity)) x (1 - low_rating) x (1 - 0.2 h), where c is
  the noisy-or (1 - prod(1 - w)) of the churn cue categories found (account/subscription
  cancellation 0.8, switching to a competitor 0.7, "never again" 0.6, leaving the job 0.6,
  other cancelling 0.45, considering alternatives 0.4, a configured competitor named while the
  sentiment is negative or mixed 0.5), and low_rating is 0.4 for 1 star, 0.2 for 2 stars and 0
  from 3 stars (``metadata['rating']``: 0 to 5 read as stars, above 5 up to 10 as a 0-10
  score).

Urgency — how soon must someone act?

- urgency = 1 - prod(1 - w) over the urgency cue categories found (safety hazard 0.9,
  vulnerable circumstances 0.45, repeated contact 0.4, time pressure 0.4; repeated contact and
  time pressure are ignored when the text reads positive and scaled by 0.75 when neutral,
  because "still love it" and "arrived today!" are not complaints) and 0.4 x the strongest of
  fear, nervousness and anger. Words already counted by a stronger category of the same score
  ("cancelling my subscription") are not counted again by a weaker one ("cancel"). In a text
  that reads positive, safety, legal and press cues count half and set no priority floor.

``estimated_reach`` (people who may see it now): 0 on a channel whose publicness is below 0.2
(e-mail, chat, internal); otherwise max(followers, views) + 100 x shares + 5 x (likes +
replies). Views already include most followers, hence the max rather than the sum; a share
reaches roughly a hundred of the sharer's own followers, a like or reply a handful. 0 also means
"no figures given".

``priority`` (first rule that holds):

- ``urgent``: a safety hazard is mentioned in a text that does not read positive (a thank-you
  for fixing a dangerous socket is not an emergency), or amplification or urgency is >= 0.85 (churn alone
  tops out at ``high``);
- ``high``: a legal threat or a press / regulator mention (again, not in a positive text), or
  the highest score is >= 0.6;
- ``normal``: the highest score is >= 0.3;
- ``low``: otherwise.

Negation and averted plans: an amplification or churn cue does not count when the words just
before it, in the same clause and after the last subject ("I", "we", "you"...), deny or undo it:
a negator ("not", "never", "won't", "don't", "no need", "no plans", "without"...) or a plan
that did not happen ("was going to", "was about to", "almost", "nearly", "would have"). So "I'm
not going to post this", "I won't leave a review", "no need to switch to another provider" and
"I was about to cancel my subscription but you fixed it" raise nothing, while "if I don't hear
back I'll leave a review" still does: the conditional threat's negation belongs to another
subject. Only actions are negated this way; urgency cues are facts ("I haven't heard back for
weeks" is still repeated contact), so they are left alone. "Not even one star" is still a bad
review ("not even" intensifies).

Cue phrases live in :data:`DEFAULT_CUES` (one list per category of :data:`CATEGORIES`) and can be
replaced per category through the constructor. Matching is case-insensitive on word boundaries,
tolerates apostrophes being left out or curly ("wont", "won’t"), repeated letters ("cancelll",
"stil"), common endings on each word ("cancel my subscription" finds "cancelled my
subscriptions"), and
``<n>`` in a phrase stands for a number ("3", "three", "several").

Bad metadata (a follower count of "lots", negative likes, NaN, ``True``, an unknown channel) is
ignored with a warning on that item; the stage never raises on item data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from empathica.domain import LabelScores, Risk
from empathica.pipeline.base import Batch
from empathica.pipeline.prescan import GateSet, PhraseGate, phrase_keys, word_starts

# --------------------------------------------------------------------------------------------
# Options and their defaults

#: How public each channel (or item kind) is, 0 (internal) to 1 (anyone can read it).
DEFAULT_CHANNEL_PUBLICNESS: dict[str, float] = {
    # public social networks and video sites
    "twitter": 1.0, "x": 1.0, "tweet": 1.0, "tiktok": 1.0, "youtube": 1.0, "threads": 0.95,
    "bluesky": 0.95, "mastodon": 0.9, "instagram": 0.9, "facebook": 0.85, "linkedin": 0.85,
    "reddit": 0.9, "social": 0.9, "social_media": 0.9, "social_post": 0.9, "blog": 0.8,
    "news": 1.0, "press": 1.0,
    # public review sites
    "review_site": 0.9, "reviews": 0.9, "review": 0.85, "trustpilot": 0.9, "google_reviews": 0.9,
    "google": 0.9, "yelp": 0.9, "tripadvisor": 0.9, "glassdoor": 0.85, "app_store": 0.85,
    "play_store": 0.85, "google_play": 0.85, "amazon": 0.85,
    # semi-public
    "forum": 0.7, "community": 0.7, "community_forum": 0.7, "comments": 0.6,
    # private one-to-one
    "survey": 0.1, "survey_answer": 0.1, "nps": 0.1, "email": 0.05, "e_mail": 0.05, "mail": 0.05,
    "chat": 0.05, "live_chat": 0.05, "web_chat": 0.05, "whatsapp": 0.05, "sms": 0.05,
    "phone": 0.05, "call": 0.05, "voice": 0.05, "ticket": 0.05, "helpdesk": 0.05,
    "support": 0.05, "web_form": 0.05, "widget": 0.05, "web_widget": 0.05, "letter": 0.05,
    "dm": 0.1, "direct_message": 0.1,
    # internal: never seen outside the company
    "internal": 0.0, "internal_survey": 0.0, "staff_note": 0.0, "focus_group": 0.0,
    "employee_comment": 0.0, "slack": 0.0, "teams": 0.0, "intranet": 0.0, "hr": 0.0,
}  # fmt: skip

#: Publicness for a channel the mapping does not know (and for items without a channel).
UNKNOWN_PUBLICNESS = 0.3
#: Below this publicness nobody outside the conversation sees the text: reach is 0.
PRIVATE_BELOW = 0.2
#: At or above this publicness the channel itself is named as a reason.
PUBLIC_FROM = 0.5


@dataclass(frozen=True, slots=True)
class CueCategory:
    """A family of phrases that raises one score by ``weight`` and explains itself as ``reason``."""

    name: str
    score: str  # "amplification" | "churn" | "urgency"
    weight: float
    reason: str
    tone_scaled: bool = False  # ignored in positive texts, x0.75 in neutral ones
    min_priority: str = "low"  # the least priority it demands (not in positive texts)
    when_positive: float = 1.0  # weight factor in a text that reads positive


CATEGORIES: tuple[CueCategory, ...] = (
    CueCategory("public_threat", "amplification", 0.6, "explicit threat to post publicly"),
    CueCategory(
        "press",
        "amplification",
        0.55,
        "mentions the press or a regulator",
        min_priority="high",
        when_positive=0.5,
    ),
    CueCategory("legal", "amplification", 0.5, "legal threat", min_priority="high", when_positive=0.5),
    CueCategory("review", "amplification", 0.45, "says they will leave a public review"),
    CueCategory("word_of_mouth", "amplification", 0.35, "says they will warn other people"),
    CueCategory("cancel_account", "churn", 0.8, "says they are cancelling their account or subscription"),
    CueCategory("switching", "churn", 0.7, "says they are switching to a competitor"),
    CueCategory("never_again", "churn", 0.6, "says they will not buy again"),
    CueCategory("leaving_job", "churn", 0.6, "says they may leave the job"),
    CueCategory("cancel", "churn", 0.45, "mentions cancelling"),
    CueCategory("considering", "churn", 0.4, "says they are looking at other options"),
    CueCategory("safety", "urgency", 0.9, "safety hazard", min_priority="urgent", when_positive=0.5),
    CueCategory("vulnerability", "urgency", 0.45, "vulnerable circumstances"),
    CueCategory("repeat_contact", "urgency", 0.4, "repeated contact", tone_scaled=True),
    CueCategory("deadline", "urgency", 0.4, "time pressure", tone_scaled=True),
)

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Cue phrases per category name. ``<n>`` stands for a number written in digits or words.
DEFAULT_CUES: dict[str, tuple[str, ...]] = {
    "public_threat": (
        "posting this", "post this", "posting about", "post about this", "everyone should know",
        "everyone needs to know", "everybody should know", "people need to know", "going viral",
        "go viral", "tell the world", "sharing this", "share this", "all over social media",
        "on social media", "on twitter", "on facebook", "on tiktok", "on reddit", "on instagram",
        "tagging", "making this public", "make this public", "going public", "screenshot",
    ),
    "press": (
        "journalist", "reporter", "the press", "@press", "newspaper", "the media", "watchdog",
        "ombudsman", "trading standards", "regulator", "citizens advice", "better business bureau",
        "bbb", "ofgem", "ofcom", "ofwat", "fca", "consumer rights", "my mp",
    ),
    "legal": (
        "lawyer", "solicitor", "attorney", "legal action", "legal advice", "sue you", "sue your",
        "sue the", "will sue", "going to sue", "suing", "small claims", "take you to court",
        "taking you to court", "see you in court", "class action",
    ),
    "review": (
        "leaving a review", "leave a review", "leave a bad review", "writing a review",
        "write a review", "one star", "1 star", "zero stars", "0 stars", "trustpilot",
        "google review", "yelp",
    ),
    "word_of_mouth": (
        "telling all my friends", "tell all my friends", "telling everyone", "tell everyone",
        "warn others", "warn everyone", "warning everyone", "warning others", "friends and family",
        "never recommend", "won't recommend", "will not recommend", "would not recommend",
        "wouldn't recommend",
    ),
    "cancel_account": (
        "cancelling my subscription", "cancel my subscription", "cancelling my account",
        "cancel my account", "cancel my contract", "cancelling my contract", "cancel my membership",
        "closing my account", "close my account", "end my contract", "terminate my contract",
        "terminating my contract",
    ),
    "switching": (
        "switching to", "switched to", "switching provider", "switching supplier",
        "taking my business elsewhere", "take my business elsewhere", "your competitor",
        "a competitor", "another provider", "another supplier", "another company", "shop elsewhere",
        "shopping elsewhere", "going elsewhere", "go elsewhere",
    ),
    "never_again": (
        "never again", "last time i buy", "last time i order", "last time i use", "last time i shop",
        "never buying", "never buy from", "never ordering", "never order from", "never using",
        "never use you", "won't be back", "will not be back", "won't be buying", "won't be ordering",
        "won't be renewing", "not renewing", "will not renew", "won't renew", "done with you",
        "you've lost a customer", "lost a customer", "former customer",
    ),
    "leaving_job": (
        "handing in my notice", "hand in my notice", "resign", "resigning", "resignation",
        "quit my job", "i quit", "i'm quitting", "going to quit", "thinking of quitting",
        "looking for another job", "looking for a new job", "job hunting", "updating my cv",
        "update my cv", "leaving the company",
    ),
    "cancel": ("cancel", "cancellation", "unsubscribe", "refund and close"),
    "considering": (
        "moving to", "move to", "thinking of leaving", "thinking about leaving", "looking at other",
        "shopping around", "better deal elsewhere", "cheaper elsewhere", "other options",
    ),
    "safety": (
        "smoke", "smoking", "burning smell", "smell of burning", "smells of burning",
        "smells like burning", "sparks", "sparking", "caught fire", "on fire", "fire hazard",
        "flames", "leak", "leaking", "gas leak", "smell gas", "smell of gas", "smells of gas",
        "gas smell", "carbon monoxide", "electric shock", "got a shock", "gave me a shock",
        "injured", "injury", "hurt myself", "burned my", "burnt my", "overheating", "overheated",
        "exploded", "explosion", "choking", "allergic reaction", "unsafe",
        "dangerous", "hazard", "flooding", "flooded",
    ),
    "vulnerability": (
        "elderly", "disabled", "disability", "wheelchair", "pregnant", "vulnerable", "hospital",
        "medication", "medical", "carer", "dementia", "no heating", "no heat", "no hot water",
        "no power", "no electricity", "no water", "can't afford", "cannot afford", "lost my job",
        "bereavement", "passed away", "child", "children", "baby", "newborn", "my kids",
        "live alone", "on my own",
    ),
    "repeat_contact": (
        "third time", "second time", "fourth time", "fifth time", "3rd time", "4th time", "again",
        "still", "for weeks", "for days", "for months", "weeks now", "days now", "<n> times",
        "for <n> weeks", "for <n> days", "for <n> months", "<n> calls", "<n> emails",
        "keep calling", "keep chasing", "chasing", "chased", "no reply", "no response",
        "nobody has replied", "no one has replied", "no one got back", "nobody got back",
        "how many times",
    ),
    "deadline": (
        "today", "tonight", "tomorrow", "urgent", "urgently", "asap", "as soon as possible",
        "immediately", "right now", "emergency", "deadline", "end of the day", "end of day",
        "by the weekend", "by tomorrow", "before my flight", "running out of time",
        *(f"by {day}" for day in _DAYS),
    ),
}  # fmt: skip

#: Sentiment -> how negative the text reads, 0 to 1.
NEGATIVITY: dict[str, float] = {"negative": 1.0, "mixed": 0.6, "neutral": 0.25, "positive": 0.0}
#: GoEmotions labels whose strength makes a public complaint spread.
HEAT_EMOTIONS: tuple[str, ...] = ("anger", "annoyance", "disgust", "disappointment", "disapproval")
#: GoEmotions labels whose strength makes an answer more pressing.
URGENT_EMOTIONS: tuple[str, ...] = ("fear", "nervousness", "anger")

#: Metadata keys read for each figure (first valid one per group wins, in this order).
COUNT_KEYS: dict[str, tuple[str, ...]] = {
    "followers": ("followers", "followers_count", "follower_count", "subscribers"),
    "views": ("views", "view_count", "impressions"),
    "shares": ("shares", "retweets", "reposts", "retweet_count", "share_count"),
    "likes": ("likes", "like_count", "favorites", "favourites", "reactions", "upvotes"),
    "replies": ("replies", "comments", "reply_count", "comment_count"),
}
RATING_KEYS: tuple[str, ...] = ("rating", "stars")

SHARE_WEIGHT = 5  # a share counts as this many likes in the engagement score
REACH_PER_SHARE = 100
REACH_PER_INTERACTION = 5
URGENT_AT, HIGH_AT, NORMAL_AT = 0.85, 0.6, 0.3
_PRIORITIES = ("low", "normal", "high", "urgent")

# --------------------------------------------------------------------------------------------
# Cue matching

_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous)"
_ENDINGS = r"(?:s|es|d|ed|ing)?"
_APOSTROPHES = "'’"


def _token_pattern(token: str) -> str:
    if token == "<n>":
        return _NUMBER
    parts: list[str] = []
    for run in re.finditer(r"(.)\1*", token):
        char, size = run.group(1), len(run.group(0))
        if char.isalpha():
            # "still" also finds "stil" and "stilll"; a deliberate triple ("bbb") stays a triple
            parts.append(re.escape(char) + ("+" if size <= 2 else f"{{{size},}}"))
        elif char in _APOSTROPHES:
            parts.append("['’]?")
        else:
            parts.append(re.escape(char) * size)
    return "".join(parts)


def _phrase_body(phrase: str) -> str:
    tokens = phrase.lower().split()
    if not tokens:
        raise ValueError("a cue phrase is empty")
    return r"[\s\-]+".join(
        _token_pattern(t) + (_ENDINGS if len(t) > 1 and t[-1].isalpha() else "") for t in tokens
    )


def phrase_pattern(phrase: str) -> str:
    """A regex for one cue phrase, tolerant of case, spacing, apostrophes and doubled letters."""
    return rf"(?<!\w){_phrase_body(phrase)}(?!\w)"


def compile_phrases(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation for a list of phrases, longest first so the fullest wording is quoted."""
    cleaned = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    # the boundaries sit outside the alternation so a position inside a word fails at once
    branches = "|".join(_phrase_body(p) for p in cleaned)
    return re.compile(rf"(?<!\w)(?:{branches})(?!\w)", re.IGNORECASE)


def phrase_gate(phrases: Sequence[str]) -> PhraseGate:
    """What a text needs before ``compile_phrases(phrases)`` can match it (see
    ``empathica.pipeline.prescan``); keyed on squeezed words, since a phrase tolerates doubled
    letters ("stil" for "still"). A ``<n>`` stands for any number, so it gives no key."""
    return PhraseGate.of(
        phrase_keys([t for t in p.lower().split() if t != "<n>"], squeezed=True) for p in phrases if p.strip()
    )


_CLAUSE_END = re.compile(r"[.,!?;:\n]")
QUOTE_WORDS = 4

# -- negation -----------------------------------------------------------------------------------

#: Scores whose cues are actions a writer can deny ("I won't post this"); urgency cues are facts.
NEGATABLE_SCORES = frozenset({"amplification", "churn"})
#: Words looked at before a cue (within its clause, after the last subject).
NEGATION_WINDOW = 6
_NEGATORS = frozenset(
    {
        "not", "never", "nor", "without", "hardly", "won't", "don't", "didn't", "doesn't", "isn't",
        "wasn't", "aren't", "weren't", "wouldn't", "shouldn't", "haven't", "hasn't", "ain't", "wont",
        "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "wouldnt", "shouldnt", "havent", "hasnt",
    }
)  # fmt: skip
#: "no" negates a plan only in these pairs: "no need to switch", not "no reply so I'm switching".
_NO_PLANS = frozenset({"need", "plan", "plans", "intention", "reason", "longer", "point", "desire", "way"})
#: Subjects: a negation before the last of them belongs to another clause ("if I don't hear back
#: I'll leave a review" is a threat).
_SUBJECTS = frozenset(
    {
        "i", "i'm", "i'll", "i've", "i'd", "im", "ill", "ive", "id", "we", "we're", "we'll", "we've",
        "you", "you're", "you'll", "they", "they're", "they'll", "he", "she", "it", "it's", "he's",
        "she's", "he'll", "she'll",
    }
)  # fmt: skip
_AVERTED = re.compile(
    r"\b(?:(?:was|were)\s+(?:going|about)\s+to|almost|nearly|(?:would|could|might)\s+have)\b"
)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def negated(text: str, start: int) -> bool:
    """True when the words before ``text[start:]`` deny or undo the cue there (see the module doc)."""
    left = text[:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    words = _TOKEN.findall(left[cut:].lower().replace("’", "'"))[-NEGATION_WINDOW:]
    last_subject = max((k for k, w in enumerate(words) if w in _SUBJECTS), default=-1)
    words = words[last_subject + 1 :]
    for k, word in enumerate(words):
        following = words[k + 1] if k + 1 < len(words) else ""
        if word in _NEGATORS and following != "even":
            return True
        if word == "no" and following in _NO_PLANS:
            return True
    return bool(_AVERTED.search(" ".join(words)))


def quote(text: str, start: int, end: int) -> str:
    """The matched words, widened to about four words inside the clause, for a reason line.

    "lawyer" alone reads oddly in a reason; "my lawyer will" or "posting this everywhere"
    tells a support lead what was said.
    """
    left = text[:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    before = left[cut:].split()
    right = text[end:]
    stop = _CLAUSE_END.search(right)
    after = (right[: stop.start()] if stop else right).split()
    words = text[start:end].split()
    if before and len(words) < QUOTE_WORDS:
        words.insert(0, before[-1])
    if after and len(words) < QUOTE_WORDS:
        words.append(after[0])
    return " ".join(words).strip(' "“”()')


# --------------------------------------------------------------------------------------------
# Metadata parsing

_SUFFIXES = {"k": 1_000.0, "m": 1_000_000.0, "b": 1_000_000_000.0}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_count(key: str, value: Any) -> tuple[float | None, str | None]:
    """(count, None) for a usable non-negative number, else (None, warning) or (None, None) if absent.

    Accepts ints, floats and strings such as "12,400", "12.4k" or "1.2M", because exports
    write audience figures that way; refuses booleans, NaN, infinities and negatives.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    label = f"metadata {key!r}={_show(value)}"
    if isinstance(value, bool):
        return None, f"{label} is a yes/no value, not a number; ignored"
    number: float
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        cleaned = value.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
        scale = 1.0
        if cleaned and cleaned[-1] in _SUFFIXES:
            scale = _SUFFIXES[cleaned[-1]]
            cleaned = cleaned[:-1]
        try:
            number = float(cleaned) * scale
        except ValueError:
            return None, f"{label} is not a number; ignored"
    else:
        return None, f"{label} is not a number; ignored"
    if not math.isfinite(number):
        return None, f"{label} is not a finite number; ignored"
    if number < 0:
        return None, f"{label} is negative; ignored"
    return number, None


def rating_fraction(key: str, value: Any) -> tuple[float | None, str | None]:
    """A rating as 0 (worst) .. 1 (best): 0-5 read as stars 1-5, above 5 up to 10 as a 0-10 score."""
    number, warning = parse_count(key, value)
    if number is None:
        return None, warning
    if number <= 5:
        return max(0.0, (number - 1) / 4), None
    if number <= 10:
        return number / 10, None
    return None, f"metadata {key!r}={_show(value)} is outside the 0-10 rating range; ignored"


def _channel_key(value: str) -> str:
    return re.sub(r"[\s\-/]+", "_", value.strip().lower())


@dataclass(slots=True)
class _Facts:
    """What the metadata says, once cleaned."""

    channel: str | None = None
    publicness: float = UNKNOWN_PUBLICNESS
    counts: dict[str, float] = field(default_factory=dict)
    rating: float | None = None
    rating_shown: str = ""
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# The stage


def _clamp(x: float) -> float:
    return 0.0 if x <= 0 else 1.0 if x >= 1 else x


def _noisy_or(weights: Sequence[float]) -> float:
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - _clamp(w)
    return 1.0 - remaining


def _log_scale(n: float, zero_at: float, decades: float) -> float:
    """0 up to 10**zero_at, rising by 1/decades per tenfold, 1 at the top."""
    if n <= 0:
        return 0.0
    return _clamp((math.log10(n) - zero_at) / decades)


def audience_score(audience: float) -> float:
    return _log_scale(audience, 2.0, 4.0)


def engagement_score(likes: float, replies: float, shares: float) -> float:
    return _log_scale(likes + replies + SHARE_WEIGHT * shares, 1.0, 3.0)


def priority_for(amplification: float, urgency: float, churn: float, floor: str = "low") -> str:
    """The priority rule of the module docstring; ``floor`` is the least a cue demands.

    Churn alone tops out at ``high``: a customer who is leaving needs a retention call today,
    not the attention of a fire or a post going viral.
    """
    top = max(amplification, urgency, churn)
    if max(amplification, urgency) >= URGENT_AT:
        by_score = "urgent"
    elif top >= HIGH_AT:
        by_score = "high"
    elif top >= NORMAL_AT:
        by_score = "normal"
    else:
        by_score = "low"
    return max(by_score, floor, key=_PRIORITIES.index)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return _clamp(float(value))


def _count(n: float) -> str:
    return f"{round(n):,}"


class RiskStage:
    """Adds ``risk`` (a :class:`~empathica.domain.Risk` per item) and extends ``warnings``."""

    name = "risk"
    requires = frozenset({"texts", "metadata", "intensity", "sentiment", "emotions"})
    provides = frozenset({"risk", "warnings"})

    def __init__(
        self,
        channels: Mapping[str, float] | None = None,
        cues: Mapping[str, Sequence[str]] | None = None,
        competitors: Sequence[str] = (),
        unknown_publicness: float = UNKNOWN_PUBLICNESS,
    ) -> None:
        """``channels`` replaces the publicness mapping; ``cues`` replaces the phrase list of the
        categories it names (others keep their defaults); ``competitors`` are names whose mention
        in an unhappy text counts towards churn."""
        mapping = DEFAULT_CHANNEL_PUBLICNESS if channels is None else channels
        self.channels: dict[str, float] = {}
        for channel, value in mapping.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(
                    f"channel {channel!r}: publicness must be a number from 0 to 1, got {value!r}"
                )
            self.channels[_channel_key(channel)] = float(value)
        if not 0 <= unknown_publicness <= 1:
            raise ValueError(f"unknown_publicness must be from 0 to 1, got {unknown_publicness!r}")
        self.unknown_publicness = float(unknown_publicness)
        known = {c.name for c in CATEGORIES}
        extra = set(cues or {}) - known
        if extra:
            raise ValueError(f"unknown cue categories {sorted(extra)}; known: {sorted(known)}")
        merged = {**DEFAULT_CUES, **{k: tuple(v) for k, v in (cues or {}).items()}}
        self._cues: list[tuple[CueCategory, re.Pattern[str]]] = []
        gates: list[PhraseGate] = []
        for category in CATEGORIES:
            phrases = merged.get(category.name, ())
            pattern = compile_phrases(phrases)
            if pattern is not None:
                self._cues.append((category, pattern))
                gates.append(phrase_gate(phrases))
        self._gates = GateSet(gates)
        self._competitors = compile_phrases(competitors)

    # -- metadata ------------------------------------------------------------------------------

    def _facts(self, metadata: Any) -> _Facts:
        facts = _Facts(publicness=self.unknown_publicness)
        if metadata is None:
            return facts
        if not isinstance(metadata, Mapping):
            facts.warnings.append(f"metadata {_show(metadata)} is not a set of key/value pairs; ignored")
            return facts
        self._channel(metadata, facts)
        for figure, keys in COUNT_KEYS.items():
            for key in keys:
                if key not in metadata:
                    continue
                number, warning = parse_count(key, metadata[key])
                if warning:
                    facts.warnings.append(warning)
                if number is not None and figure not in facts.counts:
                    facts.counts[figure] = number
        for key in RATING_KEYS:
            if key in metadata and facts.rating is None:
                fraction, warning = rating_fraction(key, metadata[key])
                if warning:
                    facts.warnings.append(warning)
                if fraction is not None:
                    number = parse_count(key, metadata[key])[0] or 0.0
                    facts.rating = fraction
                    facts.rating_shown = f"{number:g}/{5 if number <= 5 else 10}"
        return facts

    def _channel(self, metadata: Mapping[str, Any], facts: _Facts) -> None:
        for key in ("channel", "kind"):
            value = metadata.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if not isinstance(value, str):
                facts.warnings.append(f"metadata {key!r}={_show(value)} is not a channel name; ignored")
                continue
            name = _channel_key(value)
            if name in self.channels:
                facts.channel, facts.publicness = value.strip(), self.channels[name]
                return
            facts.warnings.append(
                f"metadata {key!r}={_show(value)} is not a known channel; publicness taken as "
                f"{self.unknown_publicness:g} (neutral)"
            )
            return

    # -- scoring -------------------------------------------------------------------------------

    def assess(
        self,
        text: str,
        metadata: Any = None,
        intensity: Any = 0.0,
        sentiment: Any = "neutral",
        emotions: LabelScores | None = None,
    ) -> tuple[Risk, list[str]]:
        """The risk of one item and the warnings its metadata raised."""
        facts = self._facts(metadata)
        scores = emotions.scores if isinstance(emotions, LabelScores) else {}
        negativity = NEGATIVITY.get(sentiment, NEGATIVITY["neutral"]) if isinstance(sentiment, str) else 0.25
        strongest = max(((_float(scores.get(lb)), lb) for lb in HEAT_EMOTIONS), default=(0.0, ""))
        heat = max(_float(intensity) * negativity, strongest[0])
        alarm = max(((_float(scores.get(lb)), lb) for lb in URGENT_EMOTIONS), default=(0.0, ""))

        reasons: list[str] = []
        found: dict[str, list[float]] = {"amplification": [], "churn": [], "urgency": []}
        floor = "low"
        cue_reasons: dict[str, list[str]] = {"amplification": [], "churn": [], "urgency": []}
        claimed: dict[str, list[tuple[int, int]]] = {"amplification": [], "churn": [], "urgency": []}
        tone = 0.0 if negativity <= 0 else min(1.0, 0.5 + negativity)
        # a category none of whose phrases can be in the text finds nothing: skip its scan
        for k in self._gates.admitted(word_starts(text, squeezed=True)):
            category, pattern = self._cues[k]
            # words already explained by a stronger category of the same score count once
            taken = claimed[category.score]
            matches = [
                m for m in pattern.finditer(text) if not any(m.start() < e and s < m.end() for s, e in taken)
            ]
            if category.score in NEGATABLE_SCORES:
                matches = [m for m in matches if not negated(text, m.start())]
            positive_factor = category.when_positive if negativity <= 0 else 1.0
            factor = tone if category.tone_scaled else positive_factor
            weight = category.weight * factor
            if not matches or weight <= 0:
                continue
            taken.extend(m.span() for m in matches)
            found[category.score].append(weight)
            if factor >= 1.0:
                floor = max(floor, category.min_priority, key=_PRIORITIES.index)
            quoted = list(dict.fromkeys(quote(text, m.start(), m.end()) for m in matches))[:2]
            cue_reasons[category.score].append(f"{category.reason}: " + ", ".join(f"'{q}'" for q in quoted))
        if self._competitors is not None and negativity >= NEGATIVITY["mixed"]:
            named = self._competitors.search(text)
            if named:
                found["churn"].append(0.5)
                cue_reasons["churn"].append(f"mentions competitor '{named.group(0)}' while unhappy")

        # amplification
        c = facts.counts
        audience = max(c.get("followers", 0.0), c.get("views", 0.0))
        a = audience_score(audience)
        e = engagement_score(c.get("likes", 0.0), c.get("replies", 0.0), c.get("shares", 0.0))
        spread = facts.publicness * (0.35 + 0.4 * a + 0.25 * e)
        amplification = 1 - (1 - spread * (0.5 + 0.5 * heat)) * (1 - _noisy_or(found["amplification"]))
        if facts.channel is not None and facts.publicness >= PUBLIC_FROM:
            reasons.append(f"public channel ({facts.channel})")
        if a > 0:
            if c.get("followers", 0.0) >= c.get("views", 0.0):
                reasons.append(f"author has {_count(c['followers'])} followers")
            else:
                reasons.append(f"post has {_count(c['views'])} views")
        if e > 0:
            parts = [f"{_count(c[k])} {k}" for k in ("shares", "likes", "replies") if c.get(k, 0.0) >= 1]
            reasons.append("post engagement: " + ", ".join(parts))
        if max(heat, alarm[0]) >= 0.5:
            if max(strongest[0], alarm[0]) >= 0.5:
                score, label = max(strongest, alarm)
                reasons.append(f"strong {label} in the text ({score:.2f})")
            else:
                reasons.append(f"strongly {sentiment} tone (intensity {_float(intensity):.2f})")
        reasons.extend(cue_reasons["amplification"])

        # churn
        low_rating = 0.0
        if facts.rating is not None:
            low_rating = 0.4 * _clamp((0.5 - facts.rating) * 2)
        churn_cues = _noisy_or(found["churn"])
        churn = 1 - (1 - churn_cues * (0.6 + 0.4 * negativity)) * (1 - low_rating) * (1 - 0.2 * heat)
        reasons.extend(cue_reasons["churn"])
        if low_rating > 0:
            reasons.append(f"gave a low rating ({facts.rating_shown})")

        # urgency
        urgency = _noisy_or([*found["urgency"], 0.4 * alarm[0]])
        reasons.extend(cue_reasons["urgency"])

        reach = 0
        if facts.publicness >= PRIVATE_BELOW:
            interactions = c.get("likes", 0.0) + c.get("replies", 0.0)
            reach = round(
                audience + REACH_PER_SHARE * c.get("shares", 0.0) + REACH_PER_INTERACTION * interactions
            )

        amplification, urgency, churn = (round(_clamp(x), 3) for x in (amplification, urgency, churn))
        risk = Risk(
            amplification=amplification,
            estimated_reach=int(reach),
            urgency=urgency,
            churn=churn,
            priority=priority_for(amplification, urgency, churn, floor),
            reasons=list(dict.fromkeys(reasons)),
        )
        return risk, facts.warnings

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        warnings: list[list[str]] = (
            [list(w) for w in batch["warnings"]] if "warnings" in batch else [[] for _ in range(n)]
        )
        risks: list[Risk] = []
        for i in range(n):
            risk, notes = self.assess(
                batch["texts"][i],
                batch["metadata"][i],
                batch["intensity"][i],
                batch["sentiment"][i],
                batch["emotions"][i],
            )
            risks.append(risk)
            warnings[i].extend(notes)
        return batch.with_columns(risk=risks, warnings=warnings)
