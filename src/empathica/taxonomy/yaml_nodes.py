"""Reading hand-written YAML as a node tree, so every error can name the file and the line.

Taxonomies and reply playbooks are edited by people, not programs: a mistake must say where it
is. ``yaml.compose`` keeps each node's position, which parsed Python values lose. Errors are
``TaxonomyError``; the playbook loader turns them into its own error type at its boundary.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: libyaml's loader keeps line marks too and composes ~30x faster (phrases.yaml: 4 ms, not 130 ms);
#: the pure-Python one is the fallback where PyYAML was built without libyaml.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TaxonomyError(ValueError):
    """A taxonomy file cannot be used; the message names the file and the line."""


def read_source(path: Path, what: str, error: type[ValueError] = TaxonomyError) -> str:
    """A hand-written file's text; missing or unreadable is an ``error`` that names the file.

    Each reader passes its own error type so a playbook mistake stays a ``PlaybookError``.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: {what} file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read the {what} file: {exc}") from exc


def where(path: str, node: Node) -> str:
    return f"{path}, line {node.start_mark.line + 1}"


def compose_mapping(text: str, path: str, expected: str) -> MappingNode:
    """The document's top-level mapping; ``expected`` says what it should hold ("a 'causes:' list")."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise TaxonomyError(f"{path}{line}: invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: invalid YAML: {exc}") from exc
    if root is None:
        raise TaxonomyError(f"{path}: the file is empty; expected {expected}")
    if not isinstance(root, MappingNode):
        raise TaxonomyError(f"{where(path, root)}: the top level must be a mapping with {expected}")
    return root


def scalar_text(path: str, node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        raise TaxonomyError(f"{where(path, node)}: {what} must be a text")
    value = str(node.value).strip()
    if not value:
        raise TaxonomyError(f"{where(path, node)}: {what} is empty")
    return value


def text_list(path: str, node: Node, what: str) -> tuple[str, ...]:
    if not isinstance(node, SequenceNode):
        raise TaxonomyError(f"{where(path, node)}: {what} must be a list of texts")
    return tuple(scalar_text(path, item, f"each entry of {what}") for item in node.value)


def mapping_values(
    path: str, node: MappingNode, allowed: Collection[str], *, noun: str = "key", context: str = ""
) -> dict[str, Node]:
    """A mapping's values by key; an unknown or repeated key names its line.

    ``noun`` is what a key is called in the message ("top-level key"), ``context`` where it
    stands (" in a step of 'delivery'").
    """
    values: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = scalar_text(path, key_node, "a key")
        if key not in allowed:
            raise TaxonomyError(
                f"{where(path, key_node)}: unknown {noun} {key!r}{context} "
                f"(allowed: {', '.join(sorted(allowed))})"
            )
        if key in values:
            raise TaxonomyError(f"{where(path, key_node)}: {noun} {key!r} is given twice{context}")
        values[key] = value_node
    return values
