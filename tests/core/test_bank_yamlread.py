"""The fast YAML reader gives exactly what PyYAML's own path gives, data and lines alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.core.bank import load_bank
from trainer.core.bank.yamlread import Where, YamlRefused, _from_events, _from_nodes, read_yaml


def same_places(a: Any, b: Any) -> bool:
    if isinstance(a, int) or isinstance(b, int):
        return a == b
    assert isinstance(a, Where) and isinstance(b, Where)
    if (a.line, a.keys) != (b.line, b.keys):
        return False
    if a.items is not None:
        return (
            b.items is not None
            and len(a.items) == len(b.items)
            and all(same_places(x, y) for x, y in zip(a.items, b.items, strict=True))
        )
    assert a.children is not None and b.children is not None
    return a.children.keys() == b.children.keys() and all(
        same_places(a.children[k], b.children[k]) for k in a.children
    )


def test_builtin_bank_reads_the_same_both_ways(builtin_bank_path: Path) -> None:
    text = builtin_bank_path.read_text(encoding="utf-8")
    fast, slow = _from_events(text), _from_nodes(text)
    assert fast[0] == slow[0]
    assert same_places(fast[1], slow[1])


SCALARS = [
    "true", "True", "yes", "No", "off", "ON", "null", "~", "", "0", "-12", "+3", "1_000", "0x1F",
    "0o17", "017", "3.14", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "2023-01-03",
    "2023-01-03 10:00:00", "1:20", "190:20:30", "4100", "77.8%", "第一", "政协", "order", "type",
    "yesterday", "o", "n", "t", "y", "onion", "nullable", "=", "'quoted'", '"双引号"', "a|b",
    "{{两个确立}}", "- x", "[a, b]", "{k: v}", "0b101", "-", "--", "1.2.3", "08", "9e",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
def test_every_kind_of_scalar_resolves_like_pyyaml(scalar: str) -> None:
    text = f"a: {scalar}\nb:\n  - {scalar}\n  - k: {scalar}\n"
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            read_yaml(text)
        return
    assert read_yaml(text)[0] == expected


def test_what_the_fast_path_leaves_to_pyyaml_still_reads() -> None:
    text = "base: &b {x: 1}\nother:\n  y: 2\ntagged: !!str 12\n---\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.CSafeLoader)  # two documents
    text = text.removesuffix("---\n")
    data, place = read_yaml(text)
    assert data == {"base": {"x": 1}, "other": {"y": 2}, "tagged": "12"}
    assert isinstance(place, Where) and place.keys == {"base": 1, "other": 2, "tagged": 4}


def test_aliases_are_refused_with_their_line() -> None:
    # A merge key or any alias is refused: an alias bomb expands to gigabytes once walked.
    text = "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"
    with pytest.raises(YamlRefused) as caught:
        read_yaml(text)
    assert caught.value.problems == [(3, "bank.file.alias", {})]


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=8)
        | st.floats(allow_nan=False),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)
        ),
        max_leaves=12,
    ),
    st.booleans(),
)
def test_any_document_reads_the_same_both_ways(document: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": document}, allow_unicode=True, default_flow_style=flow)
    fast, slow = _from_events(text), _from_nodes(text)
    assert fast[0] == slow[0]
    assert same_places(fast[1], slow[1])


def test_error_lines_point_at_the_bad_key(tmp_path: Path) -> None:
    # Read by the fast path, a typo in a block mapping after a flow one keeps its own line.
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: t, title: 测试}\nquestions:\n  - {id: a, type: short, prompt: p, answer: x}\n"
        "  - id: b\n    type: short\n    prompt: p\n    answer: y\n    anwser: z\n",
        encoding="utf-8",
    )
    from trainer.core.bank import BankError

    with pytest.raises(BankError) as caught:
        load_bank(bank)
    assert [p.line for p in caught.value.problems] == [8]


def test_without_key_lines_the_data_and_container_lines_are_the_same(
    builtin_bank_path: Path,
) -> None:
    text = builtin_bank_path.read_text(encoding="utf-8")
    full, lean = read_yaml(text), read_yaml(text, key_lines=False)
    assert lean[0] == full[0]
    lean_questions, full_questions = lean[1].children["questions"], full[1].children["questions"]
    assert [q.line for q in lean_questions.items] == [q.line for q in full_questions.items]
    assert all(not q.keys for q in lean_questions.items)
