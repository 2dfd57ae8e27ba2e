"""Fuzzing what comes from outside (issue #20): random bytes and random YAML structures to the
bank loader, random rows to import. Never an exception other than the documented one (so never
a traceback on the command line), and never a partial import."""

from __future__ import annotations

import csv
import json
import string
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.core.bank import Bank, BankError, parse_bank
from trainer.core.export import COLUMNS, HistoryError, import_history
from trainer.core.stats.queries import profile_stats
from trainer.i18n.bank import bank_error_text

_FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load_or_refuse(raw: bytes | str, folder: Path) -> None:
    try:
        bank = parse_bank(raw, "fuzz.yaml", base_dir=folder, path=folder / "fuzz.yaml")
    except BankError as error:
        assert error.problems
        text = bank_error_text(error)  # worded without raising, every line names the file
        assert all(line.startswith("fuzz.yaml") for line in text.splitlines())
        assert "\x1b" not in text
        return
    assert isinstance(bank, Bank)


@_FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_escape_as_anything_but_bank_error(tmp_path: Path, raw: bytes) -> None:
    _load_or_refuse(raw, tmp_path)


_KEYS = st.sampled_from(
    [
        "bank",
        "questions",
        "sections",
        "id",
        "title",
        "type",
        "prompt",
        "answer",
        "items",
        "options",
        "text",
        "statement",
        "source",
        "reading",
        "tolerance",
        "unit",
        "accept",
        "ordered",
        "approx",
        "tags",
        "section",
        "hint",
        "explanation",
        "version",
        "<<",
    ]
)
_TYPES = st.sampled_from(["short", "cloze", "list", "choice", "truefalse", "number", "order"])
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats()
    | st.text(alphabet=string.printable + "\x1b\x07\x9b坚持{}|：", max_size=12)
    | _TYPES
)


@_FUZZ
@given(
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
        max_leaves=25,
    ),
    st.booleans(),
)
def test_random_yaml_structures_never_escape_as_anything_but_bank_error(
    tmp_path: Path, document: Any, flow: bool
) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    _load_or_refuse(text, tmp_path)


_FRAGMENTS = st.sampled_from(
    [
        "bank: {id: b, title: t}\n",
        "questions:\n",
        "  - {id: q, type: short, prompt: p, answer: a}\n",
        "  - &x {id: q, type: number, prompt: p, answer: 1}\n",
        "  - *x\n",
        "a: &a [1, 2]\n",
        "b: [*a, *a]\n",
        "<<: *a\n",
        "questions:\n",
        "  - id: q\n    id: r\n",
        "[[[[[[[[[[[[",
        "{" * 40,
        "- " * 40 + "x\n",
        "--- \n",
        "!!python/object:os.system {}\n",
        "\t",
        ": :\n",
        "  source: /etc/passwd\n",
        "bank: {id: b, title: t, reading: /dev/zero}\n",
        '"\\e[2J"\n',
    ]
)


@_FUZZ
@given(st.lists(_FRAGMENTS, max_size=12))
def test_random_yaml_texts_never_escape_as_anything_but_bank_error(
    tmp_path: Path, fragments: list[str]
) -> None:
    _load_or_refuse("".join(fragments), tmp_path)


# -- import


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from trainer.core.store import Store

    opened = Store.open(tmp_path_factory.mktemp("fuzz-store") / "s.sqlite3", enable_fuzzing=False)
    opened.record_review(
        "amy",
        bank_id="b",
        question_id="q",
        rating=3,
        verdict="correct",
        score=1.0,
        reviewed_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    yield opened
    opened.close()


_CELL = (
    st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            "nan",
            "inf",
            "-1",
            "0",
            "1",
            "3",
            "4",
            "9",
            "1e308",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59+00:00",
            "2026-01-01T00:00:00+00:00",
            "2026-01-02",
            "correct",
            "wrong",
            "study",
            "cram",
            "zzz\x01",
            "{}",
            "[]",
            '{"due": 1}',
            "=cmd|' /C calc'!A0",
        ]
    )
    | st.integers(min_value=-(10**30), max_value=10**30).map(str)
    | st.floats().map(repr)
)
_OVERRIDES = st.dictionaries(st.sampled_from(COLUMNS), _CELL, max_size=2)
"""A good row with up to two cells replaced by anything."""
_GOOD = {
    "profile": "bo",
    "bank_id": "b",
    "question_id": "q2",
    "reviewed_at": "2026-01-06T00:00:00+00:00",
    "mode": "study",
    "verdict": "correct",
    "score": "1",
    "rating": "3",
}


def _counts(store: Any) -> tuple[int, int, int]:
    reviews = store.query("SELECT COUNT(*) FROM reviews")[0][0]
    profiles = store.query("SELECT COUNT(*) FROM profiles")[0][0]
    exams = store.query("SELECT COUNT(*) FROM exams")[0][0]
    return reviews, profiles, exams


@settings(_FUZZ, max_examples=120)
@given(st.lists(_OVERRIDES, min_size=1, max_size=6), st.booleans())
def test_random_rows_import_whole_or_not_at_all(
    store: Any, tmp_path: Path, overrides: list[dict[str, str]], as_json: bool
) -> None:
    rows = [{**_GOOD, "uid": uuid.uuid4().hex, **override} for override in overrides]
    before = _counts(store)
    path = tmp_path / ("h.json" if as_json else "h.csv")
    if as_json:
        path.write_text(
            json.dumps({"format": "trainer-history", "reviews": rows}), encoding="utf-8"
        )
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    try:
        result = import_history(store, path)
    except HistoryError:
        assert _counts(store) == before  # nothing half-imported
        return
    assert _counts(store)[0] == before[0] + result.added
    # Whatever was accepted, the statistics still compute.
    bank = parse_bank(
        "bank: {id: b, title: t}\nquestions:\n  - {id: q, type: short, prompt: p, answer: a}\n",
        "b.yaml",
    )
    for name in [p.name for p in store.list_profiles()]:
        profile_stats(store, name, bank, datetime(2026, 1, 10, tzinfo=UTC)).to_dict()
