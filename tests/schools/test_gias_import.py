"""The GIAS import: real files, every header era, idempotency, atomicity, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from school_improvement.core.models import AuditEvent
from school_improvement.data.imports.gias import parse_gias
from school_improvement.data.models import ImportRun, ImportStatus
from school_improvement.schools.models import (
    Contact,
    ContactRole,
    Establishment,
    EstablishmentLink,
    Governance,
    LocalAuthority,
    Trust,
    TrustType,
)
from school_improvement.schools.selectors import lineage_urns
from school_improvement.schools.services import gias_import
from tests.conftest import REAL_DATA
from tests.gias_files import (
    HEADER_135,
    HEADER_139,
    HEADER_140,
    build_gias_csv,
    build_links_csv,
    school,
)

pytestmark = pytest.mark.django_db

REAL_ROWS = REAL_DATA / "gias_rows_excel_processed_sap_public_testdata.csv"
REAL_LINKS = REAL_DATA / "gias_links_edubasealldata20250422.csv"


def run(raw: bytes, name: str = "edubasealldata20260401.csv", **kwargs):
    return gias_import(acting_user=None, source=raw, file_name=name, **kwargs)


def register_snapshot() -> dict[str, object]:
    """Everything an import may write, to prove a rejected file wrote nothing."""
    return {
        "establishments": sorted(
            Establishment.objects.values_list(
                "urn", "name", "status_name", "number_of_pupils", "head_last_name"
            )
        ),
        "history": Establishment.history.count(),
        "contacts": sorted(
            Contact.objects.values_list("establishment__urn", "last_name", "ended_on")
        ),
        "links": EstablishmentLink.objects.count(),
        "las": LocalAuthority.objects.count(),
        "trusts": Trust.objects.count(),
    }


# -- real files -----------------------------------------------------------------------


def test_the_three_real_establishment_rows_import_with_their_values():
    result = gias_import(
        acting_user=None, source=REAL_ROWS, file_date=dt.date(2025, 9, 18)
    )

    assert result.succeeded, result.problems
    assert result.counts["created"] == 3
    academy = Establishment.objects.get(urn="143034")
    assert academy.name == "St Paul's Church of England Academy"
    assert academy.la.code == "845"
    assert academy.laestab == f"845{academy.establishment_number}"
    assert academy.governance == Governance.ACADEMY
    assert academy.open_date == dt.date(2016, 8, 1)  # dd/mm/yyyy from Excel
    assert academy.trust.name == "DIOCESE OF CHICHESTER ACADEMY TRUST"
    assert academy.trust.trust_type == TrustType.MULTI_ACADEMY
    assert academy.diocese.code == "CE10"
    assert academy.number_of_pupils == 661
    assert str(academy.percentage_fsm) == "37.4"
    assert academy.fsm_count == 231
    assert academy.urban_rural_code == "UN1"
    assert academy.uprn == "1.00063E+11"  # kept as written, with a warning
    assert any(w.column == "UPRN" for w in result.warnings)
    closed = Establishment.objects.get(urn="100273")
    assert closed.status_name == "Closed"
    assert closed.close_date == dt.date(2002, 8, 31)
    assert closed.governance == Governance.LA_MAINTAINED
    assert closed.previous_la_code == "999"


def test_all_33801_rows_of_the_real_links_file_import_and_reimport_unchanged():
    first = gias_import(
        acting_user=None,
        source=REAL_ROWS,
        links_source=REAL_LINKS,
        file_date=dt.date(2025, 9, 18),
    )
    assert first.succeeded, first.problems[:3]
    assert first.counts["links_in_file"] == 33801
    assert first.counts["links_created"] == 33801
    assert EstablishmentLink.objects.count() == 33801
    link = EstablishmentLink.objects.get(urn="100006", linked_urn="134643")
    assert (link.link_type, link.established_date) == (
        "Predecessor - merged",
        dt.date(2022, 1, 1),
    )

    second = gias_import(
        acting_user=None,
        source=REAL_ROWS,
        links_source=REAL_LINKS,
        file_date=dt.date(2025, 9, 18),
    )
    assert second.counts["links_created"] == 0
    assert second.counts["links_unchanged"] == 33801
    assert second.counts["unchanged"] == 3


def test_the_real_links_file_keeps_windows_1252_characters():
    gias_import(
        acting_user=None,
        source=REAL_ROWS,
        links_source=REAL_LINKS,
        file_date=dt.date(2025, 9, 18),
    )
    assert EstablishmentLink.objects.filter(linked_name__contains="à Becket").exists()


# -- header eras ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "era"),
    [(HEADER_135, "135"), (HEADER_140, "140"), (HEADER_139, "139")],
)
def test_every_header_era_imports(columns, era):
    row = school("900001")
    if "OfstedRating (name)" in columns:
        row["OfstedRating (name)"] = "Good"
        row["OfstedLastInsp"] = "12-03-2019"
    if "FSM" in columns:
        row["FSM"] = "26"
    result = run(build_gias_csv([row], columns))
    assert result.succeeded, result.problems
    assert era in result.era
    est = Establishment.objects.get(urn="900001")
    assert est.name == "Test Primary School 900001"
    if era == "140":
        assert est.ofsted_rating == "Good"
        assert est.ofsted_last_inspection_date == dt.date(2019, 3, 12)


def test_a_135_column_file_after_a_140_column_file_keeps_the_old_ofsted_fields():
    row = school("900001", **{"OfstedRating (name)": "Good"})
    run(build_gias_csv([row], HEADER_140), "edubasealldata20250109.csv")
    later = school("900001")
    result = run(build_gias_csv([later], HEADER_135), "edubasealldata20250422.csv")
    assert result.counts["unchanged"] == 1
    assert Establishment.objects.get(urn="900001").ofsted_rating == "Good"


def test_columns_are_found_by_name_not_position():
    columns = list(reversed(HEADER_135))
    result = run(build_gias_csv([school("900001")], columns))
    assert result.succeeded
    assert Establishment.objects.get(urn="900001").phase_name == "Primary"


# -- idempotency and counts -----------------------------------------------------------


def test_the_same_file_twice_changes_nothing():
    raw = build_gias_csv([school("900001"), school("900002")])
    first = run(raw)
    history_after_first = Establishment.history.count()
    snapshot = register_snapshot()

    second = run(raw)

    assert first.counts["created"] == 2
    assert (
        second.counts["created"],
        second.counts["updated"],
        second.counts["unchanged"],
    ) == (0, 0, 2)
    assert Establishment.history.count() == history_after_first
    assert register_snapshot() == snapshot


def test_rows_written_as_when_last_imported_are_not_parsed_again():
    run(build_gias_csv([school("900001"), school("900002")]))
    known = dict(Establishment.objects.values_list("urn", "source_hash"))
    again = parse_gias(
        build_gias_csv([school("900001"), school("900002", NumberOfPupils="5")]),
        known_digests=known,
    )
    assert again.unchanged_urns == ["900001"]
    assert [r.urn for r in again.rows] == ["900002"]


def test_a_row_unchanged_but_from_another_column_era_is_parsed_and_still_unchanged():
    run(build_gias_csv([school("900001")], HEADER_140), "edubasealldata20250109.csv")
    known = dict(Establishment.objects.values_list("urn", "source_hash"))
    parsed = parse_gias(
        build_gias_csv([school("900001")], HEADER_135), known_digests=known
    )
    assert parsed.unchanged_urns == [] and len(parsed.rows) == 1
    result = run(
        build_gias_csv([school("900001")], HEADER_135), "edubasealldata20250422.csv"
    )
    assert (result.counts["unchanged"], result.counts["updated"]) == (1, 0)
    # the stored digest now matches the new layout, so the next import skips parsing
    known = dict(Establishment.objects.values_list("urn", "source_hash"))
    assert parse_gias(
        build_gias_csv([school("900001")], HEADER_135), known_digests=known
    ).unchanged_urns == ["900001"]


def test_changes_are_counted_and_kept_in_history_dated_by_the_extract():
    run(
        build_gias_csv([school("900001"), school("900002")]),
        "edubasealldata20260401.csv",
    )
    closing = school(
        "900002",
        **{
            "EstablishmentStatus (code)": "2",
            "EstablishmentStatus (name)": "Closed",
            "CloseDate": "31-08-2026",
        },
    )
    result = run(
        build_gias_csv([school("900001", NumberOfPupils="230"), closing]),
        "edubasealldata20260901.csv",
    )

    assert (result.counts["updated"], result.counts["closed"]) == (2, 1)
    est = Establishment.objects.get(urn="900001")
    assert est.number_of_pupils == 230
    before = est.history.as_of(dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert before.number_of_pupils == 210
    assert timezone.localtime(est.history.first().history_date).date() == dt.date(
        2026, 9, 1
    )
    change = next(c for c in result.changes if c["urn"] == "900001")
    assert change["fields"]["Number of pupils"] == ["210", "230"]


def test_la_filter_keeps_only_that_las_rows():
    other = school("900002", **{"LA (code)": "931", "LA (name)": "Elsewhere"})
    result = run(build_gias_csv([school("900001"), other]), la_codes=["989"])
    assert result.counts["created"] == 1
    assert result.counts["skipped_outside_area"] == 1
    assert list(Establishment.objects.values_list("urn", flat=True)) == ["900001"]


def test_a_dry_run_reports_and_writes_nothing():
    snapshot = register_snapshot()
    result = run(build_gias_csv([school("900001")]), dry_run=True)
    assert result.counts["created"] == 1
    assert result.run is None
    assert register_snapshot() == snapshot
    assert ImportRun.objects.count() == 0


def test_an_import_run_records_file_hash_counts_who_and_duration(officer):
    raw = build_gias_csv([school("900001")])
    result = gias_import(
        acting_user=officer, source=raw, file_name="edubasealldata20260401.csv"
    )
    run_ = result.run
    assert run_.status == ImportStatus.SUCCEEDED
    assert run_.file_date == dt.date(2026, 4, 1)
    assert len(run_.sha256) == 64
    assert run_.counts["created"] == 1
    assert run_.actor == officer
    assert run_.finished_at >= run_.started_at
    assert AuditEvent.objects.filter(verb="import.succeeded", actor=officer).exists()


def test_an_older_extract_is_refused_after_a_newer_one():
    run(build_gias_csv([school("900001")]), "edubasealldata20260901.csv")
    result = run(
        build_gias_csv([school("900001", NumberOfPupils="1")]),
        "edubasealldata20260401.csv",
    )
    assert not result.succeeded
    assert "move schools back in time" in result.problems[0].message
    assert Establishment.objects.get(urn="900001").number_of_pupils == 210


def test_governance_is_derived_from_the_type_group():
    rows = [
        school("900001"),
        school(
            "900002",
            **{
                "TypeOfEstablishment (code)": "34",
                "TypeOfEstablishment (name)": "Academy converter",
                "EstablishmentTypeGroup (code)": "10",
                "EstablishmentTypeGroup (name)": "Academies",
            },
        ),
        school(
            "900003",
            **{
                "TypeOfEstablishment (code)": "35",
                "TypeOfEstablishment (name)": "Free schools",
                "EstablishmentTypeGroup (code)": "11",
                "EstablishmentTypeGroup (name)": "Free Schools",
            },
        ),
        school(
            "900004",
            **{
                "TypeOfEstablishment (code)": "7",
                "TypeOfEstablishment (name)": "Community special school",
                "EstablishmentTypeGroup (code)": "5",
                "EstablishmentTypeGroup (name)": "Special schools",
            },
        ),
        school(
            "900005",
            **{
                "TypeOfEstablishment (code)": "10",
                "TypeOfEstablishment (name)": "Other independent special school",
                "EstablishmentTypeGroup (code)": "5",
                "EstablishmentTypeGroup (name)": "Special schools",
            },
        ),
        school(
            "900006",
            **{
                "TypeOfEstablishment (code)": "11",
                "TypeOfEstablishment (name)": "Other independent school",
                "EstablishmentTypeGroup (code)": "3",
                "EstablishmentTypeGroup (name)": "Independent schools",
            },
        ),
        school(
            "900007",
            **{
                "TypeOfEstablishment (code)": "18",
                "TypeOfEstablishment (name)": "Further education",
                "EstablishmentTypeGroup (code)": "1",
                "EstablishmentTypeGroup (name)": "Colleges",
            },
        ),
        school(
            "900008",
            **{
                "TypeOfEstablishment (code)": "14",
                "TypeOfEstablishment (name)": "Pupil referral unit",
                "EstablishmentTypeGroup (code)": "4",
                "EstablishmentTypeGroup (name)": "Local authority maintained schools",
            },
        ),
    ]
    run(build_gias_csv(rows))
    got = dict(Establishment.objects.values_list("urn", "governance"))
    assert got == {
        "900001": Governance.LA_MAINTAINED,
        "900002": Governance.ACADEMY,
        "900003": Governance.ACADEMY,
        "900004": Governance.LA_MAINTAINED,
        "900005": Governance.INDEPENDENT,
        "900006": Governance.INDEPENDENT,
        "900007": Governance.OTHER,
        "900008": Governance.LA_MAINTAINED,
    }


# -- headteachers ---------------------------------------------------------------------


def test_a_changed_head_name_is_a_new_head_from_the_extract_date():
    run(build_gias_csv([school("900001")]), "edubasealldata20260401.csv")
    first_head = Contact.objects.get(role=ContactRole.HEADTEACHER)
    assert first_head.started_on is None  # in post before the first extract we hold
    assert first_head.first_seen_on == dt.date(2026, 4, 1)

    changed = school(
        "900001",
        HeadFirstName="Grace",
        HeadLastName="Hopper",
        HeadPreferredJobTitle="Interim Headteacher",
    )
    result = run(build_gias_csv([changed]), "edubasealldata20260901.csv")

    assert result.counts["new_headteachers"] == 1
    old, new = Contact.objects.filter(role=ContactRole.HEADTEACHER).order_by(
        "first_seen_on"
    )
    assert old.ended_on == dt.date(2026, 9, 1)
    assert (new.first_name, new.last_name, new.started_on, new.ended_on) == (
        "Grace",
        "Hopper",
        dt.date(2026, 9, 1),
        None,
    )
    assert new.is_interim


def test_the_same_head_retyped_in_another_case_is_not_a_new_head():
    run(build_gias_csv([school("900001")]), "edubasealldata20260401.csv")
    result = run(
        build_gias_csv(
            [school("900001", HeadFirstName="ADA", HeadLastName="lovelace ")]
        ),
        "edubasealldata20260901.csv",
    )
    assert result.counts["new_headteachers"] == 0
    assert Contact.objects.filter(role=ContactRole.HEADTEACHER).count() == 1


# -- links ----------------------------------------------------------------------------


def test_links_follow_a_school_through_academisation():
    maintained = school(
        "900001",
        **{
            "EstablishmentStatus (code)": "2",
            "EstablishmentStatus (name)": "Closed",
            "CloseDate": "31-08-2024",
            "ReasonEstablishmentClosed (name)": "Academy converter",
        },
    )
    academy = school(
        "900002",
        **{
            "TypeOfEstablishment (code)": "34",
            "TypeOfEstablishment (name)": "Academy converter",
            "EstablishmentTypeGroup (code)": "10",
            "EstablishmentTypeGroup (name)": "Academies",
            "OpenDate": "01-09-2024",
        },
    )
    links = build_links_csv(
        [
            ("900001", "900002", "Test Academy", "Successor", "01-09-2024"),
            ("900002", "900001", "Test Primary", "Predecessor", "01-09-2024"),
        ]
    )
    result = run(
        build_gias_csv([maintained, academy]),
        links_source=links,
        links_file_name="links_edubasealldata20260401.csv",
    )
    assert result.counts["links_created"] == 2
    assert lineage_urns("900002") == ["900002", "900001"]


def test_a_link_dropped_from_the_next_links_file_is_removed():
    rows = build_gias_csv([school("900001"), school("900002")])
    both = build_links_csv(
        [
            ("900001", "900002", "B", "Successor", ""),
            ("900002", "900001", "A", "Predecessor", ""),
        ]
    )
    one = build_links_csv([("900001", "900002", "B", "Successor", "")])
    run(rows, links_source=both)
    result = run(rows, links_source=one)
    assert result.counts["links_removed"] == 1
    assert EstablishmentLink.objects.count() == 1


# -- rejected files: clear errors, nothing written -------------------------------------


@pytest.fixture
def existing_register():
    run(build_gias_csv([school("900001"), school("900002")]))
    return register_snapshot()


def assert_rejected(result, line, column, words):
    assert not result.succeeded
    problem = next(p for p in result.problems if p.line == line and p.column == column)
    assert words in problem.message, problem
    assert result.run.status == ImportStatus.REJECTED
    assert result.run.problems[0]["line"] is not None or line == 1


def test_a_file_without_a_urn_column_is_rejected_and_nothing_changes(existing_register):
    columns = [c for c in HEADER_135 if c != "URN"]
    row = {k: v for k, v in school("900003").items() if k != "URN"}
    result = run(build_gias_csv([row], columns))
    assert_rejected(result, 1, "URN", "required column 'URN' is missing")
    assert register_snapshot() == existing_register


def test_a_duplicate_urn_is_rejected_naming_both_lines(existing_register):
    raw = build_gias_csv(
        [school("900003"), school("900004"), school("900003", NumberOfPupils="1")]
    )
    result = run(raw)
    assert_rejected(result, 4, "URN", "duplicate URN 900003: already on line 2")
    assert register_snapshot() == existing_register


def test_an_unparseable_date_is_rejected_naming_line_and_column(existing_register):
    raw = build_gias_csv(
        [
            school("900001", NumberOfPupils="999"),
            school("900003", OpenDate="31-13-2024"),
        ]
    )
    result = run(raw)
    assert_rejected(
        result, 3, "OpenDate", "expected a date as dd-mm-yyyy or dd/mm/yyyy"
    )
    assert result.counts["rejected"] == 1
    assert register_snapshot() == existing_register


def test_a_file_in_the_wrong_encoding_is_rejected_naming_the_line(existing_register):
    raw = build_gias_csv(
        [school("900001"), school("900003", EstablishmentName="École Sainte-Anne")],
        encoding="utf-8",
    )
    result = run(raw)
    assert not result.succeeded
    assert result.problems[0].line == 3
    assert "UTF-8" in result.problems[0].message
    assert register_snapshot() == existing_register


def test_a_bad_links_file_rejects_the_establishments_too(existing_register):
    links = build_links_csv([("900001", "ABC", "x", "Successor", "")])
    result = run(
        build_gias_csv([school("900003")]),
        links_source=links,
        links_file_name="links.csv",
    )
    assert not result.succeeded
    assert result.problems[0].column == "LinkURN"
    assert result.problems[0].message.startswith("links.csv:")
    assert register_snapshot() == existing_register


def test_a_value_too_long_for_the_register_is_rejected_before_writing(
    existing_register,
):
    result = run(build_gias_csv([school("900003", Postcode="X" * 40)]))
    assert_rejected(result, 2, "Postcode", "at most 10 fit")
    assert register_snapshot() == existing_register


def test_every_problem_in_the_file_is_reported_not_just_the_first():
    raw = build_gias_csv(
        [
            school("900001", OpenDate="yesterday"),
            school("900002", StatutoryLowAge="four"),
            school("abc"),
        ]
    )
    result = run(raw)
    assert {(p.line, p.column) for p in result.problems} == {
        (2, "OpenDate"),
        (3, "StatutoryLowAge"),
        (4, "URN"),
    }
    assert result.counts["rejected"] == 3


# -- the command ----------------------------------------------------------------------


def test_the_command_imports_and_reports_counts(tmp_path, capsys):
    path = tmp_path / "edubasealldata20260401.csv"
    path.write_bytes(build_gias_csv([school("900001")]))
    call_command("import_gias", str(path), "--quiet-progress")
    out = capsys.readouterr().out
    assert "imported" in out and "Created" in out
    assert Establishment.objects.filter(urn="900001").exists()


def test_the_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "edubasealldata20260401.csv"
    path.write_bytes(build_gias_csv([school("900001")]))
    call_command("import_gias", str(path), "--dry-run", "--quiet-progress")
    assert "dry run" in capsys.readouterr().out
    assert not Establishment.objects.exists()


def test_the_command_fails_on_a_rejected_file_with_line_and_column(tmp_path, capsys):
    path = tmp_path / "edubasealldata20260401.csv"
    path.write_bytes(build_gias_csv([school("900001", CloseDate="2024-08-31")]))
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_gias", str(path), "--quiet-progress")
    out = capsys.readouterr().out
    assert "line 2, column 'CloseDate'" in out
    assert not Establishment.objects.exists()


def test_the_command_la_option(tmp_path):
    path = tmp_path / "edubasealldata20260401.csv"
    path.write_bytes(
        build_gias_csv([school("900001"), school("900002", **{"LA (code)": "931"})])
    )
    call_command("import_gias", str(path), "--la", "989", "--quiet-progress")
    assert list(Establishment.objects.values_list("urn", flat=True)) == ["900001"]


def test_an_import_judged_against_a_register_that_changed_meanwhile_is_refused(
    monkeypatch,
):
    """Two imports at once: the second read the register before the first wrote."""
    run(build_gias_csv([school("900001")]), "edubasealldata20260401.csv")
    from school_improvement.data.imports import gias as gias_module

    real_parse = gias_module.parse_gias

    def parse_then_someone_else_imports(*args, **kwargs):
        parsed = real_parse(*args, **kwargs)
        Establishment.objects.filter(urn="900001").update(source_hash="changed")
        return parsed

    monkeypatch.setattr(
        "school_improvement.schools.services.parse_gias",
        parse_then_someone_else_imports,
    )
    result = run(
        build_gias_csv([school("900001", NumberOfPupils="1")]),
        "edubasealldata20260901.csv",
    )
    assert not result.succeeded
    assert "another import changed the register" in result.problems[0].message
    assert Establishment.objects.get(urn="900001").number_of_pupils == 210


ACADEMY = {
    "TypeOfEstablishment (code)": "34",
    "TypeOfEstablishment (name)": "Academy converter",
    "EstablishmentTypeGroup (code)": "10",
    "EstablishmentTypeGroup (name)": "Academies",
}


def test_an_academy_conversion_keeps_its_heads_start_so_it_is_not_a_new_head():
    run(build_gias_csv([school("900001")]), "edubasealldata20260101.csv")
    run(
        build_gias_csv(
            [school("900001", HeadFirstName="Grace", HeadLastName="Hopper")]
        ),
        "edubasealldata20260401.csv",
    )
    closed = school(
        "900001",
        HeadFirstName="Grace",
        HeadLastName="Hopper",
        **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"},
    )
    academy = school(
        "900002",
        HeadFirstName="Grace",
        HeadLastName="Hopper",
        OpenDate="01-09-2026",
        **ACADEMY,
    )
    links = build_links_csv(
        [("900002", "900001", "Test Primary", "Predecessor", "01-09-2026")]
    )
    result = run(
        build_gias_csv([closed, academy]),
        "edubasealldata20260901.csv",
        links_source=links,
    )
    assert result.counts["new_headteachers"] == 0
    head = Contact.objects.get(
        establishment__urn="900002", role=ContactRole.HEADTEACHER
    )
    assert head.started_on == dt.date(2026, 4, 1)  # when she took over the predecessor


def test_a_school_that_opened_since_the_last_extract_has_a_head_from_its_opening():
    run(build_gias_csv([school("900001")]), "edubasealldata20260401.csv")
    new = school(
        "900003",
        OpenDate="01-09-2026",
        HeadFirstName="Katherine",
        HeadLastName="Johnson",
    )
    run(build_gias_csv([school("900001"), new]), "edubasealldata20260901.csv")
    head = Contact.objects.get(establishment__urn="900003")
    assert head.started_on == dt.date(2026, 9, 1)


def test_heads_in_the_first_import_have_no_known_start():
    run(
        build_gias_csv([school("900003", OpenDate="01-09-2026")]),
        "edubasealldata20260901.csv",
    )
    assert Contact.objects.get(establishment__urn="900003").started_on is None


def test_the_report_names_a_new_trust_rather_than_its_id():
    run(
        build_gias_csv(
            [
                school(
                    "900001",
                    **ACADEMY,
                    **{"Trusts (code)": "5001", "Trusts (name)": "Oak Trust"},
                )
            ]
        ),
        "edubasealldata20260401.csv",
    )
    result = run(
        build_gias_csv(
            [
                school(
                    "900001",
                    **ACADEMY,
                    **{"Trusts (code)": "5002", "Trusts (name)": "Ash Trust"},
                )
            ]
        ),
        "edubasealldata20260901.csv",
    )
    (change,) = result.changes
    assert change["fields"]["Trust"] == ["Oak Trust", "Ash Trust"]
