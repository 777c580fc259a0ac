"""Load and validate taxonomy YAML files: the labels the cause, need and stage heads choose from.

A taxonomy is data, not code, so that a business can describe its own causes ("checkout",
"loyalty scheme") in a text file and get them classified at once, without retraining. Because
such files are written by hand, every mistake is reported with the file and line it sits on:
the YAML is *composed* (not just loaded) so that each node keeps its position.

File format (any of the sections may be present; unknown top-level keys are an error)::

    causes:                # customer causes (replace the default list)
      - name: delivery
        description: Getting the order to the customer ...
        examples: ["My parcel arrived two weeks late", ...]
        polarity: pain     # optional: pain | gain (omit when the label can be either)
        cues: ["courier", "parcel"]   # optional: phrases that mark the label in a text
        threshold: 0.45    # optional: decision threshold on the score, 0..1
        fallback: false    # optional: true for the one "everything else" label of a section
    employee_causes: [...]  # causes for items whose person_kind is "employee"
    needs: [...]
    stages: [...]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from empathica.taxonomy.yaml_nodes import (
    TaxonomyError,
    compose_mapping,
    mapping_values,
    read_source,
    scalar_text,
    text_list,
    where,
)

SECTIONS: tuple[str, ...] = ("causes", "employee_causes", "needs", "stages")
POLARITIES: tuple[str, ...] = ("pain", "gain")
_LABEL_KEYS = frozenset({"name", "description", "examples", "polarity", "cues", "threshold", "fallback"})
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_ /&.+-]{0,63}$")

#: Default files shipped in this package, and the section each one fills.
DEFAULT_FILES: dict[str, str] = {
    "causes": "causes_customer.yaml",
    "employee_causes": "causes_employee.yaml",
    "needs": "needs.yaml",
    "stages": "stages.yaml",
}


@dataclass(frozen=True, slots=True)
class Label:
    """One label of a taxonomy with what the few-shot classifier learns it from."""

    name: str
    description: str
    examples: tuple[str, ...]
    polarity: str | None = None
    cues: tuple[str, ...] = ()
    threshold: float | None = None
    source: str = ""  # "file:line", for messages
    #: The "everything else" label ("other", "general remarks"): reported only when no other
    #: label of its section passes its threshold, whatever its own score. Such a label is defined
    #: by what it is *not*, so its examples share no topic and a head cannot learn it as one.
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Every label set the reason heads use; a section left empty switches its head off."""

    causes: tuple[Label, ...] = ()
    employee_causes: tuple[Label, ...] = ()
    needs: tuple[Label, ...] = ()
    stages: tuple[Label, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)

    def section(self, name: str) -> tuple[Label, ...]:
        if name not in SECTIONS:
            raise KeyError(name)
        labels: tuple[Label, ...] = getattr(self, name)
        return labels


def default_taxonomy_dir() -> Path:
    """Folder of the YAML files shipped with the package."""
    return Path(str(files(__package__ or "empathica.taxonomy")))


def _label(path: str, node: Node, section: str) -> Label:
    if not isinstance(node, MappingNode):
        raise TaxonomyError(
            f"{where(path, node)}: each entry of {section!r} must be a mapping with name, "
            "description and examples"
        )
    values = mapping_values(path, node, _LABEL_KEYS)
    if "name" not in values:
        raise TaxonomyError(f"{where(path, node)}: a label in {section!r} has no name")
    name = scalar_text(path, values["name"], "name")
    if not _NAME.match(name):
        raise TaxonomyError(
            f"{where(path, values['name'])}: name {name!r} may use letters, digits, spaces and _ / & . + -"
            " (at most 64 characters)"
        )
    if "description" not in values:
        raise TaxonomyError(f"{where(path, node)}: label {name!r} has no description")
    description = scalar_text(path, values["description"], f"the description of {name!r}")
    if "examples" not in values:
        raise TaxonomyError(f"{where(path, node)}: label {name!r} has no examples")
    examples = text_list(path, values["examples"], f"the examples of {name!r}")
    if not examples:
        raise TaxonomyError(f"{where(path, values['examples'])}: label {name!r} has an empty examples list")
    polarity = None
    if "polarity" in values:
        polarity = scalar_text(path, values["polarity"], f"the polarity of {name!r}").lower()
        if polarity not in POLARITIES:
            raise TaxonomyError(
                f"{where(path, values['polarity'])}: polarity of {name!r} must be 'pain' or 'gain', "
                f"not {polarity!r}"
            )
    cues = text_list(path, values["cues"], f"the cues of {name!r}") if "cues" in values else ()
    threshold = None
    if "threshold" in values:
        raw = scalar_text(path, values["threshold"], f"the threshold of {name!r}")
        try:
            threshold = float(raw)
        except ValueError:
            threshold = -1.0
        if not 0.0 <= threshold <= 1.0:
            raise TaxonomyError(
                f"{where(path, values['threshold'])}: threshold of {name!r} must be a number from 0 to 1, "
                f"not {raw!r}"
            )
    fallback = False
    if "fallback" in values:
        raw = scalar_text(path, values["fallback"], f"the fallback flag of {name!r}")
        if raw.lower() not in _TRUE | _FALSE:
            raise TaxonomyError(
                f"{where(path, values['fallback'])}: fallback of {name!r} must be true or false, not {raw!r}"
            )
        fallback = raw.lower() in _TRUE
    return Label(name, description, examples, polarity, cues, threshold, where(path, node), fallback)


def parse_taxonomy(text: str, path: str = "<taxonomy>") -> dict[str, tuple[Label, ...]]:
    """The sections found in one YAML document (only those present), validated."""
    root = compose_mapping(text, path, f"{' and/or '.join(repr(k + ':') for k in SECTIONS)} lists")
    found: dict[str, tuple[Label, ...]] = {}
    for key_node, value_node in root.value:
        key = scalar_text(path, key_node, "a top-level key")
        if key not in SECTIONS:
            raise TaxonomyError(
                f"{where(path, key_node)}: unknown section {key!r} (allowed: {', '.join(SECTIONS)})"
            )
        if key in found:
            raise TaxonomyError(f"{where(path, key_node)}: section {key!r} is given twice")
        if not isinstance(value_node, SequenceNode) or not value_node.value:
            raise TaxonomyError(f"{where(path, value_node)}: section {key!r} must be a non-empty list")
        labels = tuple(_label(path, item, key) for item in value_node.value)
        seen: dict[str, Label] = {}
        for item_node, label in zip(value_node.value, labels, strict=True):
            folded = label.name.casefold()
            if folded in seen:
                raise TaxonomyError(
                    f"{where(path, item_node)}: duplicate name {label.name!r} in {key!r} "
                    f"(first defined at {seen[folded].source})"
                )
            seen[folded] = label
        fallbacks = [(n, lb) for n, lb in zip(value_node.value, labels, strict=True) if lb.fallback]
        if len(fallbacks) > 1:
            raise TaxonomyError(
                f"{where(path, fallbacks[1][0])}: {fallbacks[1][1].name!r} is a second fallback label in "
                f"{key!r} (the first is {fallbacks[0][1].name!r} at {fallbacks[0][1].source}); a section "
                "has at most one"
            )
        found[key] = labels
    if not found:
        raise TaxonomyError(f"{path}: no sections; expected a 'causes:' and/or 'needs:' list")
    return found


def load_taxonomy_file(path: Path | str) -> dict[str, tuple[Label, ...]]:
    """The sections of one file; a missing or unreadable file is a TaxonomyError too."""
    p = Path(path)
    text = read_source(p, "taxonomy")
    return parse_taxonomy(text, str(p))


def load_taxonomy(paths: Iterable[Path | str] | None = None, *, defaults: bool = True) -> Taxonomy:
    """The default taxonomy, with each section that a custom file defines replaced by that file's.

    Files are applied in order; a later file's section replaces an earlier one's. With
    ``defaults=False`` only the given files count (sections they do not define stay empty).
    """
    sections: dict[str, tuple[Label, ...]] = {}
    sources: list[str] = []
    if defaults:
        base = default_taxonomy_dir()
        for section, filename in DEFAULT_FILES.items():
            loaded = load_taxonomy_file(base / filename)
            if section not in loaded:
                raise TaxonomyError(f"{base / filename}: the default file has no {section!r} section")
            sections[section] = loaded[section]
            sources.append(str(base / filename))
    for path in paths or ():
        sections.update(load_taxonomy_file(path))
        sources.append(str(path))
    return Taxonomy(**sections, sources=tuple(sources))


def with_sections(base: Taxonomy, sections: dict[str, tuple[Label, ...]], source: str) -> Taxonomy:
    """``base`` with each section given replaced, as a custom file would replace it.

    Used for a taxonomy sent with one API request: it applies over the server's own taxonomy
    (defaults plus any configured files), exactly like one more ``--taxonomy`` file.
    """
    return replace(base, **sections, sources=(*base.sources, source))


def with_thresholds(labels: Sequence[Label], thresholds: dict[str, float]) -> tuple[Label, ...]:
    """A copy of ``labels`` with the given thresholds set (used by the tuning script)."""
    return tuple(replace(lb, threshold=thresholds.get(lb.name, lb.threshold)) for lb in labels)
