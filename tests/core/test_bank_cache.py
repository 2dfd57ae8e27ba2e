"""The parsed-bank cache: same bank back, rebuilt when the file changes, never a new failure."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from trainer import paths
from trainer.core.bank import BankError, load_bank
from trainer.core.bank.cache import (
    HASHES_SUFFIX,
    cache_file,
    clear_cache,
    content_hashes,
    load_bank_cached,
)

BANK = """\
bank: {id: cache-demo, title: 缓存}
questions:
  - {id: q1, type: short, prompt: 问题一？, answer: 答案一}
  - {id: q2, type: cloze, text: "坚持{{党的领导}}。"}
"""


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(bank_file: Path) -> None:
    first = load_bank_cached(bank_file)
    entry = cache_file(bank_file)
    assert entry is not None and entry.is_file()
    assert entry.parent == paths.cache_dir()
    second = load_bank_cached(bank_file)
    assert second == first == load_bank(bank_file)
    assert second.question("q2").content_hash == load_bank(bank_file).question("q2").content_hash


def test_editing_the_file_invalidates_the_cache(bank_file: Path) -> None:
    load_bank_cached(bank_file)
    bank_file.write_text(BANK.replace("答案一", "新答案"), encoding="utf-8")
    stat = bank_file.stat()
    os.utime(bank_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    bank = load_bank_cached(bank_file)
    assert bank.question("q1").answer == "新答案"  # type: ignore[union-attr]


def test_a_corrupt_cache_entry_falls_back_to_parsing(bank_file: Path) -> None:
    load_bank_cached(bank_file)
    entry = cache_file(bank_file)
    assert entry is not None
    entry.write_bytes(b"not a pickle")
    assert load_bank_cached(bank_file) == load_bank(bank_file)


def test_errors_still_raise_bank_error_and_are_not_cached(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: {id: x}\nquestions: []\n", encoding="utf-8")
    with pytest.raises(BankError):
        load_bank_cached(broken)
    with pytest.raises(BankError):
        load_bank_cached(tmp_path / "missing.yaml")
    assert not list(paths.cache_dir().glob("*.pickle")) if paths.cache_dir().exists() else True


def test_unwritable_cache_dir_still_loads(bank_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "home-file"
    blocker.write_text("x")
    paths.set_data_dir(blocker)  # cache_dir() is then under a regular file: cannot be created
    assert load_bank_cached(bank_file) == load_bank(bank_file)


def test_clear_cache_removes_entries(bank_file: Path) -> None:
    load_bank_cached(bank_file)
    assert clear_cache() == 1
    assert clear_cache() == 0


def test_content_hashes_are_kept_next_to_the_cached_bank(bank_file: Path) -> None:
    bank = load_bank_cached(bank_file)
    entry = cache_file(bank_file)
    assert entry is not None
    hashes_file = entry.with_name(entry.name.removesuffix(".pickle") + HASHES_SUFFIX)
    assert not hashes_file.exists()  # the cold load does not pay for them
    hashes = content_hashes(bank)
    assert hashes == {q.id: q.content_hash for q in load_bank(bank_file).questions}
    assert hashes_file.is_file()
    # A later process reads them from the file instead of hashing every question again.
    stored = dict(hashes, q1="from-the-file")
    hashes_file.write_bytes(pickle.dumps(stored))
    assert content_hashes(load_bank_cached(bank_file))["q1"] == "from-the-file"
    assert clear_cache() == 2


def test_a_corrupt_hashes_file_is_recomputed(bank_file: Path) -> None:
    content_hashes(load_bank_cached(bank_file))
    entry = cache_file(bank_file)
    assert entry is not None
    entry.with_name(entry.name.removesuffix(".pickle") + HASHES_SUFFIX).write_bytes(b"junk")
    again = content_hashes(load_bank_cached(bank_file))
    assert again["q1"] == load_bank(bank_file).question("q1").content_hash


def _edit(bank_file: Path, old: str, new: str) -> None:
    bank_file.write_text(bank_file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    stat = bank_file.stat()
    os.utime(bank_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_editing_a_bank_again_and_again_keeps_one_cache_entry(bank_file: Path) -> None:
    # Each edit used to add an entry the size of the bank, never cleaned (217 MB per edit of
    # a 200 MB bank).
    load_bank_cached(bank_file)
    content_hashes(load_bank_cached(bank_file))
    for n in range(5):
        _edit(bank_file, "答案一" if n == 0 else f"答案{n - 1}版", f"答案{n}版")
        content_hashes(load_bank_cached(bank_file))
    banks = [p for p in paths.cache_dir().iterdir() if not p.name.endswith(".hashes.pickle")]
    assert [p.name for p in banks] == [cache_file(bank_file).name]  # type: ignore[union-attr]
    assert len(list(paths.cache_dir().glob("*.hashes.pickle"))) <= 1
    assert load_bank_cached(bank_file).question("q1").answer == "答案4版"  # type: ignore[union-attr]


def test_a_changed_question_model_never_reads_an_old_cache_entry(
    bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key held trainer's version, always 0.1.0: adding a field to Question made the cached
    # load return objects without it (AttributeError later). The key now follows the model.
    import dataclasses

    from trainer.core.bank import model
    from trainer.core.bank.cache import schema_stamp

    load_bank_cached(bank_file)
    before = schema_stamp()

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class ShortQuestion(model.Question):
        answer: str
        accept: tuple[str, ...] = ()
        difficulty: int = 1  # the new field

    monkeypatch.setattr(model, "ShortQuestion", ShortQuestion)
    monkeypatch.setattr(
        "trainer.core.bank.cache.AnyQuestion",
        ShortQuestion | model.ClozeQuestion,
    )
    assert schema_stamp() != before
    entry = cache_file(bank_file)
    assert entry is not None and not entry.exists()  # a new key: the old entry is not read


def test_entries_of_the_old_naming_are_removed_on_the_next_write(bank_file: Path) -> None:
    folder = paths.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old = [folder / f"bank-{'a' * 40}.pickle", folder / f"bank-{'b' * 40}.hashes.pickle"]
    for entry in old:
        entry.write_bytes(b"x" * 1000)
    load_bank_cached(bank_file)
    assert not any(entry.exists() for entry in old)


SECTIONED = """\
bank: {id: cache-sections, title: 分部分}
sections:
  - {id: a, title: 甲}
  - {id: b, title: 乙}
questions:
  - {id: q1, type: short, section: a, prompt: 问题一？, answer: 答案一}
  - {id: q2, type: short, section: b, prompt: 问题二？, answer: 答案二}
  - {id: q3, type: short, prompt: 问题三？, answer: 答案三}
"""


def test_the_section_of_each_question_comes_back_with_the_cached_bank_and_follows_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The home screen's section rows need every question's section at each start; read from
    # 50,000 unpickled questions that took 35–45 ms, so it is kept beside the cached bank.
    from trainer.core.bank import cache

    path = tmp_path / "sectioned.yaml"
    path.write_text(SECTIONED, encoding="utf-8")
    first = load_bank_cached(path)
    assert cache.question_sections(first) == ("a", "b", None)

    def walked(bank: object) -> tuple[str | None, ...]:
        raise AssertionError("the questions were walked: the cached sections were not used")

    monkeypatch.setattr(cache, "_sections_of", walked)
    again = load_bank_cached(path)  # from the cache file
    assert again is not first and cache.question_sections(again) == ("a", "b", None)
    monkeypatch.undo()
    _edit(path, "section: b, prompt: 问题二", "section: a, prompt: 问题二")
    edited = load_bank_cached(path)
    assert cache.question_sections(edited) == ("a", "a", None)
    assert cache.question_sections(load_bank_cached(path)) == ("a", "a", None)
