"""Taxonomy loading: the shipped files are valid, custom files replace sections, and every
mistake in a hand-written file is reported with the file name and the line it sits on."""

from __future__ import annotations

from pathlib import Path

import pytest

from empathica.taxonomy import (
    SECTIONS,
    Label,
    TaxonomyError,
    default_taxonomy_dir,
    load_taxonomy,
    load_taxonomy_file,
    parse_taxonomy,
)

ISSUE_CUSTOMER = {
    "staff_treatment", "product_quality", "service_quality", "lack_of_interaction", "wait_time",
    "price_value", "billing_payment", "delivery", "usability_access", "policy_terms",
    "communication_clarity", "overall_experience",
}  # fmt: skip
ISSUE_EMPLOYEE = {
    "management", "workload", "pay_benefits", "recognition", "growth", "culture_inclusion",
    "tools_process", "work_life_balance", "job_security",
}  # fmt: skip
ISSUE_NEEDS = {
    "to_be_heard", "respect", "reassurance", "clarity", "fast_resolution", "fairness", "control",
    "appreciation", "help_to_succeed",
}  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "custom.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_taxonomy_has_every_label_the_issue_asks_for() -> None:
    tax = load_taxonomy()
    assert {lb.name for lb in tax.causes} >= ISSUE_CUSTOMER
    assert {lb.name for lb in tax.employee_causes} >= ISSUE_EMPLOYEE
    assert {lb.name for lb in tax.needs} >= ISSUE_NEEDS
    assert [lb.name for lb in tax.stages] == ["before", "during", "after"]


def test_default_labels_have_varied_examples_and_a_description() -> None:
    tax = load_taxonomy()
    for section in SECTIONS:
        for lb in tax.section(section):
            assert lb.description
            assert 6 <= len(lb.examples) <= 15, lb.name
            assert len(set(lb.examples)) == len(lb.examples), lb.name


def test_default_examples_are_not_copied_from_the_eval_set() -> None:
    import json

    eval_path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "reasons_eval.jsonl"
    texts = [json.loads(line)["text"].lower() for line in eval_path.read_text(encoding="utf-8").splitlines()]
    tax = load_taxonomy()
    for section in SECTIONS:
        for lb in tax.section(section):
            for example in lb.examples:
                assert not any(example.lower().rstrip(".!?") in t for t in texts), example


def test_custom_file_replaces_only_the_sections_it_defines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "causes:\n"
        "  - name: checkout\n"
        "    description: Paying for the order on the website.\n"
        "    examples: ['the card form froze at payment']\n"
        "    polarity: pain\n"
        "    threshold: 0.3\n",
    )
    tax = load_taxonomy([path])
    assert [lb.name for lb in tax.causes] == ["checkout"]
    assert tax.causes[0].polarity == "pain"
    assert tax.causes[0].threshold == pytest.approx(0.3)
    assert tax.causes[0].source == f"{path}, line 2"
    assert {lb.name for lb in tax.needs} == {lb.name for lb in load_taxonomy().needs}
    assert str(path) in tax.sources


def test_without_defaults_only_the_given_sections_exist(tmp_path: Path) -> None:
    path = write(tmp_path, "needs:\n  - name: a\n    description: d\n    examples: [x]\n")
    tax = load_taxonomy([path], defaults=False)
    assert [lb.name for lb in tax.needs] == ["a"]
    assert tax.causes == () and tax.stages == ()


def test_a_later_file_wins(tmp_path: Path) -> None:
    first = write(tmp_path, "causes:\n  - {name: a, description: d, examples: [x]}\n", "a.yaml")
    second = write(tmp_path, "causes:\n  - {name: b, description: d, examples: [y]}\n", "b.yaml")
    assert [lb.name for lb in load_taxonomy([first, second]).causes] == ["b"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("causes:\n  - name: a\n    description: d\n    examples: [x\n", 5, "invalid YAML"),
        ("causes:\n  - name: a\n    examples: [x]\n", 2, "no description"),
        ("causes:\n  - name: a\n    description: '  '\n    examples: [x]\n", 3, "empty"),
        ("causes:\n  - name: a\n    description: d\n    examples: []\n", 4, "empty examples"),
        ("causes:\n  - name: a\n    description: d\n", 2, "no examples"),
        ("causes:\n  - description: d\n    examples: [x]\n", 2, "no name"),
        (
            "causes:\n  - name: a\n    description: d\n    examples: [x]\n"
            "  - name: b\n    description: d\n    examples: [y]\n"
            "  - name: A\n    description: d\n    examples: [z]\n",
            8,
            "duplicate name 'A'",
        ),
        ("causes:\n  - name: a\n    description: d\n    examples: [x]\n    polarity: happy\n", 5, "polarity"),
        ("causes:\n  - name: a\n    description: d\n    examples: [x]\n    threshold: 2\n", 5, "threshold"),
        ("causes:\n  - name: a\n    description: d\n    examples: [x]\n    colour: red\n", 5, "unknown key"),
        (
            "causes:\n  - name: a\n    description: d\n    examples: [x]\n    fallback: maybe\n",
            5,
            "true or false",
        ),
        (
            "causes:\n  - name: a\n    description: d\n    examples: [x]\n    fallback: true\n"
            "  - name: b\n    description: d\n    examples: [y]\n    fallback: yes\n",
            6,
            "second fallback label",
        ),
        ("causes:\n  - name: a\n    description: d\n    examples: x\n", 4, "list of texts"),
        ("causes:\n  - name: a\n    description: d\n    examples: [[1, 2]]\n", 4, "must be a text"),
        ("emotions:\n  - name: a\n", 1, "unknown section"),
        ("causes: []\n", 1, "non-empty list"),
        ("causes:\n  - just a string\n", 2, "must be a mapping"),
        ("- a\n- b\n", 1, "top level must be a mapping"),
    ],
)
def test_mistakes_name_the_file_and_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}:"), message
    assert words in message


def test_duplicate_message_points_at_the_first_definition() -> None:
    text = (
        "needs:\n  - name: calm\n    description: d\n    examples: [x]\n"
        "  - name: calm\n    description: e\n    examples: [y]\n"
    )
    with pytest.raises(TaxonomyError, match=r"t\.yaml, line 5: duplicate name 'calm' .*t\.yaml, line 2"):
        parse_taxonomy(text, "t.yaml")


def test_empty_and_missing_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="file is empty"):
        load_taxonomy_file(write(tmp_path, "# nothing\n"))
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy_file(tmp_path / "absent.yaml")


def test_shipped_files_are_in_the_package_folder() -> None:
    folder = default_taxonomy_dir()
    for name in ("causes_customer.yaml", "causes_employee.yaml", "needs.yaml", "stages.yaml"):
        assert (folder / name).is_file()


def test_labels_are_plain_values() -> None:
    lb = Label("a", "d", ("x",))
    assert lb.polarity is None and lb.cues == () and lb.threshold is None and lb.fallback is False


def test_fallback_flag_is_read_per_label() -> None:
    text = (
        "causes:\n  - name: food\n    description: d\n    examples: [x]\n    fallback: false\n"
        "  - name: other\n    description: e\n    examples: [y]\n    fallback: true\n"
    )
    found = parse_taxonomy(text, "t.yaml")["causes"]
    assert [(lb.name, lb.fallback) for lb in found] == [("food", False), ("other", True)]
    both = text + "needs:\n  - name: calm\n    description: d\n    examples: [z]\n    fallback: true\n"
    assert parse_taxonomy(both, "t.yaml")["needs"][0].fallback  # one per section, not per file
