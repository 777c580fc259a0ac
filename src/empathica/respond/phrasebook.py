"""The phrase banks the offline composer writes with, read from YAML that a business may replace.

The wording around the customer's words and the playbook's steps (greetings, sign-offs, the
lines that acknowledge, validate, reassure, close...) is a company's voice, and the people who
look after it are not programmers. So it lives in ``phrases.yaml`` next to this module, and a
user file (setting ``phrases``, ``empathica reply --phrases``) may replace any bank by name:
a bank given there replaces the bundled bank whole, the others stay as shipped.

Both files are checked as strictly as the playbook, and every mistake names the file and line:
an unknown or repeated bank, tone or key, a missing bank or tone, a bank of the wrong shape,
an empty list or text, a placeholder the composer does not fill for that bank (it would show up
in a customer's reply as "{nmae}" or break the draft), a stray brace, or an escalating phrase.

The bundled file is read once per process (:func:`bundled_phrasebook`); the composer still takes
the phrasebook as an argument, so the services pass down whatever the settings chose.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from empathica.respond.banned import find_banned
from empathica.taxonomy import Taxonomy, TaxonomyError
from empathica.taxonomy.yaml_nodes import compose_mapping, mapping_values, read_source, scalar_text, where

TONES: tuple[str, ...] = ("warm", "neutral", "formal")
#: A bank's lines by tone.
ToneBank = Mapping[str, tuple[str, ...]]
#: Tone banks by a cause, need, stage, emotion family or channel.
KeyedBank = Mapping[str, ToneBank]
#: ``ack_topic_acts``: (gerund, past) pairs by tone.
PairBank = Mapping[str, tuple[tuple[str, str], ...]]

#: The key of ``reassure`` used for a need that has no bank of its own.
DEFAULT_KEY = "default"
#: Emotion families ``validate`` is keyed by (the composer maps each emotion to one).
FAMILIES: tuple[str, ...] = ("anger", "sadness", "fear", "confusion", "plain")
#: Channels with a closing line (social replies have none).
CLOSING_CHANNELS: tuple[str, ...] = ("email", "chat", "review")

_CLAUSE = frozenset({"c", "n", "N"})
_NOUN = frozenset({"n", "N"})
_NONE: frozenset[str] = frozenset()
_NULL_TAG = "tag:yaml.org,2002:null"


class PhrasebookError(ValueError):
    """A phrase-bank file cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class BankSpec:
    """What one bank may hold; it mirrors how the composer uses the bank.

    ``placeholders`` are the ones the composer fills for this bank (a bank it does not format
    takes none, and a brace there would reach the customer as it is). ``tones`` must all be given
    where the composer reads ``bank[tone]``; banks it reads with a fallback to the warm lines need
    fewer. ``blank_ok`` banks are lead-ins and tails, where "" means "none this time".
    """

    placeholders: frozenset[str] = _NONE
    keyed_by: str = ""  # cause | need | stage (names from the taxonomy) | family | channel
    fixed_keys: tuple[str, ...] = ()  # the only keys allowed, where they do not come from the taxonomy
    required_keys: tuple[str, ...] = ()
    tones: tuple[str, ...] = TONES
    pairs: bool = False
    blank_ok: bool = False
    must_use: str = ""  # a placeholder every line needs


#: Every bank, in the order of the bundled file.
BANKS: dict[str, BankSpec] = {
    "ack_clause": BankSpec(_CLAUSE),
    "ack_quote": BankSpec(_CLAUSE),
    "ack_repeat": BankSpec(frozenset({"t", "n"})),
    "ack_question": BankSpec(_CLAUSE),
    "ack_topic_lead_gerund": BankSpec(_NOUN),
    "ack_topic_lead_past": BankSpec(_NOUN),
    "ack_topic_acts": BankSpec(_NOUN, pairs=True),
    "ack_topic": BankSpec(_NOUN),
    "ack_topic_question": BankSpec(_NOUN),
    "ack_topic_question_public": BankSpec(_NOUN),
    "ack_topic_stage": BankSpec(_NOUN, keyed_by="stage", tones=()),
    "validate": BankSpec(keyed_by="family", fixed_keys=FAMILIES, required_keys=FAMILIES),
    "apology": BankSpec(frozenset({"company", "agent", "deadline"})),
    "apology_clause": BankSpec(_CLAUSE),
    "reassure": BankSpec(_NOUN, keyed_by="need", required_keys=(DEFAULT_KEY,)),
    "reassure_lead": BankSpec(blank_ok=True),
    "reassure_tail": BankSpec(blank_ok=True),
    "join": BankSpec(),
    "join_reassure": BankSpec(),
    "step_lead": BankSpec(blank_ok=True),
    "close_open": BankSpec(_NOUN),
    "close_open_need": BankSpec(_NOUN, keyed_by="need", tones=()),
    "close_open_cause": BankSpec(_NOUN, keyed_by="cause", tones=()),
    "close_act": BankSpec(keyed_by="channel", fixed_keys=CLOSING_CHANNELS, required_keys=("email",)),
    "close_tail": BankSpec(blank_ok=True),
    "explore_cause": BankSpec(_NOUN, keyed_by="cause", tones=()),
    "explore_need": BankSpec(_NOUN, keyed_by="need", tones=()),
    "explore_generic": BankSpec(_NOUN, tones=("warm",)),
    "explore_lead": BankSpec(blank_ok=True),
    "thank_clause": BankSpec(_CLAUSE),
    "thank_topic": BankSpec(_NOUN),
    "praise_share": BankSpec(frozenset({"p", "P"})),
    "praise_share_quality": BankSpec(frozenset({"p", "q"})),
    "answer_lead": BankSpec(blank_ok=True),
    "link_in_close": BankSpec(frozenset({"link"}), must_use="link"),
    "greeting": BankSpec(frozenset({"name"})),
    "greeting_no_name": BankSpec(),
    "sign_off": BankSpec(),
    "dm_invite": BankSpec(_NOUN),
    "review_thank": BankSpec(),
}


@dataclass(frozen=True, slots=True)
class Phrasebook:
    """Every bank the composer picks from; see ``phrases.yaml`` for what each one is for."""

    ack_clause: ToneBank
    ack_quote: ToneBank
    ack_repeat: ToneBank
    ack_question: ToneBank
    ack_topic_lead_gerund: ToneBank
    ack_topic_lead_past: ToneBank
    ack_topic_acts: PairBank
    ack_topic: ToneBank
    ack_topic_question: ToneBank
    ack_topic_question_public: ToneBank
    ack_topic_stage: KeyedBank
    validate: KeyedBank
    apology: ToneBank
    apology_clause: ToneBank
    reassure: KeyedBank
    reassure_lead: ToneBank
    reassure_tail: ToneBank
    join: ToneBank
    join_reassure: ToneBank
    step_lead: ToneBank
    close_open: ToneBank
    close_open_need: KeyedBank
    close_open_cause: KeyedBank
    close_act: KeyedBank
    close_tail: ToneBank
    explore_cause: KeyedBank
    explore_need: KeyedBank
    explore_generic: ToneBank
    explore_lead: ToneBank
    thank_clause: ToneBank
    thank_topic: ToneBank
    praise_share: ToneBank
    praise_share_quality: ToneBank
    answer_lead: ToneBank
    link_in_close: ToneBank
    greeting: ToneBank
    greeting_no_name: ToneBank
    sign_off: ToneBank
    dm_invite: ToneBank
    review_thank: ToneBank
    #: The files it was read from, bundled first: whose wording a draft was written in.
    sources: tuple[str, ...] = ()


def bank_names() -> tuple[str, ...]:
    """The names of the phrasebook's banks (its fields), in order."""
    return tuple(f.name for f in fields(Phrasebook) if f.name != "sources")


def default_phrases_path() -> Path:
    """The phrase banks shipped with the package."""
    return Path(str(files(__package__ or "empathica.respond"))) / "phrases.yaml"


@cache
def bundled_phrasebook() -> Phrasebook:
    """The bundled phrase banks, read once per process: every draft without a user file uses them."""
    return _read(default_phrases_path(), None, None)


def load_phrasebook(path: Path | None, taxonomy: Taxonomy | None = None) -> Phrasebook:
    """The bundled banks, with those of the file at ``path`` (if any) in place of the same names.

    ``taxonomy`` checks the cause, need and stage keys of the user's keyed banks, so a misspelt
    cause is an error, not a bank that is never used.
    """
    bundled = bundled_phrasebook()
    return bundled if path is None else _read(path, bundled, taxonomy)


def _read(path: Path, base: Phrasebook | None, taxonomy: Taxonomy | None) -> Phrasebook:
    text = read_source(path, "phrases", PhrasebookError)
    return parse_phrasebook(text, str(path), base=base, taxonomy=taxonomy)


def parse_phrasebook(
    text: str,
    path: str = "<phrases>",
    *,
    base: Phrasebook | None = None,
    taxonomy: Taxonomy | None = None,
) -> Phrasebook:
    """A validated phrasebook from YAML text.

    Without ``base`` the text must hold every bank (it is a whole phrasebook, like the bundled
    one); with ``base`` it may hold any of them, and each replaces the bank of that name.
    """
    try:
        banks = _parse(text, path, partial=base is not None, taxonomy=taxonomy)
    except TaxonomyError as exc:  # the shared YAML helpers speak the taxonomy's error type
        raise PhrasebookError(str(exc)) from exc
    if base is None:
        return Phrasebook(**banks, sources=(path,))
    return replace(base, **banks, sources=(*base.sources, path))


def _parse(text: str, path: str, *, partial: bool, taxonomy: Taxonomy | None) -> dict[str, Any]:
    root = compose_mapping(text, path, "phrase banks by name, such as 'greeting:'")
    banks: dict[str, Any] = {}
    for key_node, value_node in root.value:
        name = scalar_text(path, key_node, "a bank name")
        spec = BANKS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name.lower(), BANKS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "the bundled phrases.yaml lists every bank"
            raise PhrasebookError(f"{where(path, key_node)}: unknown bank {name!r} ({hint})")
        if name in banks:
            raise PhrasebookError(f"{where(path, key_node)}: bank {name!r} is given twice")
        banks[name] = _bank(path, name, value_node, spec, taxonomy)
    if not banks:
        raise PhrasebookError(f"{where(path, root)}: no banks; give at least one, such as 'greeting:'")
    missing = [name for name in BANKS if name not in banks]
    if missing and not partial:
        raise PhrasebookError(f"{where(path, root)}: missing banks: {', '.join(missing)}")
    return banks


def _allowed_keys(spec: BankSpec, taxonomy: Taxonomy | None) -> tuple[str, ...] | None:
    """The keys a keyed bank may have; None where any name goes (the bundled file, no taxonomy)."""
    if spec.fixed_keys:
        return spec.fixed_keys
    if taxonomy is None:
        return None
    labels = {
        "cause": (*taxonomy.causes, *taxonomy.employee_causes),
        "need": taxonomy.needs,
        "stage": taxonomy.stages,
    }[spec.keyed_by]
    return (*spec.required_keys, *(label.name for label in labels))


def _bank(path: str, name: str, node: Node, spec: BankSpec, taxonomy: Taxonomy | None) -> Any:
    if not spec.keyed_by:
        return _tones(path, repr(name), node, spec)
    if not isinstance(node, MappingNode) or not node.value:
        raise PhrasebookError(
            f"{where(path, node)}: {name!r} must be a mapping of {spec.keyed_by} names, "
            "each with its lines by tone (warm, neutral, formal)"
        )
    allowed = _allowed_keys(spec, taxonomy)
    banks: dict[str, ToneBank | PairBank] = {}
    for key_node, value_node in node.value:
        key = scalar_text(path, key_node, f"a {spec.keyed_by} name in {name!r}")
        if allowed is not None and key not in allowed:
            raise PhrasebookError(
                f"{where(path, key_node)}: unknown {spec.keyed_by} {key!r} in {name!r} "
                f"(known: {', '.join(allowed) or 'none'})"
            )
        if key in banks:
            raise PhrasebookError(f"{where(path, key_node)}: {key!r} is given twice in {name!r}")
        banks[key] = _tones(path, f"{name!r} for {key!r}", value_node, spec)
    missing = [key for key in spec.required_keys if key not in banks]
    if missing:
        raise PhrasebookError(
            f"{where(path, node)}: {name!r} has no {', '.join(repr(k) for k in missing)} "
            f"(required: {', '.join(spec.required_keys)})"
        )
    return MappingProxyType(banks)


def _tones(path: str, what: str, node: Node, spec: BankSpec) -> ToneBank | PairBank:
    if not isinstance(node, MappingNode):
        raise PhrasebookError(
            f"{where(path, node)}: {what} must be a mapping of tones (warm, neutral, formal), "
            "each with a list of texts"
        )
    values = mapping_values(path, node, TONES, noun="tone", context=f" in {what}")
    if not values:
        raise PhrasebookError(f"{where(path, node)}: {what} gives no tone (warm, neutral, formal)")
    missing = [tone for tone in spec.tones if tone not in values]
    if missing:
        needed = ", ".join(spec.tones)
        raise PhrasebookError(
            f"{where(path, node)}: {what} has no {' or '.join(missing)} lines (it needs: {needed})"
        )
    lines: dict[str, Any] = {}
    for tone, lines_node in values.items():
        lines[tone] = _lines(path, f"the {tone} list of {what}", lines_node, spec)
    return MappingProxyType(lines)


def _lines(path: str, what: str, node: Node, spec: BankSpec) -> tuple[Any, ...]:
    shape = "a list of {gerund, past} pairs" if spec.pairs else "a list of texts"
    if not isinstance(node, SequenceNode):
        raise PhrasebookError(f"{where(path, node)}: {what} must be {shape}")
    if not node.value:
        optional = ", or leave the tone out" if len(spec.tones) < len(TONES) else ""
        raise PhrasebookError(f"{where(path, node)}: {what} is empty; give at least one text{optional}")
    if not spec.pairs:
        return tuple(_line(path, item, what, spec) for item in node.value)
    pairs = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            raise PhrasebookError(f"{where(path, item)}: each entry of {what} must be a pair: gerund, past")
        both = mapping_values(path, item, ("gerund", "past"), context=f" in {what}")
        for key in ("gerund", "past"):
            if key not in both:
                raise PhrasebookError(f"{where(path, item)}: an entry of {what} has no {key!r}")
        pairs.append((_line(path, both["gerund"], what, spec), _line(path, both["past"], what, spec)))
    return tuple(pairs)


def _line(path: str, node: Node, what: str, spec: BankSpec) -> str:
    at = where(path, node)
    if not isinstance(node, ScalarNode) or node.tag == _NULL_TAG:
        blank = ' (write "" for none)' if spec.blank_ok else ""
        raise PhrasebookError(f"{at}: each entry of {what} must be a text{blank}")
    value = str(node.value)
    if not value.strip():
        if value == "" and spec.blank_ok:
            return value
        raise PhrasebookError(
            f"{at}: {what} has an empty text"
            + ("" if spec.blank_ok else '; only lead-ins and tails may be empty ("")')
        )
    if "\n" in value:
        raise PhrasebookError(f"{at}: a text of {what} runs over more than one line")
    _check_placeholders(at, value, what, spec)
    banned = find_banned(value)
    if banned:
        raise PhrasebookError(f"{at}: {what} uses the escalating phrase {banned[0]!r}: {value!r}")
    return value


def _check_placeholders(at: str, value: str, what: str, spec: BankSpec) -> None:
    allowed = ", ".join("{" + p + "}" for p in sorted(spec.placeholders))
    if not spec.placeholders:
        if "{" in value or "}" in value:
            raise PhrasebookError(f"{at}: {what} takes no placeholders and no braces: {value!r}")
        return
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise PhrasebookError(
            f"{at}: a text of {what} has a stray brace ({exc}); write {{{{ or }}}} for a literal brace"
        ) from exc
    used: set[str] = set()
    for _, name, format_spec, conversion in parsed:
        if name is None:
            continue
        shown = "{" + name + "}"
        if name not in spec.placeholders:
            raise PhrasebookError(
                f"{at}: a text of {what} uses unknown placeholder {shown} (allowed here: {allowed})"
            )
        if format_spec or conversion:
            raise PhrasebookError(f"{at}: write the placeholder {shown} plainly, without ':' or '!'")
        used.add(name)
    if spec.must_use and spec.must_use not in used:
        needed = "{" + spec.must_use + "}"
        raise PhrasebookError(f"{at}: every text of {what} needs {needed}: {value!r}")
