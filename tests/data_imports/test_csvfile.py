"""The CSV reader every importer uses: encodings, headers, line numbers, values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from school_improvement.data.imports.csvfile import (
    FileRejected,
    parse_date,
    parse_decimal,
    parse_int,
    read_csv,
)


def test_a_bom_and_spaces_are_stripped_from_header_names():
    raw = b"\xef\xbb\xbf" + b' URN ,"LA  (code)"\r\n100000,201\r\n'
    f = read_csv(raw, file_name="x.csv")
    assert f.header == ["URN", "LA (code)"]
    assert f.records[0].values == {"URN": "100000", "LA (code)": "201"}
    assert f.encoding == "utf-8"


def test_quoted_and_unquoted_values_and_crlf_are_read_as_strings_keeping_zeros():
    raw = b'"URN","Code","Name"\r\n100000,"02","St Thomas \xe0 Becket, Upper"\r\n'
    f = read_csv(raw, file_name="x.csv")
    assert f.records[0].values == {
        "URN": "100000",
        "Code": "02",
        "Name": "St Thomas à Becket, Upper",
    }


def test_records_know_the_physical_line_they_start_on_even_after_a_multiline_value():
    raw = b'"A","B"\r\n1,"two\r\nlines"\r\n3,"x"\r\n'
    f = read_csv(raw, file_name="x.csv")
    assert [r.line for r in f.records] == [2, 4]


def test_a_missing_required_column_is_named_on_line_1():
    with pytest.raises(FileRejected) as exc:
        read_csv(b'"LA (code)"\r\n201\r\n', file_name="x.csv", required=["URN"])
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (1, "URN")
    assert "required column 'URN' is missing" in problem.message


def test_a_row_with_the_wrong_number_of_fields_names_its_line():
    with pytest.raises(FileRejected) as exc:
        read_csv(b'"A","B"\r\n1,2\r\n1,2,3\r\n', file_name="x.csv")
    assert exc.value.problems[0].line == 3
    assert "expected 2 fields" in exc.value.problems[0].message


def test_utf8_text_in_a_windows_1252_format_is_refused_with_line_and_character():
    raw = '"URN","Name"\r\n1,"Plain"\r\n2,"École Française"\r\n'.encode()
    with pytest.raises(FileRejected) as exc:
        read_csv(raw, file_name="utf8.csv")
    problem = exc.value.problems[0]
    assert problem.line == 3
    assert "UTF-8" in problem.message and "Windows-1252" in problem.message


def test_utf16_is_refused():
    raw = '"URN"\r\n1\r\n'.encode("utf-16")
    with pytest.raises(FileRejected, match="UTF-16"):
        read_csv(raw, file_name="utf16.csv")


def test_bytes_undefined_in_windows_1252_are_refused_with_their_line():
    raw = b'"URN","Name"\r\n1,"ok"\r\n2,"bad \x81 byte"\r\n'
    with pytest.raises(FileRejected) as exc:
        read_csv(raw, file_name="x.csv")
    assert exc.value.problems[0].line == 3
    assert "0x81" in exc.value.problems[0].message


def test_an_empty_file_is_refused():
    with pytest.raises(FileRejected, match="empty"):
        read_csv(b"", file_name="x.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16-01-2020", dt.date(2020, 1, 16)),
        ("16/01/2020", dt.date(2020, 1, 16)),
        ("", None),
        ("NULL", None),
    ],
)
def test_dates_in_both_gias_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2020-01-16", "31-13-2024", "16.01.2020", "yesterday"]
)
def test_other_dates_are_errors(text):
    with pytest.raises(ValueError, match="dd-mm-yyyy"):
        parse_date(text)


def test_numbers():
    assert parse_int(" 274 ") == 274
    assert parse_int("") is None
    assert parse_decimal("10.2") == Decimal("10.2")
    assert parse_decimal("10.2%") == Decimal("10.2")
    with pytest.raises(ValueError):
        parse_int("1.00063E+11")
    with pytest.raises(ValueError):
        parse_decimal("NaN")


cp1252_text = st.text(
    alphabet=st.characters(codec="cp1252", exclude_characters="\x00\r"), max_size=30
)


@given(st.lists(st.tuples(cp1252_text, cp1252_text), min_size=1, max_size=5))
def test_any_windows_1252_values_survive_quoting_round_trip(rows):
    lines = ['"A","B"']
    for a, b in rows:
        lines.append(",".join('"' + v.replace('"', '""') + '"' for v in (a, b)))
    raw = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    try:
        f = read_csv(raw, file_name="x.csv")
    except FileRejected as exc:
        # The only refusal allowed is text that is also valid UTF-8 mojibake.
        assert "UTF-8" in str(exc)
        return
    assert [(r.values["A"], r.values["B"]) for r in f.records] == rows
