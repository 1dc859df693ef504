"""The fictional GIAS generator, demo_generate and demo_setup.

The generated files must be indistinguishable in format from a real GIAS download, so
the checks read the bytes: encoding, line endings, quoting. The national size is only
built small here (three LAs); ``make bench`` builds and imports the full one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from school_improvement.accounts.models import Role, User
from school_improvement.accounts.services import user_create
from school_improvement.core import clock
from school_improvement.core.models import AuditEvent
from school_improvement.data.imports.csvfile import parse_date
from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.indicators.models import AreaValue, IndicatorValue
from school_improvement.inspections.models import Framework, Inspection
from school_improvement.schools.demo.generator import (
    AREA_FILES,
    GIAS_HEADER,
    LINKS_HEADER,
    generate_area,
    generate_national,
)
from school_improvement.schools.models import Contact, Establishment, EstablishmentLink
from school_improvement.schools.services import gias_import
from tests.conftest import FORMATS

APRIL, SEPTEMBER, LINKS = AREA_FILES
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("area")
    generate_area(out)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="cp1252", newline="") as f:
        return list(csv.DictReader(f))


def _open(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["EstablishmentStatus (code)"] in {"1", "3"}]


def _state_funded(row: dict[str, str]) -> bool:
    return row["EstablishmentTypeGroup (code)"] in {"4", "10", "11"} or row[
        "TypeOfEstablishment (code)"
    ] in {"07", "12"}


# -- the format ---------------------------------------------------------------------


def test_embedded_header_is_the_shared_135_column_list() -> None:
    lines = (FORMATS / "gias_edubasealldata_from_2025-04_135cols.txt").read_text(
        encoding="utf-8"
    )
    assert tuple(lines.splitlines()) == GIAS_HEADER
    assert len(GIAS_HEADER) == 135
    links = (FORMATS / "dfe_sap__links_edubasealldata.txt").read_text(encoding="utf-8")
    assert tuple(links.splitlines()) == LINKS_HEADER


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        generate_area(tmp_path / name, seed=7 if name != "c" else 8)
    for file in AREA_FILES:
        assert (tmp_path / "a" / file).read_bytes() == (
            tmp_path / "b" / file
        ).read_bytes()
    assert (tmp_path / "a" / APRIL).read_bytes() != (
        tmp_path / "c" / APRIL
    ).read_bytes()


def test_area_files_are_windows_1252_crlf_and_quoted_as_gias_does(area: Path) -> None:
    for file in AREA_FILES:
        raw = (area / file).read_bytes()
        raw.decode("cp1252")  # strict
        assert raw.endswith(b"\r\n")
        assert raw.count(b"\n") == raw.count(b"\r\n"), "every line ends in CRLF"
    raw = (area / APRIL).read_bytes()
    header, first, *_ = raw.split(b"\r\n")
    assert header.startswith(b'"URN","LA (code)","LA (name)","EstablishmentNumber"')
    assert header.count(b'"') == 2 * 135
    # URN and the other integer columns are bare; codes and counts are quoted strings.
    assert first.split(b",")[0].isdigit()
    assert first.split(b",")[1] == b'"989"'
    # Characters outside ASCII are single Windows-1252 bytes, not UTF-8 pairs.
    assert "St Thomas à Becket".encode("cp1252") in raw
    assert "Ætherfield".encode("cp1252") in raw
    assert "The Brookfield – Elmhurst Federation".encode("cp1252") in raw
    assert "à".encode() not in raw

    row = next(
        r for r in _rows(area / APRIL) if r["EstablishmentName"].startswith("St Thomas")
    )
    assert row["PreviousLA (code)"] == "999"
    assert row["Diocese (code)"].startswith("RC")
    line = next(x for x in raw.split(b"\r\n") if b"St Thomas \xe0 Becket" in x)
    cells = _raw_cells(line.decode("cp1252"))
    assert len(cells) == 135
    for column in (
        "URN",
        "StatutoryLowAge",
        "StatutoryHighAge",
        "SchoolCapacity",
        "Easting",
    ):
        assert cells[GIAS_HEADER.index(column)].isdigit(), column
    for column in ("LA (code)", "NumberOfPupils", "PercentageFSM", "CensusDate", "FSM"):
        assert cells[GIAS_HEADER.index(column)].startswith('"'), column
    assert cells[GIAS_HEADER.index("CensusDate")] == '"15-01-2026"'
    assert (
        cells[GIAS_HEADER.index("ReasonEstablishmentOpened (name)")]
        == '"Not applicable"'
    )


def _raw_cells(line: str) -> list[str]:
    """Split a CSV line but keep each cell exactly as written, quotes included."""
    return re.findall(r'("(?:[^"]|"")*"|[^,]*)(?:,|$)', line)[:-1] or []


def test_area_has_a_realistic_mix(area: Path) -> None:
    rows = _rows(area / APRIL)
    assert 240 <= len(rows) <= 260
    assert len({r["URN"] for r in rows}) == len(rows)
    assert {r["LA (code)"] for r in rows} == {"989"}
    state = [r for r in _open(rows) if _state_funded(r)]
    phases = Counter(r["PhaseOfEducation (name)"] for r in state)
    assert 0.70 <= phases["Primary"] / len(state) <= 0.80
    assert phases["Secondary"] >= 25
    assert (
        phases["All-through"] >= 1 and phases["Nursery"] >= 3 and phases["16 plus"] >= 1
    )
    types = Counter(r["TypeOfEstablishment (name)"] for r in _open(rows))
    for kind in (
        "Community school",
        "Voluntary aided school",
        "Voluntary controlled school",
        "Foundation school",
        "Academy converter",
        "Academy sponsor led",
        "Free schools",
        "Community special school",
        "Academy special converter",
        "Pupil referral unit",
        "Academy alternative provision sponsor led",
        "Local authority nursery school",
    ):
        assert types[kind] >= 1, kind
    academies = sum(
        1 for r in state if r["EstablishmentTypeGroup (code)"] in {"10", "11"}
    )
    assert 0.4 <= academies / len(state) <= 0.6
    trusts = {
        (r["Trusts (code)"], r["TrustSchoolFlag (name)"])
        for r in _open(rows)
        if r["Trusts (code)"]
    }
    flags = Counter(flag for _, flag in trusts)
    assert flags["Supported by a multi-academy trust"] == 6
    assert flags["Supported by a single-academy trust"] == 2
    assert len({r["Federations (code)"] for r in rows if r["Federations (code)"]}) == 2
    dioceses = {r["Diocese (name)"] for r in rows if r["Diocese (code)"] != "0000"}
    assert len(dioceses) == 2
    special = [
        r
        for r in state
        if r["SEN1 (name)"] and r["EstablishmentTypeGroup (code)"] != "4"
    ]
    assert special, "special schools state their SEN provision"
    closed = [r for r in rows if r["EstablishmentStatus (name)"] == "Closed"]
    assert 20 <= len(closed) <= 30
    assert all(r["CloseDate"] and r["ReasonEstablishmentClosed (name)"] for r in closed)
    assert {r["UrbanRural (code)"] for r in rows} >= {"UN1", "UF1", "RSF1"}
    jobs = Counter(r["HeadPreferredJobTitle"] for r in _open(rows))
    assert jobs["Executive Headteacher"] >= 1 and jobs["Interim Headteacher"] >= 1
    assert all(r["Postcode"].startswith("NS") for r in rows)


def test_second_extract_changes_heads_converts_one_school_and_opens_one(
    area: Path,
) -> None:
    april = {r["URN"]: r for r in _rows(area / APRIL)}
    september = {r["URN"]: r for r in _rows(area / SEPTEMBER)}
    assert set(april) < set(september)
    new = [september[u] for u in set(september) - set(april)]
    assert len(new) == 1 and new[0]["OpenDate"] == "01-09-2026"
    assert new[0]["TypeOfEstablishment (name)"] == "Academy converter"

    def head(r: dict[str, str]) -> tuple[str, str]:
        return r["HeadFirstName"], r["HeadLastName"]

    changed = [
        u for u in april if head(april[u]) != head(september[u]) and head(april[u])[0]
    ]
    assert len(changed) == 15
    closed_now = [
        u
        for u in april
        if april[u]["EstablishmentStatus (name)"] != "Closed"
        and september[u]["EstablishmentStatus (name)"] == "Closed"
    ]
    assert len(closed_now) == 1
    converted = september[closed_now[0]]
    assert converted["ReasonEstablishmentClosed (name)"] == "Academy Converter"
    assert converted["CloseDate"] == "31-08-2026"
    opened = [
        u
        for u in april
        if april[u]["EstablishmentStatus (name)"] == "Proposed to open"
        and september[u]["EstablishmentStatus (name)"] == "Open"
    ]
    assert len(opened) == 1
    pupils = [
        u for u in april if april[u]["NumberOfPupils"] != september[u]["NumberOfPupils"]
    ]
    assert 3 <= len(pupils) <= 8

    links = _rows(area / LINKS)
    pairs = {(r["URN"], r["LinkURN"], r["LinkType"]) for r in links}
    assert (closed_now[0], new[0]["URN"], "Successor") in pairs
    assert (new[0]["URN"], closed_now[0], "Predecessor") in pairs
    for urn, linked, kind in pairs:  # every link is stated from both ends
        other = kind.replace("Successor", "X").replace("Predecessor", "Successor")
        assert (linked, urn, other.replace("X", "Predecessor")) in pairs


def test_national_mode_small(tmp_path: Path) -> None:
    result = generate_national(tmp_path, la_count=3)
    rows = _rows(result.extracts[0])
    assert result.rows[0] == len(rows)
    assert 300 <= len(rows) / 3 <= 400
    assert len({r["LA (code)"] for r in rows}) == 3
    urns = [int(r["URN"]) for r in rows]
    assert urns == sorted(urns) and len(set(urns)) == len(urns)
    closed = sum(1 for r in rows if r["EstablishmentStatus (name)"] == "Closed")
    assert 0.4 <= closed / len(rows) <= 0.6
    assert result.link_rows > len(rows) / 3
    again = generate_national(tmp_path / "again", la_count=3)
    assert again.extracts[0].read_bytes() == result.extracts[0].read_bytes()


@pytest.mark.django_db
def test_national_mode_imports(tmp_path: Path) -> None:
    result = generate_national(tmp_path, la_count=2)
    imported = gias_import(
        acting_user=None, source=result.extracts[0], links_source=result.links
    )
    assert imported.succeeded, imported.problems[:3]
    assert imported.counts["created"] == result.rows[0]
    assert imported.counts["links_created"] == result.link_rows


# -- demo_generate and demo_setup -----------------------------------------------------


def test_demo_generate_command(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("demo_generate", "--out", str(tmp_path), "--seed", "3", stdout=out)
    assert all((tmp_path / f).is_file() for f in AREA_FILES)
    assert "links" in out.getvalue()


@pytest.mark.django_db
def test_demo_setup_loads_the_area_and_accounts_and_is_idempotent(
    tmp_path: Path, settings
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    out = io.StringIO()
    call_command("demo_setup", "--out", str(tmp_path), stdout=out)
    text = out.getvalue()

    assert 240 <= Establishment.objects.filter(la__code="989").count() <= 260
    runs = ImportRun.objects.filter(
        status=ImportStatus.SUCCEEDED, kind=ImportKind.GIAS
    ).order_by("file_date")
    assert [r.file_name for r in runs] == [APRIL, SEPTEMBER]
    # and the official data, every file through the same importers
    official = ImportRun.objects.exclude(kind=ImportKind.GIAS)
    assert official.count() == 12
    assert set(official.values_list("status", flat=True)) == {ImportStatus.SUCCEEDED}
    assert Inspection.objects.filter(framework=Framework.REPORT_CARD).exists()
    assert IndicatorValue.objects.filter(indicator__code="ks2_rwm_expected").exists()
    assert AreaValue.objects.filter(level="national").exists()
    assert runs[1].counts["new_headteachers"] == 15
    assert runs[1].counts["created"] == 1 and runs[1].counts["closed"] == 1
    assert EstablishmentLink.objects.count() == runs[1].counts["links_in_file"]

    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {
        "admin",
        "officer",
        "senior",
        "leader",
        "qa",
        "school",
        "board",
    }
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert not users["officer"].is_staff
    schools = list(users["school"].establishments.all())
    assert (
        len(schools) == 1 and schools[0].is_open and schools[0].phase_name == "Primary"
    )
    assert "http://127.0.0.1:8000/" in text
    # the demo's visit reports speak of key stages the school teaches
    from school_improvement.visits.models import VisitReport

    reports = list(VisitReport.objects.select_related("visit__establishment"))
    assert reports
    for report in reports:
        school = report.visit.establishment
        low, high = school.statutory_low_age, school.statutory_high_age
        for stage, (first, last) in {
            "Key Stage 1": (6, 7),
            "Key Stage 2": (9, 11),
            "Key Stage 4": (14, 16),
        }.items():
            if stage in report.focus_areas:
                assert low <= first and high >= last, (school.name, low, high, stage)
    # written up soon after the visit, not all on the day the demo was loaded
    today = clock.today()
    for report in reports:
        written = timezone.localdate(report.submitted_at)
        assert report.visit.planned_date <= written <= today
        if report.visit.planned_date < today - dt.timedelta(days=2):
            assert written == report.visit.planned_date + dt.timedelta(days=2)
    for user in users.values():  # each password printed once, and it works
        line = next(x for x in text.splitlines() if f" {user.username} " in x)
        password = line.split("│")[3].strip()
        assert user.check_password(password)

    before = (
        Establishment.objects.count(),
        Contact.objects.count(),
        ImportRun.objects.count(),
        AuditEvent.objects.count(),
        sorted(User.objects.values_list("username", "password")),
    )
    again = io.StringIO()
    call_command("demo_setup", "--out", str(tmp_path), stdout=again)
    after = (
        Establishment.objects.count(),
        Contact.objects.count(),
        ImportRun.objects.count(),
        AuditEvent.objects.count(),
        sorted(User.objects.values_list("username", "password")),
    )
    assert after == before
    assert "already imported" in again.getvalue()
    assert "--reset-passwords" in again.getvalue()
    assert "Password" not in again.getvalue()

    reset = io.StringIO()
    call_command(
        "demo_setup", "--out", str(tmp_path), "--reset-passwords", stdout=reset
    )
    assert User.objects.get(username="qa").password != users["qa"].password
    assert "Password" in reset.getvalue()


@pytest.mark.django_db
def test_user_create_validates_and_audits(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    with pytest.raises(ValidationError):
        user_create(
            acting_user=None, username="weak", role=Role.OFFICER, password="password"
        )
    with pytest.raises(ValidationError):
        user_create(
            acting_user=None,
            username="lonely",
            role=Role.SCHOOL_USER,
            password="a-long-enough-passphrase",
        )
    assert not User.objects.exists()
    user = user_create(
        acting_user=None,
        username="ok",
        role=Role.QUALITY_ASSURER,
        password="a-long-enough-passphrase",
    )
    assert user.check_password("a-long-enough-passphrase")
    event = AuditEvent.objects.get(verb="user.created")
    assert event.object_id == str(user.pk)
    with pytest.raises(ValidationError):
        user_create(
            acting_user=None,
            username="ok",
            role=Role.OFFICER,
            password="a-long-enough-passphrase",
        )


# -- the importer's fast paths give what the plain ones gave ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "01-09-2026",
        "31-12-1999",
        "29-02-2024",
        "29-02-2025",
        "31-04-2026",
        "00-01-2026",
        "1-9-2026",
        "01/09/2026",
        "+1-09-2026",
        "01-09-0000",
        "０１-09-2026",
        " 01-09-2026 ",
    ],
)
def test_parse_date_agrees_with_strptime(text: str) -> None:
    expected: dt.date | None | str
    for fmt in ("%d-%m-%Y", "%d/%m/%Y"):
        try:
            expected = dt.datetime.strptime(text.strip(), fmt).date()
            break
        except ValueError:
            continue
    else:
        expected = "rejected"
    try:
        got: dt.date | None | str = parse_date(text)
    except ValueError:
        got = "rejected"
    assert got == expected


@pytest.mark.django_db
def test_created_rows_and_their_history_are_complete(area: Path) -> None:
    result = gias_import(acting_user=None, source=area / APRIL)
    assert result.succeeded
    history = Establishment.history.model
    tracked = [f.attname for f in history.tracked_fields]
    by_id = {h.id: h for h in history.objects.all()}
    establishments = list(Establishment.objects.all())
    assert len(by_id) == len(establishments) == result.counts["created"]
    when = clock.start_of_day(dt.date(2026, 4, 1))
    for est in establishments:
        record = by_id[est.pk]
        assert record.history_type == "+"
        assert record.history_date == when
        assert record.history_change_reason == f"GIAS extract {APRIL}"
        assert record.history_user_id is None
        for name in tracked:
            assert getattr(record, name) == getattr(est, name), name
        assert est.created_at is not None and est.source_hash
    heads = Contact.objects.all()
    assert heads.count() == Contact.history.count() > 200
    assert {c.source for c in heads} == {"gias"} and {c.role for c in heads} == {
        "headteacher"
    }
