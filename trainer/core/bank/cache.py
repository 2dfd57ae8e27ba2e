"""A pickle cache of parsed banks, so that large banks open fast the second time.

The cache file lives in :func:`trainer.paths.cache_dir` and is named after a hash of the bank
file's resolved path, size, modification time (ns) and the trainer version: editing the bank,
moving it or upgrading trainer makes a new entry. Any problem with the cache (missing,
unreadable, corrupt, not writable) silently falls back to :func:`trainer.core.bank.load_bank`,
so the cache can only make loading faster, never make it fail differently.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import weakref
from pathlib import Path

from trainer import __version__
from trainer.core.bank import Bank, load_bank

CACHE_PREFIX = "bank-"
CACHE_SUFFIX = ".pickle"
_PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


def cache_key(path: str | Path) -> str | None:
    """The cache key of a bank file, or None when the file cannot be examined.

    Args:
        path: the bank file.

    Returns:
        40 hex digits derived from the resolved path, size, mtime_ns and trainer version.
    """
    try:
        resolved = Path(path).resolve()
        info = resolved.stat()
    except OSError:
        return None
    raw = f"{resolved}\0{info.st_size}\0{info.st_mtime_ns}\0{__version__}"
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()


def cache_file(path: str | Path) -> Path | None:
    """Where the cached parse of this bank file is (or would be) kept."""
    from trainer import paths

    key = cache_key(path)
    if key is None:
        return None
    return paths.cache_dir() / f"{CACHE_PREFIX}{key}{CACHE_SUFFIX}"


_HASHES: dict[int, tuple[weakref.ref[Bank], dict[str, str]]] = {}


def _remember(bank: Bank, hashes: dict[str, str]) -> None:
    key = id(bank)
    _HASHES[key] = (weakref.ref(bank, lambda _ref, key=key: _HASHES.pop(key, None)), hashes)


def content_hashes(bank: Bank) -> dict[str, str]:
    """Every question's content hash by id, computed once per loaded bank.

    ``Question.content_hash`` hashes the question's JSON each time it is read (about 10 µs);
    statistics compare it for every studied question, so the cache file stores the hashes
    next to the bank and this registry keeps them for the bank object's lifetime.

    Args:
        bank: a loaded bank.

    Returns:
        ``{question_id: content_hash}`` (do not modify it).
    """
    entry = _HASHES.get(id(bank))
    if entry is not None and entry[0]() is bank:
        return entry[1]
    hashes = {q.id: q.content_hash for q in bank.questions}
    _remember(bank, hashes)
    return hashes


def _read(entry: Path) -> Bank | None:
    # Unpickling creates ~10 objects per question and none of them are garbage: pausing the
    # cyclic collector meanwhile saves about a third of the time on a 50,000-question bank.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with entry.open("rb") as handle:
            data = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any cache problem means "not cached"
        return None
    finally:
        if enabled:
            # The bank lives as long as the program: move it (and everything else alive now)
            # out of the collector's sight, or the next collection walks all of it again.
            gc.freeze()
            gc.enable()
    if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], Bank)):
        return None
    bank, hashes = data
    if isinstance(hashes, dict):
        _remember(bank, hashes)
    return bank


def _write(entry: Path, bank: Bank) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=CACHE_SUFFIX, dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((bank, content_hashes(bank)), handle, protocol=_PICKLE_PROTOCOL)
            os.replace(tmp, entry)
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
        cached = _read(entry)
        if cached is not None:
            return cached
    bank = load_bank(file)
    if entry is not None:
        _write(entry, bank)
    return bank


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
    for entry in folder.glob(f"{CACHE_PREFIX}*{CACHE_SUFFIX}"):
        try:
            entry.unlink()
            removed += 1
        except OSError:
            continue
    return removed
