"""The review history as CSV or JSON, and importing it back with a merge.

One row (CSV) or object (JSON) per review with every stored column (see
:meth:`trainer.core.store.ReviewRecord.to_dict`); ``card_before`` is JSON text in CSV. The JSON
file also carries the exams, so exam answers keep their exam after a move::

    {"format": "trainer-history", "version": 1, "exported_at": "...",
     "exams": [...], "reviews": [...]}

A bare JSON list of reviews is accepted too. Importing merges on each review's ``uid``: importing
the same file twice, or a file exported from this store, adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from trainer.core.store import Store

FORMAT_NAME = "trainer-history"
FORMAT_VERSION = 1
Format = Literal["csv", "json"]
FORMATS: tuple[Format, ...] = ("csv", "json")
COLUMNS = (
    "uid",
    "profile",
    "bank_id",
    "question_id",
    "content_hash",
    "reviewed_at",
    "mode",
    "answer",
    "verdict",
    "score",
    "rating",
    "suggested_rating",
    "duration_ms",
    "hint_used",
    "card_before",
    "exam_uid",
    "id",
)
"""CSV columns, in order: every column of the review log."""


class HistoryError(ValueError):
    """A history file that cannot be read or imported (one line, says where and why)."""


@dataclass(frozen=True)
class ExportResult:
    """How many reviews and exams were written."""

    reviews: int
    exams: int

    def to_dict(self) -> dict[str, int]:
        """Plain data."""
        return asdict(self)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: reviews and exams added, and skipped because already present."""

    added: int
    skipped: int
    exams_added: int = 0
    exams_skipped: int = 0
    profiles: tuple[str, ...] = ()
    """The profiles the records went into."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def _csv_row(data: dict[str, Any]) -> list[Any]:
    row = []
    for column in COLUMNS:
        value = data.get(column)
        if column == "card_before":
            value = json.dumps(value, ensure_ascii=False) if value else ""
        elif column == "hint_used":
            value = 1 if value else 0
        elif value is None:
            value = ""
        row.append(value)
    return row


def write_csv(records: Iterable[Any], out: IO[str]) -> int:
    """Write review records as CSV (header row, then one row per review).

    Args:
        records: ``ReviewRecord`` objects (or anything with ``to_dict``).
        out: a text stream (open it with ``newline=""``).

    Returns:
        The number of reviews written.
    """
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(_csv_row(record.to_dict()))
        count += 1
    return count


def write_json(records: Iterable[Any], exams: Iterable[Any], out: IO[str]) -> tuple[int, int]:
    """Write the history as one JSON document, streaming the reviews.

    Args:
        records: review records.
        exams: exam records.
        out: a text stream.

    Returns:
        ``(reviews, exams)`` written.
    """
    from trainer import __version__
    from trainer.core.clock import utc_now

    exam_list = [exam.to_dict() for exam in exams]
    out.write("{\n")
    out.write(f'"format": "{FORMAT_NAME}",\n"version": {FORMAT_VERSION},\n')
    out.write(f'"trainer": {json.dumps(__version__)},\n')
    out.write(f'"exported_at": {json.dumps(utc_now().isoformat())},\n')
    out.write(f'"exams": {json.dumps(exam_list, ensure_ascii=False)},\n')
    out.write('"reviews": [')
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record.to_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]\n}\n")
    return count, len(exam_list)


def export_history(
    store: Store, out: IO[str], fmt: Format = "json", *, profile: str | None = None
) -> ExportResult:
    """Write a profile's (or everyone's) review history.

    Args:
        store: the store.
        out: a text stream.
        fmt: ``csv`` or ``json``.
        profile: one profile name, or None for every profile.

    Returns:
        The counts written.

    Raises:
        HistoryError: an unknown format.
    """
    records = store.iter_reviews(profile)
    if fmt == "csv":
        return ExportResult(write_csv(records, out), 0)
    if fmt == "json":
        exams = store.iter_exams(profile)
        reviews, exam_count = write_json(records, exams, out)
        return ExportResult(reviews, exam_count)
    raise HistoryError(f"unknown format {fmt!r} (use csv or json)")


def detect_format(path: Path, head: str) -> Format:
    """``json`` when the file's first character is ``{`` or ``[``, else ``csv``."""
    stripped = head.lstrip("\ufeff \t\r\n")
    return "json" if stripped[:1] in ("{", "[") else "csv"


def read_history(text: str, name: str = "history") -> tuple[list[dict[str, Any]], list[dict]]:
    """Parse an exported history.

    Args:
        text: the file's text (CSV or JSON).
        name: the file name, for messages.

    Returns:
        ``(reviews, exams)`` as dicts accepted by ``ReviewRecord.from_dict`` and
        ``ExamRecord.from_dict``.

    Raises:
        HistoryError: the text is not a trainer history.
    """
    fmt = detect_format(Path(name), text[:64])
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise HistoryError(f"{name}:{error.lineno}: not valid JSON ({error.msg})") from None
        if isinstance(data, list):
            reviews, exams = data, []
        elif isinstance(data, dict) and isinstance(data.get("reviews"), list):
            _check_header(data, name)
            reviews, exams = data["reviews"], list(data.get("exams") or [])
        else:
            raise HistoryError(f"{name}: not a trainer history (expected a 'reviews' list)")
        if not all(isinstance(item, dict) for item in reviews):
            raise HistoryError(f"{name}: every review must be a JSON object")
        return reviews, exams
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"reviewed_at", "bank_id", "question_id", "verdict", "rating", "score"} - set(
        reader.fieldnames or ()
    )
    if missing:
        raise HistoryError(
            f"{name}: not a trainer history CSV (missing columns: {', '.join(sorted(missing))})"
        )
    return [dict(row) for row in reader], []


def _validated(rows: Iterable[dict[str, Any]], name: str, kind: str, parse: Any) -> Iterator[Any]:
    for index, row in enumerate(rows, start=1):
        try:
            yield parse(row)
        except (ValueError, TypeError) as error:
            where = f"row {index + 1}" if kind == "csv" else f"{kind} #{index}"
            raise HistoryError(f"{name}: {where}: {error}") from None


def _csv_rows(handle: IO[str], name: str) -> Iterator[dict[str, Any]]:
    """The rows of an exported CSV, read as they are needed (a history can be large)."""
    first = handle.read(1)
    if first and first != "\ufeff":
        handle.seek(0)
    reader = csv.DictReader(handle)
    missing = {"reviewed_at", "bank_id", "question_id", "verdict", "rating", "score"} - set(
        reader.fieldnames or ()
    )
    if missing:
        raise HistoryError(
            f"{name}: not a trainer history CSV (missing columns: {', '.join(sorted(missing))})"
        )
    try:
        yield from reader
    except UnicodeDecodeError:
        raise HistoryError(
            f"{name}: row {reader.line_num}: not UTF-8 text (expected CSV or JSON in UTF-8)"
        ) from None
    except csv.Error as error:
        raise HistoryError(f"{name}: row {reader.line_num}: {error}") from None


_REVIEWS_OPENING = '"reviews": ['


def _json_stream(
    handle: IO[str], name: str
) -> tuple[list[dict[str, Any]], Iterator[dict[str, Any]]] | None:
    """A JSON history in the layout :func:`write_json` writes, read review by review.

    That layout has the header and the exams first, then ``"reviews": [`` on a line of its
    own and one review object per line. Returns ``(exams, reviews)``, the reviews read as they
    are needed, or None (with the handle's position undefined) for any other layout.
    """
    head: list[str] = []
    for line in handle:
        if line.strip() == _REVIEWS_OPENING:
            break
        head.append(line)
        if len(head) > 1000:  # the header is a few lines (exams are on one)
            return None
    else:
        return None
    try:
        header = json.loads("".join(head) + '"reviews": []}')
    except json.JSONDecodeError:
        return None
    if not isinstance(header, dict):
        return None
    _check_header(header, name)
    exams = header.get("exams") or []
    if not isinstance(exams, list):
        raise HistoryError(f"{name}: not a trainer history ('exams' is not a list)")
    # The first review must be a whole object on its line: that is the layout, not a file
    # reformatted with one key per line (which is then read whole).
    first_text = next(handle, "").strip()
    first: Any = None
    if not first_text:
        return None
    if first_text != "]":
        try:
            first = json.loads(first_text.removesuffix(","))
        except json.JSONDecodeError:
            return None
        if not isinstance(first, dict):
            return None
    first_line = len(head) + 3

    def reviews() -> Iterator[dict[str, Any]]:
        if first is None:
            return
        yield first
        closed = False
        for number, line in enumerate(handle, start=first_line):
            text = line.strip()
            if closed or text in ("", "]", "}"):
                closed = closed or text == "]"
                continue
            try:
                review = json.loads(text.removesuffix(","))
            except json.JSONDecodeError as error:
                raise HistoryError(f"{name}:{number}: not valid JSON ({error.msg})") from None
            if not isinstance(review, dict):
                raise HistoryError(f"{name}:{number}: every review must be a JSON object")
            yield review

    return exams, reviews()


def _check_header(data: dict[str, Any], name: str) -> None:
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise HistoryError(f"{name}: not a trainer history (format {data.get('format')!r})")
    if int(data.get("version", FORMAT_VERSION)) > FORMAT_VERSION:
        raise HistoryError(
            f"{name}: history format version {data.get('version')} is newer than this "
            "trainer reads; update trainer"
        )


def import_history(store: Store, path: str | Path, *, profile: str | None = None) -> ImportResult:
    """Merge an exported history file into the store (exams first, then reviews).

    A CSV file, and a JSON file as :func:`export_history` writes it, are read review by review,
    so their size is not limited by memory; JSON laid out otherwise is read whole.

    Args:
        store: the store.
        path: a CSV or JSON file written by :func:`export_history`.
        profile: put every record into this profile (``--profile NAME import``); None keeps
            the profiles named in the file.

    Returns:
        What was added and skipped.

    Raises:
        HistoryError: the file is missing, unreadable or malformed (nothing is imported then).
    """
    from trainer.core.store import ExamRecord, ReviewRecord

    file = Path(path)
    name = str(path)
    try:
        handle = file.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise HistoryError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise HistoryError(f"{path}: is a directory, not a history file") from None
    except OSError as error:
        raise HistoryError(f"{path}: cannot be read: {error.strerror or error}") from None
    with handle:
        try:
            head = handle.read(64)
            handle.seek(0)
            if detect_format(file, head) == "json":
                streamed = _json_stream(handle, name)
                if streamed is None:  # not the layout export writes: read it whole
                    handle.seek(0)
                    reviews, exams = read_history(handle.read(), name)
                else:
                    exams, reviews = streamed
                kind = "review"
            else:
                reviews, exams, kind = _csv_rows(handle, name), [], "csv"
        except UnicodeDecodeError:
            raise HistoryError(f"{path}: not a text file (expected CSV or JSON in UTF-8)") from None
        except OSError as error:
            raise HistoryError(f"{path}: cannot be read: {error.strerror or error}") from None
        exam_records = list(_validated(exams, name, "exam", ExamRecord.from_dict))
        review_records = _validated(reviews, name, kind, ReviewRecord.from_dict)
        profiles: set[str] = set()
        review_records = _into_profile(review_records, profile, profiles)
        for exam in exam_records:
            if profile is not None:
                exam.profile = profile
            profiles.add(exam.profile)
        try:
            added, skipped, exams_added, exams_skipped = store.import_history_records(
                review_records, exam_records
            )
        except HistoryError:
            raise  # already names the file and the row
        except ValueError as error:
            raise HistoryError(f"{path}: {error}") from None
    return ImportResult(added, skipped, exams_added, exams_skipped, tuple(sorted(profiles)))


def _into_profile(records: Iterable[Any], profile: str | None, seen: set[str]) -> Iterator[Any]:
    """The records, moved into ``profile`` when one is given; notes the profiles written."""
    for record in records:
        if profile is not None:
            record.profile = profile
        seen.add(record.profile)
        yield record
