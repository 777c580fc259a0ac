"""Six-section customer empathy maps built from analysed feedback.

Every entry is traceable: it carries the ids of the items that support it and the share of the
map's items they make up, so a reader can check a claim against the customers' own words. The
sections read different signals: emotions and needs (thinks & feels), repeated phrases and
actions (says & does), reported hearsay (hears), reported observations (sees), and causes and
themes (pains, gains). Cue patterns are English; other languages simply contribute fewer entries.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from empathica.domain import MAP_SECTIONS, EmpathyMap, MapEntry, StoredItem, Theme
from empathica.insights.naming import STOPWORDS, clause_words, tokenize
from empathica.insights.themes import MIN_ITEMS, NotEnoughData

#: Entries kept per section: a map is read at a glance, not scrolled.
PER_SECTION = 6
#: An emotion counts as "felt" from this model score up; "unspoken" also needs no feeling word.
FELT_SCORE = 0.5
#: Quotes are cut to this many words so that a printed map stays readable.
QUOTE_WORDS = 12
#: A cause's quote follows its label on the same line, so it is kept shorter.
CAUSE_QUOTE_WORDS = 8

SECTION_TITLES: dict[str, str] = {
    "thinks_feels": "Thinks & feels",
    "says_does": "Says & does",
    "hears": "Hears",
    "sees": "Sees",
    "pains": "Pains",
    "gains": "Gains",
}

#: The questions a team asks itself for each section; printed on the blank template.
SECTION_PROMPTS: dict[str, tuple[str, ...]] = {
    "thinks_feels": (
        "What really matters to them?",
        "What do they feel but not say?",
        "What worries and excites them?",
    ),
    "says_does": (
        "What do they say, in their own words?",
        "What do they do: call, switch, return?",
        "How do they behave in public?",
    ),
    "hears": (
        "What do friends and family tell them?",
        "What do reviews and social media say?",
        "What do our staff tell them?",
    ),
    "sees": (
        "What do they notice in store, app, site?",
        "What do competitors offer them?",
        "What prices and offers do they see?",
    ),
    "pains": ("What frustrates them?", "What gets in their way?", "What do they fear or risk?"),
    "gains": ("What delights them?", "What do they want to achieve?", "How do they measure success?"),
}

#: GoEmotions labels as a reader would say them.
ADJECTIVES: dict[str, str] = {
    "admiration": "admiring", "amusement": "amused", "anger": "angry", "annoyance": "annoyed",
    "approval": "approving", "caring": "caring", "confusion": "confused", "curiosity": "curious",
    "desire": "eager", "disappointment": "disappointed", "disapproval": "disapproving",
    "disgust": "disgusted", "embarrassment": "embarrassed", "excitement": "excited", "fear": "afraid",
    "gratitude": "grateful", "grief": "grieving", "joy": "happy", "love": "loving",
    "nervousness": "nervous", "optimism": "hopeful", "pride": "proud", "realization": "realising",
    "relief": "relieved", "remorse": "sorry", "sadness": "sad", "surprise": "surprised",
}  # fmt: skip

#: Words that name a feeling: where none occurs, a strongly detected emotion is "felt, not said".
#: Stems match any ending (``frustrat`` matches frustrated, frustrating, frustration).
FEELING_STEMS: tuple[str, ...] = (
    "afraid", "angr", "anger", "annoy", "anxi", "appreciat", "ashamed", "awful", "blessed", "bored",
    "calm", "cheer", "confus", "content", "delight", "depress", "despair", "devastat", "disappoint",
    "disgust", "distress", "dread", "embarrass", "enjoy", "excit", "fed up", "fear", "frighten",
    "frustrat", "fum", "furious", "glad", "grate", "grief", "gutted", "happ", "hate", "hopeful",
    "hopeless", "horrif", "hurt", "infuriat", "irritat", "jealous", "joy", "livid", "lonel", "love",
    "mad", "miserab", "nervous", "outrag", "panic", "piss", "pleas", "proud", "rage", "relie",
    "sad", "scare", "shock", "sick of", "sorry", "stress", "surpris", "terrif", "thank", "thrill",
    "tired of", "upset", "worr", "wonderful", "ecstatic", "overjoy", "heartbroken", "gutted",
)  # fmt: skip
_FEELING_SOURCE = r"\b(?:" + "|".join(re.escape(s) for s in FEELING_STEMS) + r")"
_FEELING = re.compile(_FEELING_SOURCE, re.IGNORECASE)

#: What people report doing: (entry text, pattern). Order is only the tie-break.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("Call again and again", r"\b(?:call|rang|phon)\w*\b[^.!?]{0,40}\b(?:twice|three|four|five|\d+\s*times|"
     r"again|several times|every day|multiple)\b|\bkeep (?:calling|ringing)\b"),
    ("Switch to a competitor", r"\b(?:switch\w*|mov(?:e|ed|ing)|go(?:ing)? back) to (?!you\b)\w+"
     r"|\bleav(?:e|ing) "
     r"(?:you|for)\b|\b(?:take|taking) my business\b"),
    ("Return the product", r"\b(?:return\w*|send\w* (?:it )?back|sent (?:it )?back)\b"),
    ("Cancel", r"\bcancel\w*"),
    ("Ask for a refund", r"\brefund\w*|\bmoney back\b"),
    ("Wait and chase", r"\b(?:still )?wait(?:ed|ing)\b|\bchas(?:e|ed|ing)\b|\bfollow(?:ed)? up\b"),
    ("Complain and escalate", r"\bcomplain\w*|\bescalat\w*|\bmanager\b|\bombudsman\b"),
    ("Write, email and chat to us", r"\b(?:e-?mail(?:ed)?|messag(?:ed|ing)|live chat|chatted|wrote to)\b"),
    ("Recommend us", r"\brecommend\w*|\btold (?:all )?my (?:friends|family)\b"),
    ("Buy again", r"\b(?:bought|order(?:ed)?|buy(?:ing)?) (?:again|another|a second)\b|\brepeat customer\b"),
    ("Post about us in public", r"\b(?:posted|tweet\w*|left a review|review(?:ed)? (?:it|you))\b"),
)  # fmt: skip
_ACTIONS = [(text, re.compile(p, re.IGNORECASE)) for text, p in ACTIONS]

#: Reported hearsay: (source, pattern). The quote starts at the cue.
HEARS: tuple[tuple[str, str], ...] = (
    ("Friends & family", r"\bmy (?:friend|mate|mum|mom|dad|sister|brother|wife|husband|partner|neighbou?r|"
     r"colleague|family)\w*\b[^.!?]{0,20}?\b(?:said|says|told|recommend\w*|warned|swears|reckon\w*)"
     r"|\b(?:friends|everyone i know) (?:say|said|told)"),
    ("Reviews", r"\b(?:i (?:read|saw)|reading) (?:the |your |some |online |on )?\w*\s?reviews?\b|\breviews? "
     r"(?:say|said|mention\w*|were|are)\b|\bi read\b|\baccording to (?:the )?reviews\b"),
    ("Social media", r"\b(?:saw|seen|read|heard|watched|people|everyone)\b[^.!?]{0,30}?\b(?:on|all over)"
     r" (?:twitter|x|facebook|tiktok|instagram|reddit|youtube|mumsnet|trustpilot|social media|the internet)\b"
     r"|\bpeople (?:online|on here) (?:say|said)"),
    ("Staff", r"\byour (?:agent|staff|rep\w*|advis\w*|adviser|colleague|driver|engineer|technician|"
     r"customer service|team|person|guy|lady|manager|call centre)\w*\b[^.!?]{0,20}?\b"
     r"(?:told|said|says|promised|"
     r"assured|claimed)|\bi was (?:told|promised|assured|advised)\b|\b(?:they|he|she) (?:told|promised) me\b"
     r"|\b(?:agent|staff|advisor|adviser|engineer) (?:told|said)"),
)  # fmt: skip
_HEARS = [(src, re.compile(p, re.IGNORECASE)) for src, p in HEARS]

#: Reported observations: (what is seen, pattern).
SEES: tuple[tuple[str, str], ...] = (
    ("Competitors", r"\b(?:other (?:companies|retailers|shops|stores|brands|sites)|competitors?"
     r"|found \w+ elsewhere|"
     r"everyone else|cheaper (?:at|from|with)|better at)\b"),
    ("Website & app", r"\b(?:on|in|through) (?:your|the) "
     r"(?:website|site|app|online|checkout|account|tracking)"
     r"\b|\b(?:the|your) (?:app|website|tracking page)\b"),
    ("The store", r"\b(?:in[- ]store|in (?:the|your) (?:store|shop|showroom|branch)|at the (?:store|shop|"
     r"counter|till))\b"),
    ("Prices & offers", r"\b(?:the price|price (?:went|was|is)|prices|advertised|the offer|on sale"
     r"|discount)"),
    ("What they notice", r"\bi (?:saw|noticed|spotted|can see|could see|see that|watched)\b"),
)  # fmt: skip
_SEES = [(src, re.compile(p, re.IGNORECASE)) for src, p in SEES]

_SENTENCE_END = re.compile(r"[.!?;\n]")

# Case-insensitive matching costs Python's ``re`` several times a plain match, and every map
# runs some twenty cue patterns over every item. The patterns are written in lower case, so
# they are also compiled without the flag and run on the lower-cased text; positions carry
# over because lower-casing keeps the length (checked per text, see ``_folded``).
_ACTIONS_FOLDED = [(text, re.compile(p)) for text, p in ACTIONS]
_HEARS_FOLDED = [(src, re.compile(p)) for src, p in HEARS]
_SEES_FOLDED = [(src, re.compile(p)) for src, p in SEES]
_FEELING_FOLDED = re.compile(_FEELING_SOURCE)
#: Characters that case-insensitive matching equates with an ASCII letter although ``lower()``
#: does not turn them into it (dotted and dotless i, long s, the Kelvin sign): a text holding one
#: is matched with the case-insensitive patterns, so both ways find exactly the same cues.
_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")


@dataclass(slots=True)
class _Draft:
    text: str
    evidence: list[str]
    note: str = ""
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ItemReading:
    """What the map takes from one item's words: its cues, phrases and whether it names a feeling.

    Reading the words is most of a map's work, so it is done once per item: the two maps of a
    "what changed" comparison share the readings of the items they have in common.
    """

    key: str
    names_feeling: bool
    actions: tuple[str, ...]
    #: Phrases of two to four words (see ``naming.terms``); single words are never shown.
    phrases: frozenset[str]
    #: The first hearsay cue as (entry text, its content words), None without one.
    heard: tuple[str, frozenset[str]] | None
    #: The first observation cue, likewise.
    seen: tuple[str, frozenset[str]] | None


def item_key(item: StoredItem) -> str:
    """The id that links an entry to its evidence: the stored id, else the source's own id."""
    return str(item.feedback.id) if item.feedback.id is not None else item.feedback.external_id


def quote_at(text: str, start: int, words: int = QUOTE_WORDS) -> str:
    """The sentence from ``start`` on, cut to ``words`` words, with an ellipsis where cut."""
    end_match = _SENTENCE_END.search(text, start)
    sentence = text[start : end_match.start() if end_match else len(text)]
    tokens = sentence.split()
    cut = " ".join(tokens[:words]).rstrip(",:-– ")
    if not cut:
        return ""
    cut = cut[0].upper() + cut[1:]
    return cut + ("…" if len(tokens) > words else "")


def names_feeling(text: str) -> bool:
    return _FEELING.search(text) is not None


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in tokenize(text) if w not in STOPWORDS and len(w) > 2)


def _folded(text: str) -> tuple[str, bool]:
    """The text to run the cue patterns on, and whether it is lower-cased (fast patterns)."""
    if text.isascii() or _CASE_TRAPS.isdisjoint(text):
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered, True
    return text, False


def _phrases(text: str) -> frozenset[str]:
    """The phrases of two to four words of ``naming.terms(text, 4)``, without building the rest."""
    found: set[str] = set()
    for words in clause_words(text):
        n = len(words)
        ok = [len(w) >= 2 and w not in STOPWORDS for w in words]  # may start or end a phrase
        starts = [i for i in range(n) if ok[i]]
        found.update(" ".join(words[i : j + 1]) for i in starts for j in range(i + 1, min(i + 4, n)) if ok[j])
    return frozenset(found)


def _cue(
    text: str, hay: str, cues: Sequence[tuple[str, re.Pattern[str]]]
) -> tuple[str, frozenset[str]] | None:
    """The first cue of ``cues`` found: its entry text, quoted from where the clause starts."""
    for source, pattern in cues:
        m = pattern.search(hay)
        if m is None:
            continue
        # Quote from the start of the clause that holds the cue, so it reads as they wrote it.
        start = max(text.rfind(s, 0, m.start()) for s in (".", "!", "?", ";", "\n", ",", " but "))
        start = 0 if start < 0 else start + 1
        while start < len(text) and not text[start].isalnum():
            start += 1
        quote = quote_at(text, start)
        return (f"{source}: {quote}", _content(quote)) if quote else None
    return None  # one cue per item per section: the first is the clearest


def read_item(item: StoredItem) -> ItemReading:
    """Everything the map reads in one item's words (see ``ItemReading``)."""
    text = item.feedback.text
    hay, fast = _folded(text)
    feeling = _FEELING_FOLDED if fast else _FEELING
    actions = _ACTIONS_FOLDED if fast else _ACTIONS
    return ItemReading(
        key=item_key(item),
        names_feeling=feeling.search(hay) is not None,
        actions=tuple(name for name, pattern in actions if pattern.search(hay)),
        phrases=_phrases(text),
        heard=_cue(text, hay, _HEARS_FOLDED if fast else _HEARS),
        seen=_cue(text, hay, _SEES_FOLDED if fast else _SEES),
    )


def read_items(items: Sequence[StoredItem]) -> list[ItemReading]:
    return [read_item(it) for it in items]


def _merge_similar(drafts: list[_Draft], overlap: float = 0.5) -> list[_Draft]:
    """Fold drafts that say much the same (content-word Jaccard >= ``overlap``) into the first one.

    Comparing every draft with every kept one is quadratic, and at 100k items the hears and
    sees sections hold thousands of distinct quotes. Two sets with Jaccard >= t share at least
    ceil(t * |x|) words, so each must share a word with the other's first |x| - ceil(t * |x|) + 1
    words in one fixed order (rarest first): only kept drafts indexed under such a word are
    compared, in the order they were kept, which picks the same draft a full scan would.
    """
    if not 0 < overlap <= 1:
        raise ValueError(f"overlap must be in (0, 1] (got {overlap})")
    freq: Counter[str] = Counter(w for d in drafts for w in d.words)

    def prefix(words: frozenset[str]) -> list[str]:
        size = len(words) - max(1, math.ceil(overlap * len(words) - 1e-9)) + 1
        return sorted(words, key=lambda w: (freq[w], w))[:size]

    kept: list[_Draft] = []
    evidence: list[dict[str, None]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for d in drafts:
        words = d.words
        candidates = sorted({k for w in prefix(words) for k in index.get(w, ())}) if words else []
        for k in candidates:
            other = kept[k].words
            if len(other & words) / len(other | words) >= overlap:
                evidence[k].update(dict.fromkeys(d.evidence))
                break
        else:
            for w in prefix(words):
                index[w].append(len(kept))
            kept.append(_Draft(d.text, [], d.note, words))
            evidence.append(dict.fromkeys(d.evidence))
    for draft, ev in zip(kept, evidence, strict=True):
        draft.evidence = list(ev)
    return kept


def _rank(drafts: Sequence[_Draft], n_items: int, limit: int) -> list[MapEntry]:
    """Deduplicate by text, then strongest first (ties: alphabetical, so maps are reproducible)."""
    by_text: dict[str, tuple[_Draft, dict[str, None]]] = {}
    for d in drafts:
        if not d.evidence:
            continue
        key = " ".join(d.text.lower().split())
        if key in by_text:
            by_text[key][1].update(dict.fromkeys(d.evidence))
        else:
            by_text[key] = (d, dict.fromkeys(d.evidence))
    entries = [MapEntry(d.text, list(ev), round(len(ev) / n_items, 4), d.note) for d, ev in by_text.values()]
    entries.sort(key=lambda e: (-e.strength, e.text))
    return entries[:limit]


def _readable(label: str) -> str:
    words = " ".join(label.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


# -- sections ---------------------------------------------------------------------------------------


def thinks_feels(items: Sequence[StoredItem], readings: Sequence[ItemReading]) -> list[_Draft]:
    """Emotions said outright, emotions felt but not said, and what people want."""
    said: dict[str, list[str]] = defaultdict(list)
    unsaid: dict[str, list[str]] = defaultdict(list)
    needs: dict[str, list[str]] = defaultdict(list)
    for it, r in zip(items, readings, strict=True):
        a = it.analysis
        if a is None:
            continue
        felt = [lab for lab in a.emotions.labels if lab in ADJECTIVES]
        if felt:
            top = max(felt, key=lambda lab: a.emotions.scores.get(lab, 0.0))
            strong = a.emotions.scores.get(top, 0.0) >= FELT_SCORE
            (unsaid if strong and not r.names_feeling else said)[top].append(r.key)
        for need in a.needs:
            needs[need.label].append(r.key)
    drafts = [_Draft(f"Feel {ADJECTIVES[e]}", ids) for e, ids in said.items()]
    drafts += [
        _Draft(f"Feel {ADJECTIVES[e]}, but don't say it", ids, "felt, not said") for e, ids in unsaid.items()
    ]
    drafts += [_Draft(f"Want {_readable(n).lower()}", ids) for n, ids in needs.items()]
    return drafts


def says_does(readings: Sequence[ItemReading], min_share: float = 0.05) -> list[_Draft]:
    """What they report doing (actions) and the phrases many of them use."""
    acts: dict[str, list[str]] = defaultdict(list)
    phrase_ids: dict[str, list[str]] = defaultdict(list)
    for r in readings:
        for text in r.actions:
            acts[text].append(r.key)
        for gram in r.phrases:
            phrase_ids[gram].append(r.key)
    drafts = [_Draft(text, ids) for text, ids in acts.items()]
    floor = max(2, round(min_share * len(readings)))
    common = sorted(
        (g for g, ids in phrase_ids.items() if len(ids) >= floor), key=lambda g: (-len(phrase_ids[g]), g)
    )
    # A phrase inside a longer one that as many people use adds nothing.
    kept: list[str] = []
    for g in sorted(common, key=lambda g: (-g.count(" "), -len(phrase_ids[g]), g)):
        if not any(g in k and len(phrase_ids[k]) >= 0.8 * len(phrase_ids[g]) for k in kept):
            kept.append(g)
    drafts += [_Draft(f"“{g}”", phrase_ids[g]) for g in kept]
    return drafts


def hears(readings: Sequence[ItemReading]) -> list[_Draft]:
    """What they report hearing from friends, reviews, social media and staff."""
    return _merge_similar([_Draft(r.heard[0], [r.key], "", r.heard[1]) for r in readings if r.heard])


def sees(readings: Sequence[ItemReading]) -> list[_Draft]:
    """What they report seeing: competitors, the store, the app or website, prices."""
    return _merge_similar([_Draft(r.seen[0], [r.key], "", r.seen[1]) for r in readings if r.seen])


def pains_gains(
    items: Sequence[StoredItem],
    keys: Sequence[str],
    themes: Sequence[Theme] = (),
    theme_of: Mapping[str, str | None] | None = None,
) -> tuple[list[_Draft], list[_Draft]]:
    """Causes by polarity, and the pain or gain themes the segment's items belong to."""
    by_cause: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    quotes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for it, key in zip(items, keys, strict=True):
        if it.analysis is None:
            continue
        for cause in it.analysis.causes:
            pol = "gain" if cause.polarity == "gain" else "pain"
            by_cause[(pol, cause.label)][key] = None
            if cause.evidence:
                quotes[(pol, cause.label)][" ".join(cause.evidence.split()[:CAUSE_QUOTE_WORDS])] += 1
    out: dict[str, list[_Draft]] = {"pain": [], "gain": []}
    for (pol, label), holders in by_cause.items():
        said = quotes[(pol, label)]
        # The quote most of them share; among equals, one long enough to say something.
        best = max(said, key=lambda q: (said[q], min(len(q.split()), 8), q), default="")
        note = f"“{best.rstrip('.!,;:')}”" if best else ""
        out[pol].append(_Draft(_readable(label), list(holders), note))
    present = set(keys)
    by_theme: dict[str | None, list[str]] = defaultdict(list)
    if theme_of is not None:
        for k in present:
            by_theme[theme_of.get(k)].append(k)
    for theme in themes:
        if theme.polarity not in ("pain", "gain"):
            continue
        if theme_of is not None:
            ids = by_theme.get(theme.id, [])
        else:
            ids = [e for e in theme.examples if e in present]
        out[theme.polarity].append(_Draft(_readable(theme.label), sorted(ids, key=_id_order), "theme"))
    return out["pain"], out["gain"]


def _id_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


def build_empathy_map(
    items: Sequence[StoredItem],
    *,
    title: str,
    themes: Sequence[Theme] = (),
    theme_of: Mapping[str, str | None] | None = None,
    segment: Mapping[str, str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    per_section: int = PER_SECTION,
    min_items: int = MIN_ITEMS,
    readings: Sequence[ItemReading] | None = None,
) -> EmpathyMap:
    """The empathy map of ``items`` (a segment, or the people of a persona), ``title`` in the middle.

    ``themes`` with ``theme_of`` (item id -> theme id) add pain and gain themes; without
    ``theme_of`` a theme is supported only by the example items it names. ``readings`` (one per
    item, from ``read_items``) spare reading the words again when several maps share items.
    """
    n = len(items)
    if n < min_items:
        raise NotEnoughData(
            f"{n} items are too few for an empathy map; at least {min_items} are needed so that each entry "
            "is a pattern and not an anecdote"
        )
    if per_section < 1:
        raise ValueError(f"per_section must be at least 1 (got {per_section})")
    if readings is None:
        readings = read_items(items)
    elif len(readings) != n:
        raise ValueError(f"readings must have one entry per item; got {len(readings)} for {n} items")
    pains, gains = pains_gains(items, [r.key for r in readings], themes, theme_of)
    drafts = {
        "thinks_feels": thinks_feels(items, readings),
        "says_does": says_does(readings),
        "hears": hears(readings),
        "sees": sees(readings),
        "pains": pains,
        "gains": gains,
    }
    sections = {name: _rank(drafts[name], n, per_section) for name in MAP_SECTIONS}
    # Needs are common and would crowd out feelings: they get at most half of "thinks & feels".
    ranked = _rank(drafts["thinks_feels"], n, len(drafts["thinks_feels"]))
    wants = [e for e in ranked if e.text.startswith("Want ")][: per_section // 2 or 1]
    kept = wants + [e for e in ranked if not e.text.startswith("Want ")]
    kept.sort(key=lambda e: (-e.strength, e.text))
    sections["thinks_feels"] = kept[:per_section]
    dates = [it.feedback.created_at for it in items if it.feedback.created_at is not None]
    return EmpathyMap(
        title=title,
        sections=sections,
        items=n,
        segment=dict(segment or {}),
        since=since or (min(dates) if dates else None),
        until=until or (max(dates) if dates else None),
    )


def blank_map(title: str = "Customer") -> EmpathyMap:
    """An empty map for the printable template: the sections' prompts are drawn instead of entries."""
    return EmpathyMap(title=title, sections={name: [] for name in MAP_SECTIONS}, items=0)
