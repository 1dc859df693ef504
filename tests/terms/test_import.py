"""The term-dates CSV: a good file imports, a bad one is refused whole with every
problem named by file, line and column, and the import command says so."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from school_improvement.core.models import AuditEvent
from school_improvement.terms.models import Term
from school_improvement.terms.services import terms_import
from tests.conftest import REPO
from tests.factories import LocalAuthorityFactory, TermFactory

pytestmark = pytest.mark.django_db

D = dt.date
HEADER = "academic_year,term,start_date,end_date,half_term_start,half_term_end\n"
GOOD = (
    HEADER
    + "2026/27,autumn,2026-09-02,2026-12-18,2026-10-26,2026-10-30\n"
    + "2026/27,Spring,05/01/2027,25/03/2027,15/02/2027,19/02/2027\n"
    + "2026/27,summer,2027-04-12,2027-07-21,,\n"
)
SAMPLE = REPO / "docs" / "examples" / "terms-2026-27.csv"


@pytest.fixture
def la(db):
    return LocalAuthorityFactory()


def run(la, text, **kwargs):
    return terms_import(
        acting_user=None, la=la, source=text.encode(), file_name="terms.csv", **kwargs
    )


def problems(la, text) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        run(la, text)
    return exc.value.messages


def snapshot(la):
    return list(
        Term.objects.filter(la=la).values_list(
            "academic_year", "name", "start_date", "end_date", "updated_at"
        )
    )


def test_a_good_file_creates_every_term(la):
    result = run(la, GOOD)
    assert result.created == [
        "Autumn term 2026/27",
        "Spring term 2026/27",
        "Summer term 2026/27",
    ]
    spring = Term.objects.get(name="spring")  # "Spring", day-first dates
    assert (spring.start_date, spring.half_term_end) == (D(2027, 1, 5), D(2027, 2, 19))
    summer = Term.objects.get(name="summer")
    assert summer.half_term_start is None and summer.half_term_end is None
    event = AuditEvent.objects.get(verb="terms.import")
    assert event.details["la"] == "931"
    assert "3 created" in event.summary


def test_the_sample_file_in_the_docs_imports(la):
    result = terms_import(acting_user=None, la=la, source=SAMPLE)
    assert len(result.created) == 3


def test_importing_the_same_file_again_changes_nothing(la):
    run(la, GOOD)
    before = snapshot(la)
    result = run(la, GOOD)
    assert result.unchanged and not result.created and not result.updated
    assert snapshot(la) == before


def test_a_file_with_a_changed_date_updates_that_term_only(la):
    run(la, GOOD)
    result = run(la, GOOD.replace("2026-12-18", "2026-12-17"))
    assert result.updated == ["Autumn term 2026/27"]
    assert len(result.unchanged) == 2
    assert Term.objects.get(name="autumn").end_date == D(2026, 12, 17)


def test_a_dry_run_reports_and_writes_nothing(la):
    result = run(la, GOOD, dry_run=True)
    assert len(result.created) == 3
    assert "3 would be created" in result.summary
    assert not Term.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_utf8_file_with_a_byte_order_mark_and_crlf_imports(la):
    data = ("\ufeff" + GOOD).replace("\n", "\r\n").encode()
    result = terms_import(acting_user=None, la=la, source=data, file_name="t.csv")
    assert len(result.created) == 3


def test_columns_may_come_in_any_order_and_any_case(la):
    text = (
        "Term,Academic_Year,End_Date,Start_Date,Half_Term_Start,Half_Term_End\n"
        "autumn,2026/27,2026-12-18,2026-09-02,,\n"
    )
    assert run(la, text).created == ["Autumn term 2026/27"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "2026/27,autumn,2026-09-31,2026-12-18,,",
            "terms.csv:2: column start_date: expected a date like 2026-09-03 or "
            "03/09/2026, found '2026-09-31'",
        ),
        (
            "2026/27,autumn,2 Sept 2026,2026-12-18,,",
            "terms.csv:2: column start_date: expected a date like 2026-09-03 or "
            "03/09/2026, found '2 Sept 2026'",
        ),
        (
            "2026/27,autumn,2026-09-02,,,",
            "terms.csv:2: column end_date: expected a date like 2026-09-03, "
            "found nothing",
        ),
        (
            "2026-28,autumn,2026-09-02,2026-12-18,,",
            "terms.csv:2: column academic_year: expected an academic year like "
            "2026/27, found '2026-28'",
        ),
        (
            "2026/27,winter,2026-09-02,2026-12-18,,",
            "terms.csv:2: column term: expected autumn, spring or summer, found "
            "'winter'",
        ),
        (
            "2026/27,autumn,2026-09-02,2026-08-30,,",
            "terms.csv:2: column end_date: expected a date after the start date "
            "02-09-2026, found 30-08-2026",
        ),
        (
            "2026/27,autumn,2026-09-02,2026-12-18,2026-12-21,2026-12-24",
            "terms.csv:2: column half_term_start: expected a half-term inside the "
            "term, after 02-09-2026 and before 18-12-2026, found 21-12-2026 to "
            "24-12-2026",
        ),
        (
            "2026/27,autumn,2026-09-02,2026-12-18,2026-10-26,",
            "terms.csv:2: column half_term_end: expected a date, because the other "
            "half-term date is given (give both or neither), found nothing",
        ),
        (
            "2026/27,summer,2027-04-12,2027-09-03,,",
            "terms.csv:2: column end_date: expected a date in the academic year "
            "2026/27 (1 August 2026 to 31 August 2027), found 03-09-2027",
        ),
        (
            "2026/27,autumn,2026-09-02,2026-12-18,,,extra",
            "terms.csv:2: expected 6 values, as in the header, found 7",
        ),
    ],
)
def test_a_bad_value_is_reported_with_file_line_and_column(la, row, expected):
    assert problems(la, HEADER + row + "\n") == [expected]
    assert not Term.objects.exists()


def test_every_problem_in_the_file_is_reported_not_just_the_first(la):
    text = (
        HEADER
        + "2026/27,autumn,2026-09-02,2026-12-18,,\n"
        + "\n"  # blank lines are skipped, but still counted
        + "2026/27,spring,not a date,2027-03-25,,\n"
        + "2026/27,summer,2027-04-12,2027-13-01,,\n"
        + "2026/27,autumn,2026-09-03,2026-12-18,,\n"
    )
    assert problems(la, text) == [
        "terms.csv:4: column start_date: expected a date like 2026-09-03 or "
        "03/09/2026, found 'not a date'",
        "terms.csv:5: column end_date: expected a date like 2026-09-03 or "
        "03/09/2026, found '2027-13-01'",
        "terms.csv:6: column term: expected each term once; the Autumn term "
        "2026/27 is already on line 2",
    ]
    assert not Term.objects.exists()


def test_a_missing_column_is_reported_on_the_header_line(la):
    text = "academic_year,term,start_date,end_date,half_term_start\n"
    assert problems(la, text + "2026/27,autumn,2026-09-02,2026-12-18,\n") == [
        "terms.csv:1: column half_term_end: expected the header to name this "
        "column; it is missing"
    ]


def test_an_unknown_column_is_reported_and_the_rows_still_checked(la):
    text = HEADER.strip() + ",notes\n" + "2026/27,autumn,2026-09-02,bad,,,INSET\n"
    assert problems(la, text) == [
        "terms.csv:1: column notes: expected one of the columns academic_year, "
        "term, start_date, end_date, half_term_start, half_term_end; this one is "
        "not known",
        "terms.csv:2: column end_date: expected a date like 2026-09-03 or "
        "03/09/2026, found 'bad'",
    ]


def test_a_column_named_twice_is_reported(la):
    text = HEADER.strip() + ",term\n"
    assert problems(la, text) == [
        "terms.csv:1: column term: expected each column once; it is named again "
        "in position 7"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "terms.csv:1: expected a header naming the columns"),
        (HEADER.encode(), "terms.csv: expected terms under the header, found none"),
        (
            b"PK\x03\x04\x00\x00",
            "terms.csv: expected a CSV file (text), found a binary",
        ),
        (b"\x81\x81,x\n", "terms.csv: expected text in UTF-8 or Windows-1252"),
    ],
)
def test_a_file_that_is_not_a_term_dates_csv_is_refused(la, data, expected):
    with pytest.raises(ValidationError) as exc:
        terms_import(acting_user=None, la=la, source=data, file_name="terms.csv")
    assert exc.value.messages[0].startswith(expected)


def test_overlapping_terms_in_the_file_are_refused(la):
    text = GOOD.replace("2027-04-12", "2027-03-20")
    assert problems(la, text) == [
        "terms.csv:4: column start_date: expected a date after the Spring term "
        "2026/27 ends (25-03-2027), found 20-03-2027: terms must follow one "
        "another in order without overlapping"
    ]
    assert not Term.objects.exists()


def test_a_term_overlapping_one_already_entered_is_refused(la):
    TermFactory(
        la=la,
        name="spring",
        start_date=D(2027, 1, 5),
        end_date=D(2027, 3, 25),
        half_term_start=None,
        half_term_end=None,
    )
    text = HEADER + "2026/27,autumn,2026-09-02,2027-01-08,,\n"
    assert problems(la, text) == [
        "terms.csv:2: column end_date: expected a date before the Spring term "
        "2026/27 starts (05-01-2027, as already entered), found 08-01-2027: terms "
        "must follow one another in order without overlapping"
    ]


def test_a_refused_file_leaves_the_earlier_terms_untouched(la):
    run(la, GOOD)
    before = snapshot(la)
    audits = AuditEvent.objects.count()
    bad = GOOD.replace("2026-12-18", "2026-12-17").replace("2027-07-21", "21 July")
    problems(la, bad)
    assert snapshot(la) == before
    assert AuditEvent.objects.count() == audits


def test_another_la_s_terms_are_neither_changed_nor_in_the_way(la):
    other = LocalAuthorityFactory(code="932", name="Southshire")
    theirs = TermFactory(la=other, end_date=D(2026, 12, 11))
    run(la, GOOD)
    theirs.refresh_from_db()
    assert theirs.end_date == D(2026, 12, 11)
    assert Term.objects.filter(la=la).count() == 3


# ---- the command ------------------------------------------------------------------


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_terms", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_file_and_says_what_it_did(la, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(GOOD)
    out, _ = command(path, "--la", "931")
    assert "Autumn term 2026/27: created" in out
    assert "3 terms read; 3 created, 0 updated, 0 unchanged" in out
    assert Term.objects.count() == 3
    out, _ = command(path, "--la", "931")
    assert "Autumn term 2026/27: unchanged" in out


def test_the_command_s_dry_run_writes_nothing(la):
    out, _ = command(SAMPLE, "--la", "931", "--dry-run")
    assert "Autumn term 2026/27: would be created" in out
    assert "Dry run: nothing was written." in out
    assert not Term.objects.exists()


def test_the_command_lists_each_problem_and_fails_writing_nothing(la, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(
        HEADER
        + "2026/27,autumn,2026-09-02,18/12/26,,\n"
        + "2026/27,spring,2027-01-05,2027-03-25,2027-02-15,2027-02-31\n"
    )
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_terms", str(path), "--la", "931", stderr=err)
    assert str(exc.value) == f"{path} was rejected (2 problems): nothing was written."
    assert err.getvalue().splitlines() == [
        f"{path}:2: column end_date: expected a date like 2026-09-03 or "
        "03/09/2026, found '18/12/26'",
        f"{path}:3: column half_term_end: expected a date like 2026-09-03 or "
        "03/09/2026, found '2027-02-31'",
    ]
    assert not Term.objects.exists()


def test_the_command_exits_non_zero_on_a_bad_file(la, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("nonsense\n")
    with pytest.raises(CommandError) as exc:
        command(path, "--la", "931")
    # manage.py prints a CommandError and exits with its return code
    assert exc.value.returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "--la", "931"], "missing.csv: no such file"),
        ([SAMPLE, "--la", "999"], "--la 999: no LA with that code in the register"),
    ],
)
def test_the_command_refuses_a_missing_file_or_an_unknown_la(la, args, message):
    with pytest.raises(CommandError) as exc:
        command(*args)
    assert message in str(exc.value)
