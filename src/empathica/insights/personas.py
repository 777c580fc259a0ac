"""Personas built from people, not items: who writes, what they feel, what they need.

Whiteboard personas are filled from memory; these come from the feedback. Every person's items
are pooled into one profile (what they feel, why, what they need, which themes they touch, and
who they are when the metadata says so), people are clustered with the themes' clustering, and
each group is named after its most distinctive traits and answers the persona questions with
its members' own (already redacted) words.

Why people and not items: a customer who writes five angry tickets is one angry customer, not
five; counting items would let a few loud people define a persona.

Employees are grouped separately and never in a group of fewer than ``min_people`` (a privacy
rule: a small group's quotes and attributes could point at a colleague). Such groups are merged
into their nearest neighbour, and attribute values shared by too few people are folded into
"other".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from empathica.domain import PERSONA_QUESTIONS, Analysis, Persona, PersonaAnswer, Quote
from empathica.insights.clustering import UNASSIGNED, ClusterOptions, cluster, normalize
from empathica.insights.matching import id_number, match_personas
from empathica.insights.themes import NotEnoughData

#: Fewer items or people than these and a persona would be an anecdote.
MIN_ITEMS = 20
MIN_PEOPLE = 5
#: Metadata keys read as a person's attributes, and the name they are shown under.
ATTRIBUTES: dict[str, str] = {
    "segment": "segment",
    "plan": "plan",
    "tenure": "tenure",
    "tenure_years": "tenure",
    "age_band": "age_band",
    "location": "location",
    "region": "location",
    "role": "role",
    "department": "department",
}
#: Emotions that say something went well (inspiration) or badly (trouble).
POSITIVE = frozenset(
    {"admiration", "amusement", "approval", "caring", "excitement", "gratitude", "joy", "love",
     "optimism", "pride", "relief"}
)  # fmt: skip
NEGATIVE = frozenset(
    {"anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear",
     "grief", "nervousness", "remorse", "sadness", "confusion"}
)  # fmt: skip
_ADJECTIVE = {
    "admiration": "Admiring", "amusement": "Amused", "anger": "Fed-Up", "annoyance": "Irked",
    "approval": "Satisfied", "caring": "Caring", "confusion": "Puzzled", "curiosity": "Curious",
    "desire": "Eager", "disappointment": "Let-Down", "disapproval": "Critical", "disgust": "Appalled",
    "embarrassment": "Embarrassed", "excitement": "Excited", "fear": "Anxious", "gratitude": "Grateful",
    "grief": "Grieving", "joy": "Delighted", "love": "Devoted", "nervousness": "Nervous",
    "optimism": "Hopeful", "pride": "Proud", "realization": "Realising", "relief": "Relieved",
    "remorse": "Regretful", "sadness": "Disheartened", "surprise": "Surprised", "neutral": "Practical",
}  # fmt: skip
_NEED_NOUN = {
    "to_be_heard": "Unheard Voice", "respect": "Stickler", "reassurance": "Worrier",
    "clarity": "Question-Asker", "fast_resolution": "Chaser", "fairness": "Fair-Dealer",
    "control": "Planner", "appreciation": "Loyalist", "help_to_succeed": "Striver",
}  # fmt: skip
#: Words that show a person talking about their work or business (a stated hint, read as inference).
_WORK = re.compile(
    r"\b(my (job|work|shift|shifts|boss|manager|office|business|shop|clients?|team|patients?)|at work|"
    r"i work|i'm an? [a-z]+er\b|i am an? [a-z]+er\b|working from home|for work|self[- ]employed|"
    r"our (shop|business|office|team))",
    re.IGNORECASE,
)
QUOTE_CHARS = 240


@dataclass(frozen=True, slots=True)
class PersonaItem:
    """One analysed feedback item as the persona builder needs it; ``theme`` is its theme's label."""

    id: str
    text: str
    analysis: Analysis
    person_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    theme: str | None = None


@dataclass(frozen=True, slots=True)
class PersonaOptions:
    """Knobs of persona building; weights scale each block of a person's profile vector."""

    min_items: int = MIN_ITEMS
    min_people: int = MIN_PEOPLE
    min_group: int = 3  # customers; employees use max(min_group, min_people)
    max_personas: int = 6
    merge_similarity: float = 0.45
    min_support: int = 2  # people needed before a question counts as answered
    top_emotions: int = 2  # of each item's emotion labels
    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "emotion": 1.0, "cause": 1.0, "need": 0.8, "theme": 0.6, "attribute": 0.5, "embedding": 1.0,
        }
    )  # fmt: skip
    seed: int = 0


@dataclass(slots=True)
class _Person:
    key: str
    items: list[PersonaItem]
    features: Counter[str]
    attributes: dict[str, str]


def _humanise(label: str) -> str:
    return label.replace("_", " ")


def _attribute_value(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _people(items: Sequence[PersonaItem], top_emotions: int) -> list[_Person]:
    """Items pooled per person (no person id: the item is its own person), in a stable order."""
    groups: dict[str, list[PersonaItem]] = defaultdict(list)
    for item in items:
        groups[f"p:{item.person_id}" if item.person_id else f"i:{item.id}"].append(item)
    people = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda it: it.id)
        features: Counter[str] = Counter()
        attributes: dict[str, str] = {}
        for it in members:
            a = it.analysis
            for label in a.emotions.labels[:top_emotions]:
                features[f"emotion:{label}"] += 1
            for c in a.causes:
                features[f"{c.polarity}:{c.label}"] += 1
            for n in a.needs:
                features[f"need:{n.label}"] += 1
            if it.theme:
                features[f"theme:{it.theme}"] += 1
            for raw, shown in ATTRIBUTES.items():
                value = _attribute_value(it.metadata.get(raw))
                if value is not None and shown not in attributes:
                    attributes[shown] = value
        for shown, value in attributes.items():
            features[f"attr:{shown}={value}"] = len(members)
        people.append(_Person(key, members, features, attributes))
    return people


def _block(feature: str) -> str:
    head = feature.split(":", 1)[0]
    return {"pain": "cause", "gain": "cause", "attr": "attribute"}.get(head, head)


def _profiles(
    people: Sequence[_Person], vocab: Sequence[str], options: PersonaOptions, embeddings: np.ndarray | None
) -> np.ndarray:
    """One row per person: each block (emotions, causes, needs, themes, attributes, embedding)
    normalised to unit length then weighted, so no block wins by having more labels."""
    index = {f: i for i, f in enumerate(vocab)}
    blocks: dict[str, list[int]] = defaultdict(list)
    for f, i in index.items():
        blocks[_block(f)].append(i)
    x = np.zeros((len(people), len(vocab)), dtype=np.float64)
    for r, person in enumerate(people):
        for f, count in person.features.items():
            x[r, index[f]] = count / len(person.items)
    parts = []
    for name in sorted(blocks):
        cols = blocks[name]
        part = x[:, cols]
        norms = np.linalg.norm(part, axis=1, keepdims=True)
        parts.append(part / np.maximum(norms, 1e-12) * float(options.weights.get(name, 1.0)))
    if embeddings is not None:
        parts.append(embeddings.astype(np.float64) * float(options.weights.get("embedding", 1.0)))
    out = np.hstack(parts) if parts else np.zeros((len(people), 1))
    # A person with no feature at all (a bare "ok") still needs a direction to be clustered.
    empty = np.asarray(~out.any(axis=1), dtype=bool)
    if empty.any():
        out = np.hstack([out, empty[:, None].astype(np.float64)])
    return out.astype(np.float32)


def _person_embeddings(
    people: Sequence[_Person], items: Sequence[PersonaItem], embeddings: np.ndarray | None
) -> np.ndarray | None:
    if embeddings is None:
        return None
    x = np.asarray(embeddings, dtype=np.float32)
    if x.ndim != 2 or x.shape[0] != len(items):
        raise ValueError(f"embeddings must have one row per item; got shape {x.shape} for {len(items)} items")
    if not np.isfinite(x).all():
        raise ValueError("embeddings contain NaN or infinite values")
    row = {it.id: i for i, it in enumerate(items)}
    means = np.stack([x[[row[it.id] for it in p.items]].mean(axis=0) for p in people])
    return normalize(means)


def _groups(x: np.ndarray, min_size: int, options: PersonaOptions) -> list[list[int]]:
    """Cluster people; every person ends up in a group of at least ``min_size`` when there are enough."""
    n = x.shape[0]
    opts = ClusterOptions(
        merge_similarity=options.merge_similarity,
        min_similarity=-1.0,
        max_outliers=0.0,
        min_size=min_size,
        min_share=0.0,
        max_themes=options.max_personas,
        seed=options.seed,
    )
    labels = cluster(x, opts).labels if n >= 2 * min_size else np.zeros(n, dtype=np.int64)
    groups: dict[int, list[int]] = defaultdict(list)
    for person, label in enumerate(labels):
        groups[int(label) if label != UNASSIGNED else -1].append(person)
    return [groups[k] for k in sorted(groups)]


def _merge_small(x: np.ndarray, groups: list[list[int]], min_size: int) -> tuple[list[list[int]], int]:
    """Fold groups under ``min_size`` into the most similar other group; returns how many were folded."""
    folded = 0
    xn = normalize(x)
    while len(groups) > 1:
        sizes = [len(g) for g in groups]
        small = min(range(len(groups)), key=lambda g: (sizes[g], g))
        if sizes[small] >= min_size:
            break
        centroids = normalize(np.stack([xn[g].mean(axis=0) for g in groups]))
        sims = centroids @ centroids[small]
        sims[small] = -np.inf
        target = int(np.argmax(sims))
        groups[target] = sorted(groups[target] + groups[small])
        del groups[small]
        folded += 1
    return groups, folded


def _traits(members: Sequence[_Person], overall: Mapping[str, float], limit: int = 8) -> list[str]:
    """Features most typical of the group compared with everyone: share × lift, ties by name."""
    counts: Counter[str] = Counter(f for p in members for f in p.features)
    scored = []
    for f, c in counts.items():
        inside = c / len(members)
        lift = inside / max(overall.get(f, 0.0), 1e-9)
        if inside >= 0.2:
            scored.append((-(inside * lift), f))
    return [f for _, f in sorted(scored)[:limit]]


def _top(
    members: Sequence[_Person], prefix: str, allowed: frozenset[str] | None = None
) -> list[tuple[str, int]]:
    """Labels with ``prefix`` ranked by how many members have them (ties by name)."""
    counts: Counter[str] = Counter()
    for p in members:
        for f in p.features:
            if f.startswith(prefix):
                label = f[len(prefix) :]
                if allowed is None or label in allowed:
                    counts[label] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _name(members: Sequence[_Person], traits: Sequence[str], kind: str) -> str:
    """Adjective from the most distinctive emotion, noun from the most distinctive need (or lean)."""
    emotions = [t.split(":", 1)[1] for t in traits if t.startswith("emotion:") and t != "emotion:neutral"]
    if not emotions:
        emotions = [label for label, _ in _top(members, "emotion:")] or ["neutral"]
    adjective = _ADJECTIVE.get(emotions[0], emotions[0].title())
    needs = [t.split(":", 1)[1] for t in traits if t.startswith("need:")]
    pains = sum(c for _, c in _top(members, "pain:"))
    gains = sum(c for _, c in _top(members, "gain:"))
    if needs and needs[0] in _NEED_NOUN:
        noun = _NEED_NOUN[needs[0]]
    elif gains > pains:
        noun = "Loyalist" if np.mean([len(p.items) for p in members]) >= 1.5 else "Fan"
    elif kind == "employee":
        noun = "Colleague"
    elif pains:
        noun = "Critic"
    else:
        noun = "Browser"
    return f"The {adjective} {noun}"


def _quote(item: PersonaItem, evidence: str = "") -> Quote:
    text = item.text if len(item.text) <= QUOTE_CHARS else item.text[: QUOTE_CHARS - 1].rstrip() + "…"
    return Quote(feedback_id=item.id, text=text, evidence=evidence)


def _pick_quotes(hits: Sequence[tuple[float, PersonaItem, str, str]], limit: int = 3) -> list[Quote]:
    """Best supporting items, one per person, strongest first (ties by id) so the choice is stable."""
    seen: set[str] = set()
    out = []
    for _, item, person, evidence in sorted(hits, key=lambda h: (-h[0], h[1].id)):
        if person in seen:
            continue
        seen.add(person)
        out.append(_quote(item, evidence))
        if len(out) == limit:
            break
    return out


def _no_answer(question: str, why: str = "") -> PersonaAnswer:
    text = "Not enough evidence in their feedback to say" + (f" ({why})." if why else ".")
    return PersonaAnswer(question, text, 0.0, inferred=False, supported=False)


def _listing(labels: Sequence[str]) -> str:
    words = [_humanise(label) for label in labels]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _from_labels(
    question: str,
    members: Sequence[_Person],
    min_support: int,
    pick: Any,
    template: str,
    source: str,
) -> PersonaAnswer:
    """An inferred answer from the labels ``pick(item)`` yields as (label, score, evidence) per item."""
    support: dict[str, set[str]] = defaultdict(set)
    hits: dict[str, list[tuple[float, PersonaItem, str, str]]] = defaultdict(list)
    for p in members:
        for it in p.items:
            for label, score, evidence in pick(it):
                support[label].add(p.key)
                hits[label].append((score, it, p.key, evidence))
    ranked = sorted(support, key=lambda label: (-len(support[label]), label))
    ranked = [label for label in ranked if len(support[label]) >= min_support][:3]
    if not ranked:
        return _no_answer(question, f"fewer than {min_support} people mention {source}")
    people = set().union(*(support[label] for label in ranked))
    strength = round(len(people) / len(members), 2)
    quotes = _pick_quotes([h for label in ranked for h in hits[label]])
    text = template.format(_listing(ranked)) + f" (inferred from {source})."
    return PersonaAnswer(question, text, strength, inferred=True, supported=True, quotes=quotes)


def _work(members: Sequence[_Person], min_support: int, kind: str, min_people: int) -> PersonaAnswer:
    floor = min_people if kind == "employee" else min_support
    stated: list[str] = []
    strength = 0.0
    for attribute in ("role", "department"):
        values = Counter(p.attributes[attribute] for p in members if attribute in p.attributes)
        shown = [v for v, c in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])) if c >= floor][:3]
        if shown:
            stated.append(f"{attribute}: {', '.join(_humanise(v) for v in shown)}")
            holders = sum(1 for p in members if p.attributes.get(attribute) in shown)
            strength = max(strength, holders / len(members))
    hits = [
        (1.0, it, p.key, m.group(0))
        for p in members
        for it in p.items
        if (m := _WORK.search(it.text)) is not None
    ]
    mentioning = {h[2] for h in hits}
    if stated:
        text = "Stated in their records: " + "; ".join(stated) + "."
        return PersonaAnswer("work", text, round(strength, 2), False, True, _pick_quotes(hits))
    if len(mentioning) >= min_support:
        text = (
            f"{len(mentioning)} of {len(members)} mention their work or business when they write "
            "(inferred from their own words; the data has no occupation field)."
        )
        return PersonaAnswer(
            "work", text, round(len(mentioning) / len(members), 2), True, True, _pick_quotes(hits)
        )
    return _no_answer("work", "no role in the metadata and too few mention their work")


def _answers(members: Sequence[_Person], kind: str, options: PersonaOptions) -> list[PersonaAnswer]:
    k = options.min_support

    def gains(it: PersonaItem) -> list[tuple[str, float, str]]:
        out = [(c.label, c.score, c.evidence) for c in it.analysis.causes if c.polarity == "gain"]
        return out

    def needs(it: PersonaItem) -> list[tuple[str, float, str]]:
        return [(n.label, n.score, n.evidence) for n in it.analysis.needs]

    def themes(it: PersonaItem) -> list[tuple[str, float, str]]:
        return [(it.theme, 1.0, "")] if it.theme else []

    def products(it: PersonaItem) -> list[tuple[str, float, str]]:
        value = _attribute_value(it.metadata.get("product"))
        return [(value, 1.0, "")] if value else []

    def pains(it: PersonaItem) -> list[tuple[str, float, str]]:
        return [(c.label, c.score, c.evidence) for c in it.analysis.causes if c.polarity == "pain"]

    def feelings(allowed: frozenset[str]) -> Any:
        def pick(it: PersonaItem) -> list[tuple[str, float, str]]:
            s = it.analysis.emotions.scores
            return [(e, float(s.get(e, 0.0)), "") for e in it.analysis.emotions.labels if e in allowed]

        return pick

    inspires = _from_labels(
        "inspires", members, k, gains, "What delights them: {}", "the causes of their positive feedback"
    )
    if not inspires.supported:
        inspires = _from_labels(
            "inspires", members, k, feelings(POSITIVE), "They show {}", "emotions detected in their feedback"
        )
    interests = _from_labels(
        "interests", members, k, themes, "They talk most about {}", "the themes their feedback falls in"
    )
    if not interests.supported:
        interests = _from_labels(
            "interests",
            members,
            k,
            products,
            "They write most about {}",
            "the products their feedback is about",
        )
    troubles = _from_labels(
        "troubles", members, k, pains, "What troubles them: {}", "the causes of their negative feedback"
    )
    if not troubles.supported:
        troubles = _from_labels(
            "troubles", members, k, feelings(NEGATIVE), "They show {}", "emotions detected in their feedback"
        )
    answers = {
        "work": _work(members, k, kind, options.min_people),
        "inspires": inspires,
        "motivates": _from_labels(
            "motivates",
            members,
            k,
            needs,
            "What they want from us: {}",
            "the needs detected in their feedback",
        ),
        "interests": interests,
        "troubles": troubles,
    }
    return [answers[q] for q in PERSONA_QUESTIONS]


def _demographics(members: Sequence[_Person], kind: str, min_people: int) -> dict[str, dict[str, int]]:
    """People per attribute value; for employees, values held by fewer than ``min_people`` become "other"."""
    out: dict[str, dict[str, int]] = {}
    for attribute in sorted({a for p in members for a in p.attributes}):
        values = Counter(p.attributes[attribute] for p in members if attribute in p.attributes)
        if kind == "employee":
            other = sum(c for c in values.values() if c < min_people)
            values = Counter({v: c for v, c in values.items() if c >= min_people})
            if other:
                values["other"] = other
        out[attribute] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _summary(members: Sequence[_Person], traits: Sequence[str], share: float, kind: str) -> str:
    items = sum(len(p.items) for p in members)
    people = "customers" if kind == "customer" else "employees"
    parts = [f"{share:.0%} of {people} ({len(members)} people, {items} items)"]
    emotions = [label for label, _ in _top(members, "emotion:") if label != "neutral"][:2]
    if emotions:
        parts.append(f"mostly {_listing(emotions)}")
    pain = next((t.split(":", 1)[1] for t in traits if t.startswith("pain:")), None)
    gain = next((t.split(":", 1)[1] for t in traits if t.startswith("gain:")), None)
    if pain:
        parts.append(f"troubled by {_humanise(pain)}")
    if gain:
        parts.append(f"pleased by {_humanise(gain)}")
    need = next((t.split(":", 1)[1] for t in traits if t.startswith("need:")), None)
    if need:
        parts.append(f"they need {_humanise(need)}")
    return "; ".join(parts) + "."


def _unique_names(names: list[str], traits: Sequence[Sequence[str]]) -> list[str]:
    """Tell apart personas that got the same name by their first trait the others lack."""
    out = list(names)
    for name in set(names):
        same = [i for i, n in enumerate(names) if n == name]
        if len(same) < 2:
            continue
        for i in same:
            others = {t for j in same if j != i for t in traits[j][:3]}
            extra = next((t for t in traits[i] if t not in others), None)
            out[i] = f"{name} ({_humanise(extra.split(':', 1)[1])})" if extra else name
    for name, count in Counter(out).items():  # still equal: number them, in persona order
        if count > 1:
            seen = 0
            for i, n in enumerate(out):
                if n == name:
                    seen += 1
                    out[i] = f"{n} {seen}" if seen > 1 else n
    return out


def build_personas(
    items: Sequence[PersonaItem],
    *,
    kind: str = "customer",
    embeddings: np.ndarray | None = None,
    options: PersonaOptions | None = None,
    previous: Sequence[Persona] = (),
) -> list[Persona]:
    """Personas of one kind of people, largest first; the same items in any order give the same
    personas.

    Without ``previous`` the ids follow size (P1 is the largest). With ``previous`` (the last
    build, usually of fewer items) a persona that is mostly the same people keeps its id and
    name, so new feedback never renumbers or renames the personas people already know; a
    group that is new gets the next unused number and its own name.

    ``embeddings`` (one unit row per item, optional) adds what people write about to how they
    feel; without it personas come from analyses, themes and attributes alone.
    """
    opts = options or PersonaOptions()
    if kind not in ("customer", "employee"):
        raise ValueError(f"kind must be 'customer' or 'employee', got {kind!r}")
    ids = [it.id for it in items]
    if len(set(ids)) != len(ids):
        dup = next(i for i, c in Counter(ids).items() if c > 1)
        raise ValueError(f"item ids must be unique; {dup!r} appears more than once")
    people = _people(items, opts.top_emotions)
    if len(items) < opts.min_items or len(people) < opts.min_people:
        raise NotEnoughData(
            f"{len(items)} analysed {kind} items from {len(people)} people are too few for personas; "
            f"at least "
            f"{opts.min_items} items and {opts.min_people} people are needed so a persona is a pattern, "
            "not a portrait of one person"
        )
    vocab = sorted({f for p in people for f in p.features})
    x = _profiles(people, vocab, opts, _person_embeddings(people, items, embeddings))
    min_size = max(opts.min_group, opts.min_people) if kind == "employee" else opts.min_group
    # Cluster as for customers, then fold small groups explicitly so the privacy note can say so.
    groups, folded = _merge_small(x, _groups(x, opts.min_group, opts), min_size)
    groups.sort(key=lambda g: (-len(g), people[g[0]].key))
    overall = {f: c / len(people) for f, c in Counter(f for p in people for f in p.features).items()}
    all_traits = [_traits([people[i] for i in g], overall) for g in groups]
    names = _unique_names(
        [_name([people[i] for i in g], t, kind) for g, t in zip(groups, all_traits, strict=True)], all_traits
    )
    personas = []
    for rank, (g, traits, name) in enumerate(zip(groups, all_traits, names, strict=True)):
        members = [people[i] for i in g]
        share = round(len(members) / len(people), 4)
        notes = []
        if folded and kind == "employee":
            notes.append(
                f"Groups of fewer than {opts.min_people} employees are never shown; {folded} such group(s) "
                "were merged into the most similar persona."
            )
        personas.append(
            Persona(
                id=f"P{rank + 1}",
                kind=kind,
                name=name,
                summary=_summary(members, traits, share, kind),
                size=len(members),
                share=share,
                items=sum(len(p.items) for p in members),
                demographics=_demographics(members, kind, opts.min_people),
                traits=list(traits),
                answers=_answers(members, kind, opts),
                feedback_ids=sorted(it.id for p in members for it in p.items),
                notes=notes,
            )
        )
    if kind == "employee" and any(p.size < opts.min_people for p in personas):  # belt and braces
        raise AssertionError("an employee persona below the privacy floor was about to be shown")
    return carry_identity(personas, [p for p in previous if p.kind == kind], all_traits)


def carry_identity(
    personas: list[Persona], previous: Sequence[Persona], traits: Sequence[Sequence[str]]
) -> list[Persona]:
    """Give each persona its match's id and name from ``previous``; new ones get fresh numbers.

    ``traits`` are the personas' traits in the same order, used to tell a new persona's name
    apart from a kept one it happens to share. A kept name that the data would now word
    differently stays (people know the persona by it) and a note says what it reads as today.
    """
    if not previous:
        return personas
    matched = match_personas(previous, personas)
    old = {p.id: p for p in previous}
    next_number = max((id_number(p.id) for p in previous), default=0) + 1
    kept_names = {old[o].name for o in matched.values()}
    out: list[Persona] = []
    for persona, own_traits in zip(personas, traits, strict=True):
        fresh_id, fresh_name = persona.id, persona.name
        if fresh_id in matched:
            before = old[matched[fresh_id]]
            persona.id, persona.name = before.id, before.name
            if fresh_name != before.name and _bare(fresh_name) != _bare(before.name):
                persona.notes.append(f"Named when first found; its feedback now reads as {fresh_name!r}.")
        else:
            persona.id = f"P{next_number}"
            next_number += 1
            if persona.name in kept_names:
                extra = next((t for t in own_traits if _trait_word(t) not in persona.name), None)
                persona.name = f"{persona.name} ({_trait_word(extra)})" if extra else persona.name
            while persona.name in kept_names:
                persona.name += " (new)"
            kept_names.add(persona.name)
        out.append(persona)
    return out


def _bare(name: str) -> str:
    """A name without the "(trait)" or " 2" that told it apart from a namesake in one build."""
    return re.sub(r"( \([^)]*\)| \d+)$", "", name)


def _trait_word(trait: str) -> str:
    return _humanise(trait.split(":", 1)[1]) if ":" in trait else _humanise(trait)
