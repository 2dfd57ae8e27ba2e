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
import math
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
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
    "peeked",
)
"""CSV columns, in order: every column of the review log, then ``peeked`` (1: the answer was
given after a look at the report, from ``review_peeks``)."""


class HistoryError(ValueError):
    """A history file that cannot be read or imported (one line, says where and why).

    ``str()`` is English. When ``key`` is set it names a message of trainer/i18n/cli.py and
    ``values`` fill it: the CLI words it in the learner's language
    (:func:`trainer.i18n.cli.history_error_text`).
    """

    def __init__(self, message: str, key: str = "", /, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


MIN_REVIEW_TIME = datetime(2000, 1, 1, tzinfo=UTC)
"""Earliest time an imported review or exam may carry."""
FUTURE_SLACK = timedelta(days=2)
"""How far past this machine's clock an imported time may be (clocks and zones differ)."""
MAX_FIELD_CHARS = 1_000_000
"""Longest text of an imported field (an answer typed or pasted; a card as JSON)."""
MAX_ID_CHARS = 200
"""Longest uid, profile, bank or question id of an imported row."""
MAX_DURATION_MS = 7 * 24 * 3600 * 1000
MAX_WHOLE_JSON_BYTES = 256 * 1024 * 1024
"""Largest JSON history read whole (one not in the layout export writes; that one is streamed)."""
MAX_LISTED_ROWS = 5
"""How many wrong rows an import error names (then: "and N more")."""


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


TEXT_COLUMNS = frozenset(
    ("uid", "profile", "bank_id", "question_id", "content_hash", "mode", "answer", "verdict")
    + ("exam_uid",)
)
"""CSV columns holding free text (the others are numbers, times and JSON)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (``=HYPERLINK(…)``, ``=cmd|…``)."""
_QUOTE = "'"


def neutralise_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` before a formula start.

    A text that already starts with ``'`` gets one more, so :func:`restore_cell` gives back
    exactly the text (any text round-trips).
    """
    if text.startswith(FORMULA_STARTS) or text.startswith(_QUOTE):
        return _QUOTE + text
    return text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralise_cell`."""
    if text.startswith(_QUOTE) and (text[1:].startswith(FORMULA_STARTS) or text[1:2] == _QUOTE):
        return text[1:]
    return text


def _csv_row(data: dict[str, Any]) -> list[Any]:
    row = []
    for column in COLUMNS:
        value = data.get(column)
        if column == "card_before":
            value = json.dumps(value, ensure_ascii=False) if value else ""
        elif column in ("hint_used", "peeked"):
            value = 1 if value else 0
        elif value is None:
            value = ""
        elif column in TEXT_COLUMNS:
            value = neutralise_cell(str(value))
        row.append(value)
    return row


def _with_peek(record: Any, peeked: Collection[str]) -> dict[str, Any]:
    data: dict[str, Any] = record.to_dict()
    data["peeked"] = str(data.get("uid") or "") in peeked
    return data


def write_csv(records: Iterable[Any], out: IO[str], peeked: Collection[str] = ()) -> int:
    """Write review records as CSV (header row, then one row per review).

    Text cells that a spreadsheet would run as a formula get a leading ``'`` (reversed on
    import, see :func:`neutralise_cell`).

    Args:
        records: ``ReviewRecord`` objects (or anything with ``to_dict``).
        out: a text stream (open it with ``newline=""``).
        peeked: the uids of answers given after a look at the report.

    Returns:
        The number of reviews written.
    """
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(_csv_row(_with_peek(record, peeked)))
        count += 1
    return count


def write_json(
    records: Iterable[Any], exams: Iterable[Any], out: IO[str], peeked: Collection[str] = ()
) -> tuple[int, int]:
    """Write the history as one JSON document, streaming the reviews.

    Args:
        records: review records.
        exams: exam records.
        out: a text stream.
        peeked: the uids of answers given after a look at the report (``"peeked": true``).

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
        out.write(json.dumps(_with_peek(record, peeked), ensure_ascii=False))
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
    from trainer.core.store.marks import peeked_uids

    records = store.iter_reviews(profile)
    peeked = peeked_uids(store)
    if fmt == "csv":
        return ExportResult(write_csv(records, out, peeked), 0)
    if fmt == "json":
        exams = store.iter_exams(profile)
        reviews, exam_count = write_json(records, exams, out, peeked)
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
        except RecursionError:
            raise _too_nested(name, 0) from None
        except json.JSONDecodeError as error:
            raise HistoryError(
                f"{name}:{error.lineno}: not valid JSON ({error.msg})",
                "history.error.json",
                path=name,
                line=error.lineno,
                reason=error.msg,
            ) from None
        if isinstance(data, list):
            reviews, exams = data, []
        elif isinstance(data, dict) and isinstance(data.get("reviews"), list):
            _check_header(data, name)
            reviews, exams = data["reviews"], list(data.get("exams") or [])
        else:
            raise HistoryError(
                f"{name}: not a trainer history (expected a 'reviews' list)",
                "history.error.not_history",
                path=name,
            )
        if not all(isinstance(item, dict) for item in reviews):
            raise HistoryError(
                f"{name}: every review must be a JSON object",
                "history.error.review_not_object",
                path=name,
            )
        return reviews, exams
    _allow_long_fields()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"reviewed_at", "bank_id", "question_id", "verdict", "rating", "score"} - set(
        reader.fieldnames or ()
    )
    if missing:
        raise HistoryError(
            f"{name}: not a trainer history CSV (missing columns: {', '.join(sorted(missing))})",
            "history.error.columns",
            path=name,
            columns=", ".join(sorted(missing)),
        )
    return [_restored(row) for row in reader], []


def _allow_long_fields() -> None:
    # The csv module refuses fields over 131,072 characters by default: one long answer made
    # an export unimportable. Imported fields are bounded by MAX_FIELD_CHARS instead.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_FIELD_CHARS))


def _restored(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row with the formula guard of :func:`neutralise_cell` removed from its text."""
    for column in TEXT_COLUMNS:
        value = row.get(column)
        if isinstance(value, str) and value.startswith(_QUOTE):
            row[column] = restore_cell(value)
    return row


def _csv_rows(handle: IO[str], name: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """The rows of an exported CSV with the line each starts on, read as they are needed (a
    history can be large)."""
    first = handle.read(1)
    if first and first != "\ufeff":
        handle.seek(0)
    _allow_long_fields()
    reader = csv.DictReader(handle)
    missing = {"reviewed_at", "bank_id", "question_id", "verdict", "rating", "score"} - set(
        reader.fieldnames or ()
    )
    if missing:
        raise HistoryError(
            f"{name}: not a trainer history CSV (missing columns: {', '.join(sorted(missing))})",
            "history.error.columns",
            path=name,
            columns=", ".join(sorted(missing)),
        )
    try:
        start = reader.line_num + 1
        for row in reader:
            yield "line", start, _restored(row)
            start = reader.line_num + 1
    except UnicodeDecodeError:
        raise HistoryError(
            f"{name}: row {reader.line_num}: not UTF-8 text (expected CSV or JSON in UTF-8)",
            "history.error.line_not_utf8",
            path=name,
            line=reader.line_num,
        ) from None
    except csv.Error as error:
        raise HistoryError(
            f"{name}: row {reader.line_num}: {error}",
            "history.error.line_csv",
            path=name,
            line=reader.line_num,
            reason=str(error),
        ) from None


_REVIEWS_OPENING = '"reviews": ['


def _json_stream(
    handle: IO[str], name: str
) -> tuple[list[dict[str, Any]], Iterator[tuple[str, int, dict[str, Any]]]] | None:
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
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(header, dict):
        return None
    _check_header(header, name)
    exams = header.get("exams") or []
    if not isinstance(exams, list):
        raise HistoryError(
            f"{name}: not a trainer history ('exams' is not a list)",
            "history.error.not_history",
            path=name,
        )
    # The first review must be a whole object on its line: that is the layout, not a file
    # reformatted with one key per line (which is then read whole).
    first_text = next(handle, "").strip()
    first: Any = None
    if not first_text:
        return None
    if first_text != "]":
        try:
            first = json.loads(first_text.removesuffix(","))
        except (json.JSONDecodeError, RecursionError):
            return None
        if not isinstance(first, dict):
            return None
    first_line = len(head) + 3

    def reviews() -> Iterator[tuple[str, int, dict[str, Any]]]:
        if first is None:
            return
        yield "line", first_line - 1, first
        closed = False
        for number, line in enumerate(handle, start=first_line):
            text = line.strip()
            if closed or text in ("", "]", "}"):
                closed = closed or text == "]"
                continue
            try:
                review = json.loads(text.removesuffix(","))
            except RecursionError:
                raise _too_nested(name, number) from None
            except json.JSONDecodeError as error:
                raise HistoryError(
                    f"{name}:{number}: not valid JSON ({error.msg})",
                    "history.error.json",
                    path=name,
                    line=number,
                    reason=error.msg,
                ) from None
            if not isinstance(review, dict):
                raise HistoryError(
                    f"{name}:{number}: every review must be a JSON object",
                    "history.error.review_not_object",
                    path=f"{name}:{number}",
                )
            yield "line", number, review

    return exams, reviews()


def _too_nested(name: str, line: int) -> HistoryError:
    return HistoryError(
        f"{name}:{line}: not valid JSON (nested too deeply)",
        "history.error.json",
        path=name,
        line=line,
        reason="nested too deeply",
    )


def _check_header(data: dict[str, Any], name: str) -> None:
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise HistoryError(
            f"{name}: not a trainer history (format {data.get('format')!r})",
            "history.error.not_history",
            path=name,
        )
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise HistoryError(
            f"{name}: not a trainer history (version {version!r})",
            "history.error.not_history",
            path=name,
        )
    if version > FORMAT_VERSION:
        raise HistoryError(
            f"{name}: history format version {version} is newer than this trainer reads; "
            "update trainer",
            "history.error.newer",
            path=name,
            version=version,
        )


WrongRow = tuple[str, int, str, dict[str, Any]]
"""A row that cannot be imported: ``("line" | "review" | "exam", number, message key, values)``."""


def _id_problem(record: Any, fields: tuple[str, ...]) -> tuple[str, dict[str, Any]] | None:
    from trainer.core.text_safety import has_control

    for field in fields:
        value = getattr(record, field)
        if value is None:
            continue
        if len(value) > MAX_ID_CHARS:
            return "history.field.too_long", {"field": field, "most": MAX_ID_CHARS}
        if has_control(value):
            return "history.field.control", {"field": field}
    return None


_SECTION_COUNTS = ("total", "answered", "correct")


def _sections_problem(sections: Any) -> tuple[str, dict[str, Any]] | None:
    """An exam's per-section results: ``{section id: {"total", "answered", "correct",
    "score"}}`` with counts and a 0–1 score, as the statistics read them."""
    from trainer.core.text_safety import has_control

    if not isinstance(sections, dict) or len(sections) > 1000:
        return "history.field.sections", {}
    for section, result in sections.items():
        if not isinstance(section, str) or len(section) > MAX_ID_CHARS or has_control(section):
            return "history.field.sections", {}
        if not isinstance(result, dict):
            return "history.field.sections", {}
        for key in _SECTION_COUNTS:
            value = result.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**6:
                return "history.field.sections", {}
        score = result.get("score")
        if score is not None and (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or _number_problem("score", float(score), 0.0, 1.0) is not None
        ):
            return "history.field.sections", {}
    return None


def _time_problem(field: str, moment: datetime | None, now: datetime) -> Any:
    if moment is None:
        return None
    latest = now + FUTURE_SLACK
    if not MIN_REVIEW_TIME <= moment <= latest:
        values = {
            "field": field,
            "value": moment.isoformat(),
            "low": MIN_REVIEW_TIME.date().isoformat(),
            "high": latest.date().isoformat(),
        }
        return "history.field.time", values
    return None


def _number_problem(field: str, value: float | None, low: float, high: float) -> Any:
    if value is None:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return "history.field.range", {"field": field, "value": value, "low": low, "high": high}
    return None


def _profile_problem(name: str) -> Any:
    from trainer.core.store import ProfileError, _check_profile_name

    try:
        _check_profile_name(name)
    except ProfileError:
        return "history.field.profile", {"value": repr(name)[:60]}
    return None


def review_problem(record: Any, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """Why a parsed review cannot be imported (a message key and its values), or None.

    Every value the store, the scheduler and the statistics will use is checked here, before
    anything is written: a year-1 date, a NaN score or a profile name with a control character
    would otherwise fail half-way through the import or break ``trainer stats`` for good.
    """
    from trainer.core.store import MODES, VERDICTS

    checks: tuple[tuple[str, dict[str, Any]] | None, ...] = (
        _id_problem(record, ("uid", "bank_id", "question_id", "exam_uid")),
        None if record.bank_id and record.question_id else ("history.field.ids", {}),
        _profile_problem(record.profile),
        _time_problem("reviewed_at", record.reviewed_at, now),
        None
        if record.mode in MODES
        else ("history.field.choice", {"field": "mode", "value": record.mode[:40]}),
        None
        if record.verdict in VERDICTS
        else ("history.field.choice", {"field": "verdict", "value": record.verdict[:40]}),
        _number_problem("score", record.score, 0.0, 1.0),
        _number_problem("suggested_rating", record.suggested_rating, 1, 4),
        _number_problem("duration_ms", record.duration_ms, 0, MAX_DURATION_MS),
        _number_problem("id", record.id, 0, 2**62),
        None
        if len(record.answer) <= MAX_FIELD_CHARS
        else ("history.field.too_long", {"field": "answer", "most": MAX_FIELD_CHARS}),
        None
        if record.card_before is None or isinstance(record.card_before, dict)
        else ("history.field.card", {}),
    )
    return next((check for check in checks if check is not None), None)


def exam_problem(record: Any, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """Why a parsed exam cannot be imported, or None (see :func:`review_problem`)."""
    checks = (
        _id_problem(record, ("uid", "bank_id")),
        _profile_problem(record.profile),
        _time_problem("started_at", record.started_at, now),
        _time_problem("finished_at", record.finished_at, now),
        _number_problem("score", record.score, 0.0, 1.0),
        _number_problem("size", record.size, 0, 1_000_000),
        _number_problem("time_limit_s", record.time_limit_s, 0, 10**7),
        _sections_problem(record.sections),
    )
    return next((check for check in checks if check is not None), None)


_PARSE_ERRORS = (ValueError, TypeError, OverflowError, OSError, AttributeError, RecursionError)


def _checked(
    rows: Iterable[tuple[str, int, Any]], parse: Any, check: Any, wrong: list[WrongRow]
) -> Iterator[Any]:
    """The parsed rows that pass ``check``; every other row is noted in ``wrong`` (and left
    out), so one read of the file finds every wrong row."""
    from trainer.core.clock import utc_now

    now = utc_now()
    for kind, number, row in rows:
        if not isinstance(row, dict):
            wrong.append((kind, number, "history.field.not_object", {}))
            continue
        try:
            record = parse(row)
        except _PARSE_ERRORS as error:
            reason = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
            wrong.append((kind, number, "history.field.malformed", {"reason": reason}))
            continue
        problem = check(record, now)
        if problem is not None:
            wrong.append((kind, number, problem[0], problem[1]))
            continue
        yield record


def _wrong_rows_error(name: str, wrong: list[WrongRow]) -> HistoryError:
    listed = wrong[:MAX_LISTED_ROWS]
    english = "; ".join(
        f"{kind} {'' if kind == 'line' else '#'}{number}: {key} {values}"
        for kind, number, key, values in listed
    )
    more = len(wrong) - len(listed)
    return HistoryError(
        f"{name}: {len(wrong)} rows cannot be imported, nothing was imported: {english}"
        + (f" (and {more} more)" if more else ""),
        "history.rows_wrong",
        path=name,
        n=len(wrong),
        rows=listed,
        more=more,
    )


def _with_places(kind: str, rows: Iterable[Any]) -> Iterator[tuple[str, int, Any]]:
    for number, row in enumerate(rows, start=1):
        yield kind, number, row


def _check_regular(file: Path, name: str) -> None:
    """A FIFO or a device would block or never end: only regular files are imported."""
    try:
        mode = file.stat().st_mode
    except OSError:
        return  # opening it reports why, in the words of its own error
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise HistoryError(f"{name}: not a regular file", "history.error.not_regular", path=name)


def import_history(store: Store, path: str | Path, *, profile: str | None = None) -> ImportResult:
    """Merge an exported history file into the store (exams first, then reviews).

    A CSV file, and a JSON file as :func:`export_history` writes it, are read review by review,
    so their size is not limited by memory; JSON laid out otherwise is read whole.

    Nothing is written unless every row is right: each is parsed and checked
    (:func:`review_problem`) while the store stages them, and a file with wrong rows stops the
    import before the first write, naming the wrong rows by line.

    Args:
        store: the store.
        path: a CSV or JSON file written by :func:`export_history`.
        profile: put every record into this profile (``--profile NAME import``); None keeps
            the profiles named in the file.

    Returns:
        What was added and skipped.

    Raises:
        HistoryError: the file is missing, unreadable or malformed, or has wrong rows (nothing
            is imported then).
    """
    from trainer.core.store import ExamRecord, ReviewRecord

    file = Path(path)
    name = str(path)
    _check_regular(file, name)
    try:
        handle = file.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise HistoryError(f"{path}: no such file", "history.error.missing", path=name) from None
    except IsADirectoryError:
        raise HistoryError(
            f"{path}: is a directory, not a history file", "history.error.directory", path=name
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise HistoryError(
            f"{path}: cannot be read: {reason}",
            "history.error.unreadable",
            path=name,
            reason=reason,
        ) from None
    with handle:
        reviews: Iterable[tuple[str, int, Any]]
        try:
            head = handle.read(64)
            handle.seek(0)
            if detect_format(file, head) == "json":
                streamed = _json_stream(handle, name)
                if streamed is None:  # not the layout export writes: read it whole
                    if os.fstat(handle.fileno()).st_size > MAX_WHOLE_JSON_BYTES:
                        raise HistoryError(
                            f"{path}: too large to read whole; export it again with trainer "
                            "export, or as CSV",
                            "history.error.too_big",
                            path=name,
                            most=MAX_WHOLE_JSON_BYTES // (1024 * 1024),
                        )
                    handle.seek(0)
                    whole, exams = read_history(handle.read(), name)
                    reviews = _with_places("review", whole)
                else:
                    exams, reviews = streamed
            else:
                reviews, exams = _csv_rows(handle, name), []
        except UnicodeDecodeError:
            raise HistoryError(
                f"{path}: not a text file (expected CSV or JSON in UTF-8)",
                "history.error.not_text",
                path=name,
            ) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise HistoryError(
                f"{path}: cannot be read: {reason}",
                "history.error.unreadable",
                path=name,
                reason=reason,
            ) from None
        wrong: list[WrongRow] = []
        exam_records = list(
            _checked(_with_places("exam", exams), ExamRecord.from_dict, exam_problem, wrong)
        )
        if wrong:
            raise _wrong_rows_error(name, wrong)
        profiles: set[str] = set()
        for exam in exam_records:
            if profile is not None:
                exam.profile = profile
            profiles.add(exam.profile)

        peeked: list[str] = []

        def parse_review(row: dict[str, Any]) -> Any:
            record = ReviewRecord.from_dict(row)
            if _flag(row.get("peeked")):  # given after a look at the report
                peeked.append(record.uid)
            return record

        def review_records() -> Iterator[Any]:
            # Raising at the end of the iteration makes the store drop what it staged: the
            # store writes nothing before it has read every record.
            checked = _checked(reviews, parse_review, review_problem, wrong)
            yield from _into_profile(checked, profile, profiles)
            if wrong:
                raise _wrong_rows_error(name, wrong)

        try:
            added, skipped, exams_added, exams_skipped = store.import_history_records(
                review_records(), exam_records
            )
        except HistoryError:
            raise  # already names the file and the row
        except UnicodeDecodeError:
            raise HistoryError(
                f"{path}: not a text file (expected CSV or JSON in UTF-8)",
                "history.error.not_text",
                path=name,
            ) from None
        except ValueError as error:
            raise HistoryError(f"{path}: {error}") from None
        if peeked:
            from trainer.core.store.marks import import_peeks

            import_peeks(store, peeked)
    return ImportResult(added, skipped, exams_added, exams_skipped, tuple(sorted(profiles)))


def _flag(value: Any) -> bool:
    """A yes/no field as JSON (true) or CSV ("1") writes it."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return value is True or value == 1


def _into_profile(records: Iterable[Any], profile: str | None, seen: set[str]) -> Iterator[Any]:
    """The records, moved into ``profile`` when one is given; notes the profiles written."""
    for record in records:
        if profile is not None:
            record.profile = profile
        seen.add(record.profile)
        yield record
