"""Turn the customer's own words for a cause into words a reply can say back to them.

A reply that names the problem the way the customer did ("your parcel still hasn't arrived")
shows it was read; one that says "your issue" shows it was not. The evidence clause from the
analysis is cleaned (handles, links, emoji, HTML entities, shouting), its pronouns turned round
(my -> your, you -> we) and then sorted into a shape the composer knows how to frame:

- ``clause``: a full clause with a subject ("your parcel still hasn't arrived");
- ``doing``: an action without a subject ("still waiting for a refund" -> "you're still waiting ...");
- ``question``: a how-to question, reworded ("how to reset your password");
- ``repeat``: the customer has had to ask more than once ("third time I ask: where is my refund?");
  ``text`` says how often ("three times") so the reply can own that instead of quoting it back;
- ``quote``: a short, clean fragment quoted verbatim (no question, no colon, at most
  ``QUOTE_MAX_WORDS`` words), because re-wording a fragment rarely stays grammatical and quoting a
  whole sentence back reads as robotic;
- ``none``: nothing usable (empty, too long, profane, not English, personal data): the composer
  then names the cause with the playbook's topic instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from empathica.pipeline.stages.redact import find_pii

MAX_WORDS = 16
MIN_WORDS = 3
QUOTE_MAX_WORDS = 7

_FIRST_TO_SECOND = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll",
    "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
    "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll",
}  # fmt: skip
_SECOND_TO_FIRST = {
    "your": "our", "yours": "ours", "yourself": "ourselves", "yourselves": "ourselves",
    "you're": "we're", "you've": "we've", "you'll": "we'll", "you'd": "we'd",
}  # fmt: skip
_AFTER_I = {"am": "are", "was": "were", "wasn't": "weren't"}
_MISSING_APOSTROPHE = {
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "wasnt": "wasn't",
    "cant": "can't", "wont": "won't", "havent": "haven't", "hasnt": "hasn't", "couldnt": "couldn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "arent": "aren't", "werent": "weren't",
    "ive": "I've", "im": "I'm", "thats": "that's", "theres": "there's", "u": "you", "ur": "your",
}  # fmt: skip
#: Words after which "you" is an object ("charged you") rather than a subject ("you charged").
_CLAUSE_BREAKS = {
    "and", "but", "because", "that", "when", "if", "so", "since", "until", "while", "as", "though",
    "although", "why", "how", "what", "where", "cause", "then", "or",
}  # fmt: skip
_SUBJECT_STARTS = {
    "you", "your", "you're", "you've", "you'd", "you'll", "we", "our", "we're", "we've", "it", "its",
    "it's", "this", "that", "these", "those", "the", "they", "their", "they're", "there", "there's",
    "he", "she", "his", "her", "a", "an", "nobody", "someone", "everyone", "everything", "nothing",
    "no-one", "somebody", "all", "both", "each", "every", "none",
}  # fmt: skip
_QUESTION_STARTS = {
    "how", "what", "why", "when", "where", "who", "which", "can", "could", "is", "are", "do", "does",
    "did", "will", "would", "should", "may", "whats", "what's", "hows",
}  # fmt: skip
_LEADING_FILLERS = {
    "and", "but", "so", "also", "because", "plus", "then", "well", "ok", "okay", "hi", "hello", "hey",
    "yes", "no", "nope", "yeah", "lol", "omg", "ugh", "seriously", "honestly", "just", "sorry", "thanks",
}  # fmt: skip
#: Words a company should not quote back, and shapes that hold personal data.
_UNQUOTABLE = re.compile(
    r"\b(fuck\w*|shit\w*|wtf|damn\w*|crap\w*|bloody|bitch\w*|bastard\w*|piss\w*|suck\w*|ass|asshole\w*|"
    r"hell|idiot\w*|stupid|useless|scam\w*|thie(f|ves)|liars?|hate\w*)\b",
    re.IGNORECASE,
)
_NOT_NOUNS = {
    "own", "money", "time", "patience", "fault", "way", "life", "family", "self", "lips", "mind", "the",
    "still", "just", "is", "are", "was", "were", "has", "have", "had", "and", "but", "not", "never",
    "late", "again", "got", "takes", "took", "being", "been", "all", "very", "really", "guys", "side",
}  # fmt: skip
#: Words after a noun that make it personal data: "phone number", "account details".
_DATA_WORDS = {"number", "numbers", "no", "details", "address", "pin", "code"}
_NOUN_EXCEPTIONS = {"bed", "feed", "supply", "reply", "assembly"}
_ADJECTIVES = {"new", "old", "first", "last", "online", "monthly", "annual", "mobile", "home", "work"}
_PERSONAL = re.compile(r"\[[A-Z_]+\]|\S+@\S+|\d{4,}|\d[\d -]{6,}\d")
#: A redaction placeholder ("[PHONE]"): said back, "your number is [PHONE]" reads like a form letter.
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
#: Where a clause ends, so the words before the personal data can still be said back.
_CLAUSE_END = re.compile(r"[,;:.!?]\s|\s-\s|\s(?:and|but|so|or|because|please|pls)\s", re.IGNORECASE)
#: Words that announce personal data ("my number is", "call me on"): a clause ending in them is dropped too.
_ABOUT_DATA = re.compile(
    r"(?i)\b(?:number|no|phone|mobile|e-?mail|address|account|details|on|at|is|me|call|ring|text|reach)\W*$"
)
_HANDLE = re.compile(r"(^|\s)[.]?@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HASHTAG = re.compile(r"#(\w+)")
_NOT_TEXT = re.compile(r"[^\w\s'’,.;:!?&()/$£€%-]")
_THANKS_LEAD = re.compile(
    r"(?i)^(?:thank you|thanks|thank u|thx)(?: so much| very much| a lot)?\s*[,!.:-]+\s*"
)
_ORDINAL_TIMES = {
    "second": "twice", "2nd": "twice", "third": "three times", "3rd": "three times",
    "fourth": "four times", "4th": "four times", "fifth": "five times", "5th": "five times",
}  # fmt: skip
_ASKING = (
    r"(?:ask\w*|chas\w*|contact\w*|call\w*|rang|ring\w*|e-?mail\w*|messag\w*|tweet\w*|wr[io]t\w*"
    r"|request\w*|report\w*|rais\w*)"
)
#: Having had to ask more than once, not "charged me twice": the count must sit by a verb of asking.
_REPEAT = re.compile(
    r"(?i)\b(?:(second|2nd|third|3rd|fourth|4th|fifth|5th) time "
    rf"(?:i|i've|i'm|we|we've|now|of|that|{_ASKING})\b"
    rf"|{_ASKING}(?: \w+){{0,4}}? (twice|(?:two|three|four|five|several|multiple|many) times)\b)"
)
_WHERE = re.compile(r"(?i)^where(?:'s| is| are) (your [a-z]+(?: [a-z]+)?)$")
_PERSON_SUBJECT = re.compile(r"^(the|our|your) ([a-z]+)(?: ([a-z]+))?\b")
#: A word, a number or a time kept whole ("7:58am", "8-12", "£25.99", "2nd"), else one character.
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['.:,/-][A-Za-z0-9]+)*|\S")
#: Words that may follow a gerund that starts a clause ("waiting for", "being ignored", "paying twice").
#: Anything else after the -ing word is read as a noun ("washing machine", "parking space"), and
#: "you're washing machine delivered" is what saying that back as an action would produce.
_AFTER_GERUND = {
    "for", "to", "on", "in", "at", "with", "about", "from", "into", "through", "around", "back", "up",
    "out", "off", "over", "by", "since", "my", "your", "our", "the", "a", "an", "this", "that", "these",
    "those", "it", "them", "him", "her", "me", "us", "you", "still", "again", "forever", "ages", "hours",
    "days", "weeks", "months", "so", "really", "nothing", "no", "twice", "here", "there", "every", "all",
    "more", "extra", "another", "some", "any", "half", "two", "three", "four", "five", "several", "like",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Echo:
    """The customer's words in a shape the composer can frame; ``text`` is empty for ``none``."""

    kind: str  # clause | doing | question | repeat | quote | none
    text: str
    noun: str = ""  # "your parcel": the customer's own name for the thing, second person
    subject: str = ""  # "the engineer": who or what a clause is about, for praise to name


NONE = Echo("none", "")


def clean(evidence: str) -> str:
    """The evidence without handles, links, emoji, entities and shouting; may be empty."""
    text = html.unescape(evidence).replace("’", "'").replace("‘", "'")
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = re.sub(r"(\s*#\w+)+\s*$", "", text)
    text = _HASHTAG.sub(r"\1", text)
    text = _NOT_TEXT.sub(" ", text)
    text = re.sub(r"([!?.,])\1+", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-&")
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > len(letters) / 2:
        text = text.lower()
    text = _THANKS_LEAD.sub("", text)
    words = text.split(" ")
    while words and words[0].lower().strip(",.!?") in _LEADING_FILLERS:
        words = words[1:]
    return " ".join(words).strip(" ,;:-&")


def _shorten(text: str) -> str:
    """The first sentence, cut at a clause boundary when it is too long."""
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    words = first.split()
    if len(words) <= MAX_WORDS:
        return first
    for pattern in (r",\s", r"\s(?:and|but|so|because|which|after|then)\s", r"\s-\s", r";\s"):
        for match in re.finditer(pattern, first):
            head = first[: match.start()]
            if MIN_WORDS + 1 <= len(head.split()) <= MAX_WORDS:
                return head
    return ""


def turn_around(text: str) -> str:
    """First person to second and second to first: "my bill" -> "your bill", "you charged" -> "we charged"."""
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    prev = ""
    prev_was_i = False
    for i, token in enumerate(tokens):
        low = token.lower()
        low = _MISSING_APOSTROPHE.get(low, low).lower()
        if low == "its" and i == 0:
            low = "it's"
        if prev_was_i and low in _AFTER_I:
            word = _AFTER_I[low]
        elif low in _FIRST_TO_SECOND:
            word = _FIRST_TO_SECOND[low]
        elif low in _SECOND_TO_FIRST:
            word = _SECOND_TO_FIRST[low]
        elif low == "you":
            nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            subject = not prev or prev in _CLAUSE_BREAKS or prev in {",", ".", ";", "!", "?"}
            word = "we" if subject and nxt not in {".", ",", "!", "?", ""} else "us"
            if nxt == "guys":
                tokens[i + 1] = ""
        elif low != token.lower():
            word = low
        else:
            word = token
        prev_was_i = low in ("i", "we")
        if word:
            out.append(word)
        prev = low
    joined = ""
    for word in out:
        if joined and (
            word in {",", ".", "!", "?", ";", ":", ")", "%"} or joined.endswith(("(", "$", "£", "€"))
        ):
            joined += word
        else:
            joined += (" " if joined else "") + word
    return joined


def _noun(converted: str) -> str:
    """The customer's name for the thing, e.g. "your parcel" from "... your parcel still hasn't ..."."""
    match = re.search(r"\byour ([a-z]{3,})(?: ([a-z]{3,}))?\b", converted)
    if not match:
        return ""
    first, second = match.group(1), match.group(2)
    if first in _NOT_NOUNS or (re.search(r"(ed|ly)$", first) and first not in _NOUN_EXCEPTIONS):
        return ""
    if second in _DATA_WORDS:
        return ""  # "your phone number" is personal data, not a phone
    if first in _ADJECTIVES and second and second not in _NOT_NOUNS:
        return f"your {first} {second}"
    return f"your {first}"


#: Things people write about to a company: "the bag", "the app". Said back as the customer wrote them
#: when the evidence gives no noun of its own, so a reply names *their* bag rather than "your delivery".
#: A closed list, because "my doorstep" or "my household" named back reads as a misunderstanding.
_THINGS = frozenset(
    {
        "app", "bag", "bags", "booking", "bill", "card", "charge", "delivery", "driver", "flight",
        "flights", "item", "laptop", "luggage", "meal", "membership", "order", "package", "packages",
        "parcel", "payment", "phone", "plan", "refund", "reservation", "return", "seat", "subscription",
        "ticket", "tickets", "update", "router", "wifi", "internet", "connection", "console", "game",
        "account", "password", "invoice", "food", "trial", "contract", "tariff", "software", "camera",
        "screen", "battery", "printer", "charger", "headphones", "tv", "train", "bus", "upgrade",
    }
)  # fmt: skip


def noun_in(message: str) -> str:
    """The customer's name for what the message is about, from anywhere in it ("your bag", "the app").

    The evidence clause may be too messy to say back, yet the message often still names the thing;
    a reply that says "your flight" reads as read, one that says "your delivery" does not.
    """
    text = clean(message)
    if not text or _UNQUOTABLE.search(text):
        return ""
    for match in re.finditer(r"(?i)\b(the|this|my|our) (?=([a-z]+)\b)", text):
        det, word = match.group(1).lower(), match.group(2).lower()
        after = text[match.end() + len(word) :].split(maxsplit=1)
        if word in _THINGS and not (after and after[0].lower().strip(",.!?") in _DATA_WORDS):
            return ("your " if det in ("my", "our") else "the ") + word
    return ""


def _times(text: str) -> str:
    """How often the customer says they have had to ask: "three times", or "" when they don't say."""
    match = _REPEAT.search(text)
    if not match:
        return ""
    if match.group(1):
        return _ORDINAL_TIMES[match.group(1).lower()]
    times = match.group(2).lower()
    return "more than once" if times.split()[0] in ("several", "multiple", "many") else times


def _subject(converted: str) -> str:
    """Who or what a clause is about when it starts with a noun: "the engineer", "our driver"."""
    match = _PERSON_SUBJECT.match(converted)
    if not match:
        return ""
    first, second = match.group(2), match.group(3)
    if first in _NOT_NOUNS or first in _SUBJECT_STARTS:
        return ""
    det = "the" if match.group(1) in ("the", "your") else "our"
    if first in _ADJECTIVES and second and second not in _NOT_NOUNS:
        return f"{det} {first} {second}"
    return f"{det} {first}"


def without_personal_data(text: str) -> str:
    """The text up to the clause that holds personal data, or "" when its first clause holds it.

    Redaction runs before analysis, so the evidence carries "[PHONE]" rather than the number; but a
    draft can be composed from any analysis, so numbers the redaction stage would catch are looked
    for again. The clause with the data is dropped rather than quoted with a placeholder in it:
    "your parcel never arrived" reads as read, "your number is [PHONE]" reads as a form.
    """
    starts = [m.start() for m in _PLACEHOLDER.finditer(text)] + [s.start for s in find_pii(text)]
    if not starts:
        return text
    head = text[: min(starts)]
    ends = [m.start() for m in _CLAUSE_END.finditer(head)]
    while ends:
        head = head[: ends.pop()].rstrip(" ,;:-")
        if not _ABOUT_DATA.search(head):
            return head
    return ""


def echo(evidence: str, *, public: bool = False) -> Echo:
    """The evidence as an ``Echo``; ``public`` also refuses anything that may be personal data."""
    text = clean(without_personal_data(evidence))
    if not text or _UNQUOTABLE.search(text) or (public and _PERSONAL.search(text)):
        return NONE
    if not re.search(r"[A-Za-z]{3,}", text) or len(re.findall(r"[^\x00-\x7f]", text)) > 2:
        return NONE
    times = _times(text)
    if times:
        noun = _noun(turn_around(text.rstrip(" .!?")))
        if noun:
            return Echo("repeat", times, noun)
    short = _shorten(text)
    if not short or len(short.split()) < MIN_WORDS:
        return NONE
    question = short.endswith("?") or short.split()[0].lower() in _QUESTION_STARTS
    body = short.rstrip(" .!?,;:")
    converted = turn_around(body)
    noun = _noun(converted)
    if question:
        how = re.match(r"(?i)how (?:do|can|could|would|should) you (.+)$", converted)
        if how and len(how.group(1).split()) >= 2:
            return Echo("question", f"how to {how.group(1)}", noun)
        where = _WHERE.match(converted)
        if where and _noun(where.group(1)):
            # "where is my refund?" is a complaint about waiting; say that, don't quote the question.
            return Echo("doing", f"you're still waiting for {where.group(1)}", noun)
        return Echo("none", "", noun)
    first = converted.split()[0].lower()
    if re.match(r"(?i)we (should|must|need|have to|could|would|ought)\b", converted):
        return Echo("none", "", noun)  # the customer telling us what to do reads oddly said back
    if first in _SUBJECT_STARTS and len(converted.split()) >= MIN_WORDS:
        return Echo("clause", _lower_first(converted), noun, _subject(_lower_first(converted)))
    if first == "still" and len(converted.split()) > 1 and converted.split()[1].endswith("ing"):
        return Echo("doing", "you're " + _lower_first(converted), noun)
    if first.endswith("ing") and len(first) > 4 and _gerund_leads(converted):
        return Echo("doing", "you're " + _lower_first(converted), noun)
    if first == "been":
        return Echo("doing", "you've " + _lower_first(converted), noun)
    if _quotable(evidence, body):
        return Echo("quote", body, noun)
    return Echo("none", "", noun)


def _gerund_leads(converted: str) -> bool:
    """Whether a clause starting with an -ing word is an action ("waiting for a refund"), not a noun."""
    words = converted.lower().split()
    if len(words) < 2:
        return False
    second = words[1].strip(",.;:!?")
    return second in _AFTER_GERUND or second[:1].isdigit() or second.endswith(("ed", "en", "ing", "ly"))


def _quotable(evidence: str, body: str) -> bool:
    """A quote must be the customer's words as written: short, whole, nothing cut from its middle."""
    words = body.split()
    if not MIN_WORDS <= len(words) <= QUOTE_MAX_WORDS or _PERSONAL.search(body):
        return False
    if re.search(r"[:;?!]", body):
        return False  # more than one thought: a paraphrase or the topic reads better
    if body.count("(") != body.count(")") or re.search(r"\w\.\w", body):
        return False
    original = re.sub(r"\s+", " ", html.unescape(evidence).replace("’", "'"))
    return body.lower() in original.lower()


def _lower_first(text: str) -> str:
    first, _, rest = text.partition(" ")
    if (first.isupper() and len(first) > 1) or (first[:1].isupper() and first[1:2].isupper()):
        return text  # an acronym
    return (first[:1].lower() + first[1:] + (" " + rest if rest else "")).strip()
