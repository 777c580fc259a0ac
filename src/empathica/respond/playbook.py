"""The playbook: what a reply may commit to for each cause, written by the business, not the code.

A reply that promises what nobody will do is worse than no reply, so every concrete next step,
every promise and the question "is this our fault?" (which decides whether an apology is owed)
comes from an editable YAML file. The file is checked as strictly as a taxonomy and every
mistake names its file and line, because it is written by hand by people who are not engineers.

Format (see ``playbook.yaml`` next to this module)::

    deadline: the end of the next working day   # fills {deadline}; optional
    causes:
      default:                 # required: used for every cause not listed
        at_fault: false        # does an unhappy customer get an apology for this cause?
        topic: what happened   # optional: how the reply names the cause when the words are missing
        steps: ["I've ... by {deadline}."]   # one or more concrete next steps
        # a step may fit one situation only: it is chosen when the customer's message matches
        # one of its ``when`` phrases, and the steps without ``when`` are the fallback:
        #   - text: "I've arranged a replacement for the damaged item ..."
        #     when: [damaged, crushed, "arrived broken", smash*]
        #     unless: [flight*, train*]   # optional: phrases that rule the step out
        #     name: damaged parcel        # optional: how the draft's grounding names the situation
        public_step: "Please send us a direct message ..."   # optional: for social and reviews
        promises: ["..."]      # optional: what the reply may promise
        links: ["https://..."] # optional
        help_steps: ["You can ... under Settings; or tell me and I'll do it."]
                               # optional: the answer to a neutral how-to question about this cause;
                               # without it a question gets a plain offer to help, never a complaint step
        apologies: ["I'm sorry - that's not the delivery you should get from us."]
                               # optional: apologies that fit this cause (at_fault only)
        praise_topic: the team who looked after you   # optional: what praise for this cause is about
      delivery: {...}          # a cause name the taxonomy knows

Placeholders allowed in texts: ``{company}``, ``{agent}``, ``{deadline}``.

Why ``when`` is a list of plain phrases, not regular expressions: the people who write the
playbook are not engineers, and "crushed" or "charged twice" says what they mean. A phrase
matches whole words, case-insensitively, with any spacing; a ``*`` at the end of a word matches
any ending ("damag*" finds "damaged" and "damage"). Every entry keeps at least one step without
``when``, so a message that matches no situation still gets a next step.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from empathica.taxonomy import TaxonomyError
from empathica.taxonomy.yaml_nodes import (
    compose_mapping,
    mapping_values,
    read_source,
    scalar_text,
    text_list,
    where,
)

#: Placeholders a playbook text may use, and what fills them when the caller gives nothing.
PLACEHOLDERS: dict[str, str] = {
    "company": "our team",
    "agent": "our support team",
    "deadline": "the end of the next working day",
}
DEFAULT_ENTRY = "default"
_ENTRY_KEYS = frozenset(
    {
        "at_fault",
        "topic",
        "steps",
        "public_step",
        "promises",
        "links",
        "help_steps",
        "apologies",
        "praise_topic",
    }
)
_TOP_KEYS = frozenset({"deadline", "causes"})
_STEP_KEYS = frozenset({"text", "when", "unless", "name"})
#: A ``when`` phrase: words of letters, digits, apostrophes and hyphens; ``*`` only ends a word.
_PHRASE = re.compile(r"^[a-z0-9'-]+\*?(?: [a-z0-9'-]+\*?)*$")
_BOOL_TAG = "tag:yaml.org,2002:bool"


class PlaybookError(ValueError):
    """A playbook file cannot be used; the message names the file and the line."""


def _phrase_pattern(phrase: str) -> str:
    words = []
    for word in phrase.split(" "):
        stem = re.escape(word.rstrip("*"))
        words.append(stem + (r"[\w'-]*" if word.endswith("*") else ""))
    return r"(?<![\w'])" + r"\s+".join(words) + r"(?![\w'])"


def normalise_for_matching(text: str) -> str:
    """Lower case, straight apostrophes, one space: what ``when`` phrases are matched against."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True, slots=True)
class Situational:
    """A step (or help step) that fits one situation: used when the message matches ``when``."""

    text: str
    when: tuple[str, ...]
    pattern: re.Pattern[str]
    source: str = ""
    #: Phrases that rule the step out even when ``when`` matches: a flight that is "late" is not a
    #: parcel, so the courier step carries ``unless: [flight*, ...]``.
    unless: tuple[str, ...] = ()
    unless_pattern: re.Pattern[str] | None = None
    #: What the situation is called where the draft's grounding shows it; the first phrase otherwise.
    name: str = ""

    def matches(self, normalised: str) -> int:
        """How many ``when`` phrases the (normalised) message contains; 0 when ``unless`` rules it out."""
        if self.unless_pattern is not None and self.unless_pattern.search(normalised):
            return 0
        return len({m.group(0) for m in self.pattern.finditer(normalised)})

    @property
    def label(self) -> str:
        return self.name or self.when[0]


@dataclass(frozen=True, slots=True)
class PlaybookEntry:
    """What the company commits to for one cause."""

    cause: str
    at_fault: bool
    steps: tuple[str, ...]
    topic: str = ""
    public_step: str = ""
    promises: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    help_steps: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    praise_topic: str = ""
    source: str = ""  # "file:line", for messages
    #: Steps and help steps that fit one situation; their texts are also in ``steps``/``help_steps``.
    situational_steps: tuple[Situational, ...] = ()
    situational_help: tuple[Situational, ...] = ()

    def steps_for(self, message: str, *, help_steps: bool = False) -> tuple[str, ...]:
        """The steps that fit the message: the best-matching situational ones, else the general ones.

        "Best" is the most ``when`` phrases found; ties are all returned (the composer picks one).
        """
        rules = self.situational_help if help_steps else self.situational_steps
        texts = self.help_steps if help_steps else self.steps
        normalised = normalise_for_matching(message)
        scored = [(rule.matches(normalised), rule.text) for rule in rules]
        best = max((n for n, _ in scored), default=0)
        if best:
            return tuple(text for n, text in scored if n == best)
        situational = {rule.text for rule in rules}
        return tuple(t for t in texts if t not in situational)

    def situation(self, message: str) -> str:
        """The first ``when`` phrase of the step chosen for the message, or "" for the general step."""
        normalised = normalise_for_matching(message)
        for rule in sorted(self.situational_steps, key=lambda r: -r.matches(normalised)):
            if rule.matches(normalised):
                return next(m.group(0) for m in rule.pattern.finditer(normalised))
        return ""

    def situation_of(self, step: str, *, help_steps: bool = False) -> str:
        """The name (or first ``when`` phrase) of the situation a step was written for; "" if general."""
        rules = self.situational_help if help_steps else self.situational_steps
        return next((rule.label for rule in rules if rule.text == step), "")


@dataclass(frozen=True, slots=True)
class Playbook:
    """Entries by cause name, with the default entry for every cause not listed."""

    entries: Mapping[str, PlaybookEntry]
    default: PlaybookEntry
    deadline: str = PLACEHOLDERS["deadline"]
    source: str = ""

    def entry(self, cause: str | None) -> PlaybookEntry:
        if cause is None:
            return self.default
        return self.entries.get(cause, self.default)

    def fill(self, text: str, *, company: str | None = None, agent: str | None = None) -> str:
        """A playbook text with its placeholders filled (validated at load time, so this cannot fail)."""
        return text.format(
            company=company or PLACEHOLDERS["company"],
            agent=agent or PLACEHOLDERS["agent"],
            deadline=self.deadline,
        )


def default_playbook_path() -> Path:
    """The playbook shipped with the package."""
    return Path(str(files(__package__ or "empathica.respond"))) / "playbook.yaml"


def _text(path: str, node: Node, what: str) -> str:
    value = scalar_text(path, node, what)
    _check_placeholders(path, node, value, what)
    return value


def _texts(path: str, node: Node, what: str) -> tuple[str, ...]:
    values = text_list(path, node, what)
    for item, value in zip(node.value, values, strict=True):
        _check_placeholders(path, item, value, what)
    return values


def _check_placeholders(path: str, node: Node, value: str, what: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise PlaybookError(
            f"{where(path, node)}: {what} has a stray brace ({exc}); write {{{{ or }}}} for a literal brace"
        ) from exc
    for name in fields:
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            shown = "{" + name + "}"
            raise PlaybookError(
                f"{where(path, node)}: {what} uses unknown placeholder {shown} (allowed: {allowed})"
            )


def _when(path: str, node: Node, what: str, *, key: str = "when") -> tuple[tuple[str, ...], re.Pattern[str]]:
    if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        items = [node]
    elif isinstance(node, SequenceNode):
        items = list(node.value)
    else:
        raise PlaybookError(f"{where(path, node)}: '{key}' of {what} must be a phrase or a list of phrases")
    if not items:
        raise PlaybookError(
            f"{where(path, node)}: '{key}' of {what} is empty; list at least one phrase, "
            f"or leave '{key}' out" + (" for a general step" if key == "when" else "")
        )
    phrases: list[str] = []
    for item in items:
        raw = scalar_text(path, item, f"each phrase in '{key}' of {what}")
        phrase = re.sub(r"\s+", " ", normalise_for_matching(raw)).strip()
        if not _PHRASE.match(phrase) or not re.search(r"[a-z0-9]{2}", phrase):
            raise PlaybookError(
                f"{where(path, item)}: {raw!r} in '{key}' of {what} is not a phrase: use words "
                "(letters, digits, ' and -) with at most a '*' at the end of a word, e.g. \"damag*\""
            )
        if phrase in phrases:
            raise PlaybookError(f"{where(path, item)}: {raw!r} is given twice in '{key}' of {what}")
        phrases.append(phrase)
    pattern = re.compile("|".join(_phrase_pattern(p) for p in phrases))
    return tuple(phrases), pattern


def _steps(path: str, node: Node, what: str) -> tuple[tuple[str, ...], tuple[Situational, ...]]:
    """A list of steps, each a text or a mapping ``{text, when}``: (all texts, the situational ones)."""
    if not isinstance(node, SequenceNode):
        raise PlaybookError(f"{where(path, node)}: {what} must be a list of texts")
    texts: list[str] = []
    situational: list[Situational] = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            value = scalar_text(path, item, f"each entry of {what}")
            _check_placeholders(path, item, value, what)
            texts.append(value)
            continue
        values = mapping_values(path, item, _STEP_KEYS, context=f" in a step of {what}")
        if "text" not in values:
            raise PlaybookError(f"{where(path, item)}: a step of {what} has no text")
        value = _text(path, values["text"], f"a step of {what}")
        texts.append(value)
        if "when" not in values and ("unless" in values or "name" in values):
            extra = "unless" if "unless" in values else "name"
            raise PlaybookError(
                f"{where(path, values[extra])}: {extra!r} in a step of {what} needs 'when' "
                "(it names or narrows a situation, and a step without 'when' is the general one)"
            )
        if "when" in values:
            phrases, pattern = _when(path, values["when"], f"a step of {what}")
            unless: tuple[str, ...] = ()
            unless_pattern = None
            if "unless" in values:
                unless, unless_pattern = _when(path, values["unless"], f"a step of {what}", key="unless")
            name = ""
            if "name" in values:
                name = scalar_text(path, values["name"], f"the name of a step of {what}")
            situational.append(
                Situational(value, phrases, pattern, where(path, item), unless, unless_pattern, name.strip())
            )
    if texts and len(situational) == len(texts):
        raise PlaybookError(
            f"{where(path, node)}: every step of {what} has 'when'; keep at least one general step "
            "without 'when' for messages that match no situation"
        )
    return tuple(texts), tuple(situational)


def _entry(path: str, name: str, node: Node) -> PlaybookEntry:
    if not isinstance(node, MappingNode):
        raise PlaybookError(
            f"{where(path, node)}: the entry for {name!r} must be a mapping with at_fault and steps"
        )
    values = mapping_values(path, node, _ENTRY_KEYS, context=f" in {name!r}")
    if "at_fault" not in values:
        raise PlaybookError(f"{where(path, node)}: {name!r} has no at_fault (true or false)")
    fault = values["at_fault"]
    if not isinstance(fault, ScalarNode) or fault.tag != _BOOL_TAG:
        raise PlaybookError(f"{where(path, fault)}: at_fault of {name!r} must be true or false")
    if "steps" not in values:
        raise PlaybookError(f"{where(path, node)}: {name!r} has no steps (a list of concrete next steps)")
    steps, situational_steps = _steps(path, values["steps"], f"the steps of {name!r}")
    help_steps: tuple[str, ...] = ()
    situational_help: tuple[Situational, ...] = ()
    if "help_steps" in values:
        help_steps, situational_help = _steps(path, values["help_steps"], f"the help_steps of {name!r}")
    if not steps:
        raise PlaybookError(f"{where(path, values['steps'])}: {name!r} has an empty steps list")
    return PlaybookEntry(
        cause=name,
        at_fault=fault.value.lower() in ("true", "yes", "on"),
        steps=steps,
        topic=_text(path, values["topic"], f"the topic of {name!r}") if "topic" in values else "",
        public_step=(
            _text(path, values["public_step"], f"the public_step of {name!r}")
            if "public_step" in values
            else ""
        ),
        promises=_texts(path, values["promises"], f"the promises of {name!r}")
        if "promises" in values
        else (),
        links=_texts(path, values["links"], f"the links of {name!r}") if "links" in values else (),
        help_steps=help_steps,
        apologies=_texts(path, values["apologies"], f"the apologies of {name!r}")
        if "apologies" in values
        else (),
        praise_topic=(
            _text(path, values["praise_topic"], f"the praise_topic of {name!r}")
            if "praise_topic" in values
            else ""
        ),
        source=where(path, node),
        situational_steps=situational_steps,
        situational_help=situational_help,
    )


def parse_playbook(
    text: str, known_causes: Collection[str], path: str = "<playbook>", *, ignore_unknown: bool = False
) -> Playbook:
    """A validated playbook from YAML text; ``known_causes`` are the cause names the taxonomy has.

    ``ignore_unknown`` drops entries for causes the taxonomy lacks instead of failing: the
    bundled playbook covers the default causes and must still load beside a custom taxonomy.
    """
    try:
        return _parse(text, known_causes, path, ignore_unknown)
    except TaxonomyError as exc:  # the shared YAML helpers speak the taxonomy's error type
        raise PlaybookError(str(exc)) from exc


def _parse(text: str, known_causes: Collection[str], path: str, ignore_unknown: bool) -> Playbook:
    root = compose_mapping(text, path, "'causes:'")
    top = mapping_values(path, root, _TOP_KEYS, noun="top-level key")
    deadline = PLACEHOLDERS["deadline"]
    if "deadline" in top:
        deadline = scalar_text(path, top["deadline"], "deadline")
        if "{" in deadline or "}" in deadline:
            raise PlaybookError(f"{where(path, top['deadline'])}: deadline may not contain placeholders")
    if "causes" not in top:
        raise PlaybookError(f"{where(path, root)}: no 'causes:' mapping")
    causes_node = top["causes"]
    if not isinstance(causes_node, MappingNode) or not causes_node.value:
        raise PlaybookError(
            f"{where(path, causes_node)}: 'causes' must be a non-empty mapping of cause names"
        )
    known = set(known_causes)
    entries: dict[str, PlaybookEntry] = {}
    for key_node, value_node in causes_node.value:
        name = scalar_text(path, key_node, "a cause name")
        if name != DEFAULT_ENTRY and name not in known:
            if ignore_unknown:
                continue
            listed = ", ".join(sorted(known)) or "none"
            raise PlaybookError(
                f"{where(path, key_node)}: unknown cause {name!r} (known causes: {listed}; or 'default')"
            )
        if name in entries:
            raise PlaybookError(f"{where(path, key_node)}: cause {name!r} is given twice")
        entries[name] = _entry(path, name, value_node)
    if DEFAULT_ENTRY not in entries:
        raise PlaybookError(
            f"{where(path, causes_node)}: no 'default' entry "
            "(used for every cause the playbook does not list)"
        )
    default = entries.pop(DEFAULT_ENTRY)
    return Playbook(entries=entries, default=default, deadline=deadline, source=path)


def load_playbook(path: Path | None, known_causes: Collection[str]) -> Playbook:
    """The playbook at ``path``, or the bundled one when ``path`` is None."""
    p = path or default_playbook_path()
    text = read_source(p, "playbook", PlaybookError)
    return parse_playbook(text, known_causes, str(p), ignore_unknown=path is None)
