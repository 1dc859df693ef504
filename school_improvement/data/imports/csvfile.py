"""Reading official CSV files exactly: encoding, header names, line numbers, errors.

Every importer reads its file through :func:`read_csv`, which

* checks the bytes are in the declared encoding (Windows-1252 for GIAS and Ofsted;
  a UTF-8 byte-order mark is honoured as an explicit UTF-8 declaration), reporting the
  line and column of the first byte that is not;
* strips a BOM and surrounding spaces from header names and finds columns by name;
* keeps every value as a string (codes such as ``"02"`` keep their zeros);
* records the physical line on which each record starts, so errors can name it.

Pure Python: no Django, so the engines and the benchmarks can use it too.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read.

    A national file makes millions of containers (the CSV rows, then a record per
    cell) and none of them form cycles; left running, the collector rescans them over
    and over and doubles the time taken. Reference counting still frees everything;
    the collector's previous state is restored afterwards. (core.bulk's
    ``without_cyclic_gc`` does the same for the writes.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, and what a person should do about it."""

    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    key: str | None = None  # e.g. the URN of the row, when known

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "key": self.key,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class FileRejected(Exception):
    """The whole file is refused; nothing from it was (or may be) written."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.file_name = file_name
        self.problems = problems
        first = problems[0] if problems else Problem("unknown problem")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{file_name}: {first}{more}")


@dataclass
class CsvRecord:
    line: int
    values: dict[str, str]


@dataclass
class CsvFile:
    file_name: str
    sha256: str
    encoding: str
    header: list[str]
    records: list[CsvRecord]
    notes: list[str] = field(default_factory=list)


def _line_and_column(text_before: bytes) -> tuple[int, int]:
    line = text_before.count(b"\n") + 1
    last_newline = text_before.rfind(b"\n")
    return line, len(text_before) - last_newline


def decode(raw: bytes, file_name: str, encoding: str = "cp1252") -> tuple[str, str]:
    """Decode ``raw`` strictly, or raise FileRejected naming where it went wrong.

    Returns the text and the encoding actually used.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        position = raw.find(b"\x00")
        line, col = _line_and_column(raw[: max(position, 0)])
        raise FileRejected(
            file_name,
            [
                Problem(
                    f"the file looks like UTF-16 (byte {position + 1} is a NUL); "
                    f"save it as CSV in {_label(encoding)}",
                    line=line,
                )
            ],
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _line_and_column(raw[: exc.start])
        raise FileRejected(
            file_name,
            [
                Problem(
                    f"byte 0x{raw[exc.start]:02X} at character {col} is not valid "
                    f"{_label(encoding)}; the file is in another encoding",
                    line=line,
                )
            ],
        ) from None
    if encoding.lower() in {"cp1252", "windows-1252"}:
        _refuse_utf8_read_as_cp1252(raw, text, file_name)
    return text, encoding


# UTF-8 multi-byte sequences read as Windows-1252 show as Ã, Â or â followed by a
# symbol. Real names do not contain these pairs; files re-saved as UTF-8 do.
_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def _refuse_utf8_read_as_cp1252(raw: bytes, text: str, file_name: str) -> None:
    if raw.isascii():
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return  # not UTF-8, so genuinely Windows-1252
    match = _MOJIBAKE.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise FileRejected(
        file_name,
        [
            Problem(
                f"the file is UTF-8 but this format is Windows-1252 (character {col} "
                f"reads as '{match.group()}'); use the original download, or save as "
                "'CSV UTF-8' so the file starts with a byte-order mark",
                line=line,
            )
        ],
    )


def _label(encoding: str) -> str:
    return {"cp1252": "Windows-1252", "utf-8": "UTF-8"}.get(encoding.lower(), encoding)


def clean_header(name: str) -> str:
    """Header names are compared after removing a BOM and outer spaces, and folding
    runs of inner spaces (Ofsted headers sometimes carry double spaces)."""
    return re.sub(r"\s+", " ", name.replace("\ufeff", "").strip())


@dataclass
class CsvRows:
    """A CSV file as positional rows: ``rows`` holds (line, fields in header order).

    What read_csv() returns, without a dict per record: at national size (52,000
    records of 135 columns) those dicts cost noticeable time and memory.
    """

    file_name: str
    sha256: str
    encoding: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_csv(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    encoding: str = "cp1252",
    required: Iterable[str] = (),
) -> CsvFile:
    """Read a CSV file into records keyed by cleaned header name.

    Raises FileRejected if the encoding is wrong, the file is empty, a header name
    repeats, a required column is missing, or a record has the wrong number of fields.
    """
    found = read_csv_rows(
        source, file_name=file_name, encoding=encoding, required=required
    )
    header = found.header
    records = [
        CsvRecord(line, dict(zip(header, fields, strict=True)))
        for line, fields in found.rows
    ]
    return CsvFile(found.file_name, found.sha256, found.encoding, header, records)


def read_csv_rows(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    encoding: str = "cp1252",
    required: Iterable[str] = (),
) -> CsvRows:
    """read_csv() with each record as a list in header order (same checks, same
    problems)."""
    if isinstance(source, Path):
        raw = source.read_bytes()
        file_name = file_name or source.name
    else:
        raw = source
    file_name = file_name or "upload.csv"
    sha256 = hashlib.sha256(raw).hexdigest()
    text, used = decode(raw, file_name, encoding)
    if not text.strip():
        raise FileRejected(file_name, [Problem("the file is empty", line=1)])

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header_raw = next(reader)
    except csv.Error as exc:
        raise FileRejected(
            file_name, [Problem(f"the header is not valid CSV: {exc}", line=1)]
        ) from None
    header = [clean_header(h) for h in header_raw]
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(
                Problem(
                    f"column '{name}' appears twice in the header", line=1, column=name
                )
            )
        seen.add(name)
    missing = [name for name in required if name not in seen]
    for name in missing:
        problems.append(
            Problem(
                f"required column '{name}' is missing from the header "
                f"(found {len(header)} columns)",
                line=1,
                column=name,
            )
        )
    if problems:
        raise FileRejected(file_name, problems)

    records: list[tuple[int, list[str]]] = []
    width = len(header)
    line = reader.line_num + 1
    try:
        for fields in reader:
            start = line
            line = reader.line_num + 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # blank line (e.g. a trailing CRLF)
            if len(fields) != width:
                problems.append(
                    Problem(
                        f"expected {width} fields as in the header, found {len(fields)}",
                        line=start,
                    )
                )
                continue
            records.append((start, fields))
    except csv.Error as exc:
        problems.append(Problem(f"not valid CSV: {exc}", line=reader.line_num))
    if problems:
        raise FileRejected(file_name, problems)
    return CsvRows(file_name, sha256, used, header, records)


def iter_lines_of(records: list[CsvRecord]) -> Iterator[int]:
    return (r.line for r in records)


def parse_cells(
    plan: Iterable[tuple[str, int, Callable[[str], Any], str]],
    values: list[str],
    line: int,
    key: str,
    problems: list[Problem],
) -> tuple[dict[str, Any], bool]:
    """Parse one record's cells by ``plan`` (target, position, parser, header).

    Returns the parsed values and whether all parsed. A cell that does not parse becomes
    a Problem naming its line, column and value (and is left out), so every bad cell of
    a file is reported, not just the first.
    """
    try:  # the usual case, in one comprehension
        return {target: parse(values[at]) for target, at, parse, _ in plan}, True
    except ValueError:
        pass
    out: dict[str, Any] = {}
    ok = True
    for target, at, parse, header in plan:
        raw = values[at]
        try:
            out[target] = parse(raw)
        except ValueError as exc:
            problems.append(
                Problem(f"{exc}, found '{raw}'", line, header, raw, key=key)
            )
            ok = False
    return out, ok


# ---- value parsers: each returns the parsed value or raises ValueError with a reason --

_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y")


def parse_date(value: str) -> dt.date | None:
    """``dd-mm-yyyy`` or ``dd/mm/yyyy`` (files that went through Excel); blank is None."""
    value = value.strip()
    if not value or value.upper() == "NULL":
        return None
    # The usual case without strptime, which is slow at national size. ASCII digits in
    # fixed places give exactly what strptime("%d-%m-%Y" or "%d/%m/%Y") would; anything
    # else (and any impossible date) takes the general path below.
    if (
        len(value) == 10
        and value[2] == value[5]
        and value[2] in "-/"
        and value.isascii()
        and (value[:2] + value[3:5] + value[6:]).isdigit()
    ):
        try:
            return dt.date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("expected a date as dd-mm-yyyy or dd/mm/yyyy")


def parse_int(value: str) -> int | None:
    value = value.strip()
    if not value or value.upper() == "NULL":
        return None
    try:
        return int(value)
    except ValueError:
        pass
    raise ValueError("expected a whole number")


def parse_decimal(value: str) -> Decimal | None:
    value = value.strip().rstrip("%").strip()
    if not value or value.upper() == "NULL":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError("expected a number") from None
    if not number.is_finite():
        raise ValueError("expected a number")
    return number
