"""A pickle cache of parsed banks, so that large banks open fast the second time.

The cache file lives in :func:`trainer.paths.cache_dir` and is named after a hash of the bank
file's resolved path, then a hash of its size, modification time (ns) and :func:`schema_stamp`
(the fields of every class a cached bank is made of): editing the bank, moving it or changing
the model makes a new entry, and writing it removes the older entries of the same file, so the
cache holds one entry per bank however often it is edited. Any problem with the cache (missing,
unreadable, corrupt, not writable) silently falls back to :func:`trainer.core.bank.load_bank`,
so the cache can only make loading faster, never make it fail differently.

Next to a cached bank, ``….hashes.pickle`` keeps its questions' content hashes once
statistics have needed them (see :func:`content_hashes`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import tempfile
import typing
import weakref
from pathlib import Path
from typing import Any

from trainer.core.bank import AnyQuestion, Bank, Section, load_bank
from trainer.core.bank.loader import long_lived_allocations
from trainer.core.bank.model import Question

CACHE_PREFIX = "bank-"
CACHE_SUFFIX = ".pickle"
_PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


_LEGACY = re.compile(r"bank-[0-9a-f]{40}(\.hashes)?\.pickle$")
_CACHE_LAYOUT = 2
"""Raise when what is pickled changes in a way the classes' fields do not show (2: the bank
with the section of each question, see :func:`question_sections`)."""


def _sha1(raw: str) -> str:
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()


def schema_stamp() -> str:
    """A hash of the name, module and fields (names and declared types) of every class a cached
    bank is made of: adding, removing or retyping a field of ``Question`` changes it, so a cache
    written by another version of the model is never read back.

    Returns:
        16 hex digits.
    """
    parts = [str(_CACHE_LAYOUT)]
    from trainer.core.qtypes.registry import TYPES

    classes: list[type] = [Bank, Section, Question, *typing.get_args(AnyQuestion)]
    # A question type registered besides the built-in seven is part of the layout too.
    classes += [
        kind.question_class for kind in TYPES.values() if kind.question_class not in classes
    ]
    for cls in classes:
        described = ",".join(f"{f.name}:{f.type}" for f in dataclasses.fields(cls))
        parts.append(f"{cls.__module__}.{cls.__qualname__}({described})")
    return _sha1("\n".join(parts))[:16]


def cache_key(path: str | Path) -> str | None:
    """The cache key of a bank file, or None when the file cannot be examined.

    Args:
        path: the bank file.

    Returns:
        ``<file>-<version>``: 20 hex digits derived from the resolved path, then 20 derived
        from the size, mtime_ns and :func:`schema_stamp`.
    """
    try:
        resolved = Path(path).resolve()
        info = resolved.stat()
    except OSError:
        return None
    version = f"{info.st_size}\0{info.st_mtime_ns}\0{schema_stamp()}"
    return f"{_sha1(str(resolved))[:20]}-{_sha1(version)[:20]}"


def cache_file(path: str | Path) -> Path | None:
    """Where the cached parse of this bank file is (or would be) kept."""
    from trainer import paths

    key = cache_key(path)
    if key is None:
        return None
    return paths.cache_dir() / f"{CACHE_PREFIX}{key}{CACHE_SUFFIX}"


HASHES_SUFFIX = ".hashes" + CACHE_SUFFIX


class _Known:
    """What this process knows about a loaded bank object: its cache entry, its hashes and
    the section of each question."""

    __slots__ = ("ref", "entry", "hashes", "sections")

    def __init__(self, ref: weakref.ref[Bank], entry: Path | None) -> None:
        self.ref = ref
        self.entry = entry
        self.hashes: dict[str, str] | None = None
        self.sections: tuple[str | None, ...] | None = None


_KNOWN: dict[int, _Known] = {}


def _known(bank: Bank, entry: Path | None = None) -> _Known:
    key = id(bank)
    known = _KNOWN.get(key)
    if known is None or known.ref() is not bank:

        def forget(_ref: weakref.ref[Bank], key: int = key) -> None:
            _KNOWN.pop(key, None)

        ref = weakref.ref(bank, forget)
        known = _KNOWN[key] = _Known(ref, entry)
    elif entry is not None:
        known.entry = entry
    return known


def _hashes_file(entry: Path) -> Path:
    return entry.with_name(entry.name.removesuffix(CACHE_SUFFIX) + HASHES_SUFFIX)


def content_hashes(bank: Bank) -> dict[str, str]:
    """Every question's content hash by id, computed once per bank file.

    ``Question.content_hash`` costs a few µs per read; statistics compare it for every studied
    question. So this keeps the hashes for the bank object's lifetime and, for a bank that
    came through :func:`load_bank_cached`, in a small file next to the cached bank. They are
    not computed on the cold load itself: most opens of a bank never need them, and on a
    50,000-question bank they cost ~0.2 s.

    Args:
        bank: a loaded bank.

    Returns:
        ``{question_id: content_hash}`` (do not modify it).
    """
    known = _known(bank)
    if known.hashes is not None:
        return known.hashes
    hashes_file = _hashes_file(known.entry) if known.entry is not None else None
    hashes = _read_pickle(hashes_file, dict) if hashes_file is not None else None
    if hashes is None or len(hashes) != len(bank.questions):
        hashes = {q.id: q.content_hash for q in bank.questions}
        if hashes_file is not None:
            _write_pickle(hashes_file, hashes)
    known.hashes = hashes
    return hashes


def question_sections(bank: Bank) -> tuple[str | None, ...]:
    """The section id of each question, in the bank's order (None: no section).

    Reading ``q.section`` of 50,000 unpickled questions costs ~20–40 ms (they lie scattered
    in memory); the home screen's section rows need it at every start. So a bank that came
    through :func:`load_bank_cached` carries it from the cache file (written beside the bank,
    a tuple of the same section strings: ~2 ms to read back); any other bank walks its
    questions once.

    Args:
        bank: a loaded bank.

    Returns:
        One entry per question of ``bank.questions`` (do not modify it).
    """
    known = _known(bank)
    sections = known.sections
    if sections is None or len(sections) != len(bank.questions):
        sections = known.sections = _sections_of(bank)
    return sections


def _sections_of(bank: Bank) -> tuple[str | None, ...]:
    return tuple(q.section for q in bank.questions)


def _read_pickle(file: Path, kind: type) -> Any:
    # Unpickling a bank creates ~10 objects per question and none of them are garbage: pausing
    # the cyclic collector meanwhile saves about a third of the time on a 50,000-question bank.
    try:
        with long_lived_allocations(), file.open("rb") as handle:
            data = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any cache problem means "not cached"
        return None
    return data if isinstance(data, kind) else None


def _write_pickle(file: Path, data: object) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=CACHE_SUFFIX, dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=_PICKLE_PROTOCOL)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001 - a read-only cache dir just means no cache
        return


def load_bank_cached(path: str | Path) -> Bank:
    """Load a bank, from the cache when the file has not changed since it was cached.

    Args:
        path: a YAML bank file.

    Returns:
        The validated bank (equal to what :func:`load_bank` returns).

    Raises:
        trainer.core.bank.BankError: the file is missing or has problems (errors are never cached).
    """
    file = Path(path)
    entry = cache_file(file)
    if entry is not None and entry.is_file():
        cached = _read_pickle(entry, tuple)
        if cached is not None and len(cached) == 2 and isinstance(cached[0], Bank):
            bank, sections = cached
            known = _known(bank, entry)
            if isinstance(sections, tuple) and len(sections) == len(bank.questions):
                known.sections = sections
            return bank
    bank = load_bank(file)
    if entry is not None:
        # The bank and the section of each question (the home screen's rows, see
        # question_sections): in one pickle, so the section strings are the bank's own.
        sections = _sections_of(bank)
        _write_pickle(entry, (bank, sections))
        _remove_older_entries(entry)
        _known(bank, entry).sections = sections
    return bank


def _remove_older_entries(entry: Path) -> None:
    """Delete the entries (and hashes) of earlier versions of the same bank file."""
    file_part = entry.name.removeprefix(CACHE_PREFIX).split("-", 1)[0]
    try:
        olds = list(entry.parent.glob(f"{CACHE_PREFIX}{file_part}-*{CACHE_SUFFIX}"))
        # Entries named before keys had a file part (one per edit, never removed).
        olds += [p for p in entry.parent.glob(f"{CACHE_PREFIX}*") if _LEGACY.match(p.name)]
    except OSError:
        return
    keep = {entry.name, _hashes_file(entry).name}
    for old in olds:
        if old.name in keep:
            continue
        try:
            old.unlink(missing_ok=True)
        except OSError:
            continue


def clear_cache() -> int:
    """Delete every cached bank.

    Returns:
        How many cache files were removed.
    """
    from trainer import paths

    removed = 0
    folder = paths.cache_dir()
    if not folder.is_dir():
        return 0
    for entry in folder.glob(f"{CACHE_PREFIX}*{CACHE_SUFFIX}"):  # banks and their hashes
        try:
            entry.unlink()
            removed += 1
        except OSError:
            continue
    return removed
