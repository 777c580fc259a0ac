"""Name themes with words their members actually use.

Keywords are class-based TF-IDF: all members of a theme are read as one document, so a word
scores high when this theme uses it much more than the others do. The label is the best phrase
of two to four words that several members share (a reader understands "late delivery" where
"late, delivery, driver" is a puzzle); without one, the two best keywords joined.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

_STOPWORD_TEXT = """
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's
her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it
it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought
our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom why why's with won't
would wouldn't you you'd you'll you're you've your yours yourself yourselves also just get got
really would like one will us im dont cant ive even still much many well back go going went way
thing things lot could u ur pls please hi hello thanks thank know want need help
never always ever yet now again said says say told asked came anyone since ago another
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

#: A word in more than this share of all items is too common to name a theme.
COMMON_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Redaction placeholders ([EMAIL]), template slots ({{Order Number}}) and anything with a digit
#: in it (order numbers such as KB-48213, times, prices) never become keywords.
_NOISE = re.compile(r"\[[A-Z_]+\]|\{\{[^}]*\}\}|\S*\d\S*")


#: Where a phrase must stop: sentence and clause punctuation, brackets, dashes between words.
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\"“”]+|\s[-–—]+\s")


def tokenize(text: str) -> list[str]:
    """Lower-case words, without placeholders, codes and numbers."""
    return [w.replace("’", "'") for w in _WORD.findall(_NOISE.sub(" ", text).lower())]


def clause_words(text: str) -> list[list[str]]:
    """The words of each clause: a phrase never runs across punctuation ("a refund, the parcel")."""
    return [words for piece in _CLAUSE_BREAK.split(text) if (words := tokenize(piece))]


def terms(text: str, max_words: int = 3) -> list[str]:
    """Content words and phrases of up to ``max_words`` words that neither start nor end on a stopword."""
    clauses = clause_words(text)
    out: list[str] = []
    for n in range(1, max_words + 1):
        for words in clauses:
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or len(gram[0]) < 2 or len(gram[-1]) < 2:
                    continue
                out.append(" ".join(gram))
    return out


def class_tfidf(groups: Sequence[Sequence[str]], max_words: int = 3) -> list[dict[str, float]]:
    """Per group, a c-TF-IDF weight for every term its texts use.

    ``tf`` is the term's share of the group's terms; ``idf`` is log(1 + average group length /
    the term's count over all groups), which favours terms concentrated in one group.
    """
    return _class_tfidf([[terms(text, max_words) for text in texts] for texts in groups])


def _class_tfidf(groups: Sequence[Sequence[list[str]]]) -> list[dict[str, float]]:
    counts = [Counter(t for found in texts for t in found) for texts in groups]
    overall: Counter[str] = Counter()
    for c in counts:
        overall.update(c)
    avg = sum(overall.values()) / max(1, len(counts))
    weights: list[dict[str, float]] = []
    for c in counts:
        total = sum(c.values()) or 1
        weights.append({t: (n / total) * math.log(1 + avg / overall[t]) for t, n in c.items()})
    return weights


def _doc_freq(texts: Sequence[str], max_words: int) -> Counter[str]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(terms(text, max_words)))
    return df


def keywords(weights: dict[str, float], k: int = 8) -> list[str]:
    """Top terms, skipping a term already covered by a better one ("delivery" after "late delivery")."""
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[str] = []
    for term, _ in ranked:
        if any(term in c.split() or c in term.split() or term == c for c in chosen):
            continue
        if any(f" {term} " in f" {c} " or f" {c} " in f" {term} " for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == k:
            break
    return chosen


def label(
    texts: Sequence[str],
    weights: dict[str, float],
    min_share: float = 0.08,
    df: Counter[str] | None = None,
    common: frozenset[str] = frozenset(),
) -> str:
    """A phrase of 2-3 words shared by several members, else the two best single words.

    The phrase must contain one of the theme's five best single words, so the label says what
    sets the theme apart and not a turn of speech its members happen to share ("every time").
    """
    df = df if df is not None else _doc_freq(texts, 3)
    need = max(2, math.ceil(min_share * len(texts)))
    weights = {t: w for t, w in weights.items() if t not in common}
    top = set(keywords({t: w for t, w in weights.items() if " " not in t}, 5))
    phrases = [
        (w * math.sqrt(df[t]), t)
        for t, w in weights.items()
        if " " in t and df[t] >= need and top.intersection(t.split())
    ]
    if phrases:
        best = max(phrases, key=lambda p: (p[0], p[1]))[1]
        return best[0].upper() + best[1:]
    singles = keywords({t: w for t, w in weights.items() if " " not in t}, 2)
    if not singles:
        return "Miscellaneous"
    text = " and ".join(singles)
    return text[0].upper() + text[1:]


def name_groups(groups: Sequence[Sequence[str]], k: int = 8) -> list[tuple[str, list[str]]]:
    """A (label, keywords) pair per group; labels are made distinct by adding a keyword."""
    found = [[terms(text) for text in texts] for texts in groups]
    # A word in a fifth of all items that no theme holds most of (the company's name, the product
    # everyone writes about) says nothing about one theme: it may be a keyword but not the label.
    everywhere: Counter[str] = Counter()
    most: Counter[str] = Counter()
    for group_terms in found:
        here: Counter[str] = Counter()
        for item_terms in group_terms:
            here.update({t for t in item_terms if " " not in t})
        everywhere.update(here)
        for t, n in here.items():
            most[t] = max(most[t], n)
    total = sum(len(g) for g in found)
    common = frozenset(
        t for t, n in everywhere.items() if n > COMMON_SHARE * total and most[t] < n / 2 and total >= 40
    )
    named: list[tuple[str, list[str]]] = []
    for texts, group_terms, w in zip(groups, found, _class_tfidf(found), strict=True):
        df: Counter[str] = Counter()
        for item_terms in group_terms:
            df.update(set(item_terms))
        # A phrase only one member wrote is an accident of wording, not a keyword.
        shared = {t: v for t, v in w.items() if " " not in t or df[t] >= 2}
        named.append((label(texts, w, df=df, common=common), keywords(shared, k)))
    counts: Counter[str] = Counter(lbl for lbl, _ in named)
    used: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for lbl, kws in named:
        name = lbl
        if counts[lbl] > 1 and lbl in used:
            for kw in kws:
                if kw.lower() not in lbl.lower() and f"{lbl} ({kw})" not in used:
                    name = f"{lbl} ({kw})"
                    break
            n = 2
            while name in used:
                name, n = f"{lbl} ({n})", n + 1
        used.add(name)
        out.append((name, kws))
    return out
