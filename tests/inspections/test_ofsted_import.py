"""The Ofsted import: every era, idempotent, atomic, order-independent, predecessors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.inspections.models import Framework, Inspection
from school_improvement.inspections.selectors import inspections_for
from school_improvement.inspections.services import ofsted_import
from school_improvement.schools.models import EstablishmentLink
from tests.factories import EstablishmentFactory
from tests.ofsted_files import (
    OEIF_SAFEGUARDING,
    build_ofsted_csv,
    graded_school,
    report_card_school,
    section8_school,
)

pytestmark = pytest.mark.django_db

JAN = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Jan_2026.csv"
AUG = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Aug_2025.csv"


def run(raw: bytes, name: str = JAN, **kwargs):
    return ofsted_import(acting_user=None, source=raw, file_name=name, **kwargs)


def consistent_report_card(urn: str) -> dict[str, str]:
    """A report card whose OEIF block is the graded file's latest graded inspection."""
    return report_card_school(
        urn,
        **{
            "Inspection start date of latest OEIF graded inspection": "01/10/2024",
            "Publication date of latest OEIF graded inspection": "12/11/2024",
            "Inspection type of latest OEIF graded inspection": "Section 5",
            "Inspection type grouping of latest OEIF graded inspection": "Graded inspection",
            "Event type grouping of latest OEIF graded inspection": "Standard inspection",
            "Latest OEIF overall effectiveness": "Not judged",
            "Latest OEIF quality of education": "2",
            "Latest OEIF behaviour and attitudes": "1",
            "Latest OEIF personal development": "2",
            "Latest OEIF effectiveness of leadership and management": "3",
            OEIF_SAFEGUARDING: "Yes",
            "Latest OEIF early years provision (where applicable)": "4",
            "Latest OEIF sixth form provision (where applicable)": "9",
            "Latest ungraded inspection number": "10300003",
            "Date of latest ungraded inspection": "10/06/2025",
            "Ungraded inspection publication date": "15/07/2025",
            "Ungraded inspection overall outcome": "Standards maintained",
        },
    )


def state() -> list[tuple]:
    return sorted(
        Inspection.objects.values_list(
            "inspection_number",
            "establishment__urn",
            "framework",
            "start_date",
            "category_of_concern",
            "outcome",
            "first_seen_on",
            "file_date",
        )
    )


def judgements(number: str) -> dict:
    return Inspection.objects.get(inspection_number=number).judgements


def test_report_card_file_stores_each_framework_in_its_own_terms():
    EstablishmentFactory(urn="100001")
    result = run(build_ofsted_csv("report_card", [report_card_school("100001")]))
    assert result.succeeded, result.problems
    assert result.era == "report_card"
    assert result.file_date == dt.date(2026, 1, 31)
    card = Inspection.objects.get(inspection_number="10400001")
    assert card.framework == Framework.REPORT_CARD
    assert card.judgements["achievement"] == "Expected standard"
    assert card.judgements["leadership_and_governance"] == "Needs attention"
    assert card.judgements["safeguarding_standards"] == "Met"
    assert "overall_effectiveness" not in card.judgements  # never a grade
    assert card.grade_dates["inclusion"] == "2025-12-02"
    assert card.areas_below_expected() == ["leadership_and_governance"]
    oeif = Inspection.objects.get(inspection_number="10200002")
    assert oeif.framework == Framework.EIF
    assert oeif.judgements["overall_effectiveness"] == "2"
    assert oeif.judgements["sixth_form"] == "not_applicable"
    assert oeif.overall_grade == "2"
    ungraded = Inspection.objects.get(inspection_number="10300003")
    assert ungraded.framework == Framework.UNGRADED
    run_ = ImportRun.objects.get()
    assert run_.kind == ImportKind.OFSTED and run_.status == ImportStatus.SUCCEEDED
    assert card.import_run == run_
    assert result.counts["inspections_created"] == 3


def test_graded_era_keeps_not_judged_and_nine():
    EstablishmentFactory(urn="100001")
    assert run(
        build_ofsted_csv("graded_ungraded", [graded_school("100001")]), AUG
    ).succeeded
    graded = judgements("10200002")
    assert graded["overall_effectiveness"] == "not_judged"
    assert graded["early_years"] == "4"
    assert graded["sixth_form"] == "not_applicable"
    assert judgements("10100001")["overall_effectiveness"] == "3"
    assert (
        Inspection.objects.get(inspection_number="10300003").outcome
        == "Standards maintained"
    )


def test_section8_era_with_category_of_concern():
    EstablishmentFactory(urn="100001")
    assert run(
        build_ofsted_csv("section8", [section8_school("100001")]),
        "latest_inspections_as_at_31_August_2022.csv",
    ).succeeded
    full = Inspection.objects.get(inspection_number="10200002")
    assert full.category_of_concern == "SM"
    assert full.judgements["safeguarding_effective"] == "No"
    assert full.get_category_of_concern_display() == "Special measures"


def test_importing_twice_changes_nothing():
    EstablishmentFactory(urn="100001")
    raw = build_ofsted_csv("report_card", [report_card_school("100001")])
    run(raw)
    before = (state(), Inspection.history.count())
    again = run(raw)
    assert again.counts["inspections_created"] == 0
    assert again.counts["inspections_updated"] == 0
    assert again.counts["inspections_unchanged"] == 3
    assert (state(), Inspection.history.count()) == before


@pytest.mark.parametrize("order", ["older_first", "newer_first"])
def test_two_monthly_files_in_either_order_build_the_same_history(order):
    EstablishmentFactory(urn="100001")
    graded = build_ofsted_csv("graded_ungraded", [graded_school("100001")])
    card = build_ofsted_csv("report_card", [consistent_report_card("100001")])
    files = [(graded, AUG), (card, JAN)]
    if order == "newer_first":
        files.reverse()
    for raw, name in files:
        assert run(raw, name).succeeded
    numbers = {i.inspection_number: i for i in Inspection.objects.all()}
    # report card, the graded inspection it carries, the ungraded one, and the
    # previous graded one only the older file lists
    assert set(numbers) == {"10400001", "10200002", "10300003", "10100001"}
    assert numbers["10400001"].framework == Framework.REPORT_CARD
    assert numbers["10200002"].first_seen_on == dt.date(2025, 8, 31)
    assert numbers["10100001"].judgements["overall_effectiveness"] == "3"
    snapshot = [
        (n, i.file_date, i.first_seen_on, i.judgements)
        for n, i in sorted(numbers.items())
    ]
    # the same final state whichever order: compare against a fresh import in the other order
    Inspection.history.all().delete()
    Inspection.objects.all().delete()
    for raw, name in reversed(files):
        run(raw, name)
    other = [
        (i.inspection_number, i.file_date, i.first_seen_on, i.judgements)
        for i in Inspection.objects.order_by("inspection_number")
    ]
    assert snapshot == other


def test_newer_file_revises_details_and_history_keeps_the_old():
    EstablishmentFactory(urn="100001")
    run(build_ofsted_csv("report_card", [report_card_school("100001")]))
    revised = report_card_school("100001", **{"Achievement": "Needs attention"})
    later = "latest_inspections_as_at_28_Feb_2026.csv"
    result = run(build_ofsted_csv("report_card", [revised]), later)
    assert result.counts["inspections_updated"] == 1
    card = Inspection.objects.get(inspection_number="10400001")
    assert card.judgements["achievement"] == "Needs attention"
    assert card.file_date == dt.date(2026, 2, 28)
    old = card.history.order_by("history_id").first()
    assert old.judgements["achievement"] == "Expected standard"
    # an older file saying otherwise does not undo the newer details
    older = run(build_ofsted_csv("report_card", [report_card_school("100001")]), JAN)
    assert older.counts["inspections_older_kept"] == 1
    card.refresh_from_db()
    assert card.judgements["achievement"] == "Needs attention"


def test_schools_outside_the_register_are_skipped():
    EstablishmentFactory(urn="100001")
    raw = build_ofsted_csv(
        "report_card", [report_card_school("100001"), report_card_school("199999")]
    )
    result = run(raw)
    assert result.counts["schools_in_file"] == 2
    assert result.counts["schools_outside_register"] == 1
    assert not Inspection.objects.filter(establishment__urn="199999").exists()


def test_predecessor_inspections_show_on_the_successor():
    predecessor = EstablishmentFactory(urn="100001")
    successor = EstablishmentFactory(urn="100002")
    EstablishmentLink.objects.create(
        urn="100002", linked_urn="100001", link_type="Predecessor"
    )
    row = section8_school(
        "100002",
        **{
            "Does the latest full inspection relate to the URN of the current school?": "No",
            "URN at time of latest full inspection": "100001",
        },
    )
    assert run(build_ofsted_csv("section8", [row]), "x_as_at_31_Aug_2022.csv").succeeded
    full = Inspection.objects.get(inspection_number="10200002")
    assert full.urn_at_time == "100001" and full.relates_to_current_urn is False
    assert "10200002" in {i.inspection_number for i in inspections_for(successor)}
    assert "10200002" in {i.inspection_number for i in inspections_for(predecessor)}


@pytest.mark.parametrize(
    "row, column",
    [
        (report_card_school("100001", **{"Achievement": "Good"}), "Achievement"),
        (
            report_card_school("100001", **{"Safeguarding standards": "Yes"}),
            "Safeguarding standards",
        ),
        (
            report_card_school("100001", **{"Inspection start date": "2025-12-02"}),
            "Inspection start date",
        ),
    ],
)
def test_a_bad_value_rejects_the_file_and_writes_nothing(row, column):
    EstablishmentFactory(urn="100001")
    run(build_ofsted_csv("report_card", [report_card_school("100001")]))
    before = (state(), Inspection.history.count())
    result = run(build_ofsted_csv("report_card", [row]), "x_as_at_28_Feb_2026.csv")
    assert not result.succeeded
    assert result.problems[0].line == 2
    assert result.problems[0].column == column
    assert (state(), Inspection.history.count()) == before
    rejected = ImportRun.objects.get(status=ImportStatus.REJECTED)
    assert rejected.problems[0]["column"] == column


def test_unknown_era_and_missing_key_column_are_rejected():
    EstablishmentFactory(urn="100001")
    result = run(b"URN,School name\r\n100001,A school\r\n")
    assert not result.succeeded
    assert "not an Ofsted" in result.problems[0].message
    missing = build_ofsted_csv(
        "report_card",
        [report_card_school("100001")],
        drop=("Inspection number of latest OEIF graded inspection",),
    )
    result = run(missing)
    assert (
        result.problems[0].column
        == "Inspection number of latest OEIF graded inspection"
    )
    assert Inspection.objects.count() == 0


def test_dry_run_writes_nothing():
    EstablishmentFactory(urn="100001")
    result = run(
        build_ofsted_csv("report_card", [report_card_school("100001")]), dry_run=True
    )
    assert result.succeeded and result.counts["inspections_created"] == 3
    assert result.run is None
    assert Inspection.objects.count() == 0 and ImportRun.objects.count() == 0


def test_command(tmp_path, capsys):
    EstablishmentFactory(urn="100001")
    path = tmp_path / JAN
    path.write_bytes(build_ofsted_csv("report_card", [report_card_school("100001")]))
    call_command("import_ofsted", str(path), "--quiet-progress")
    assert Inspection.objects.count() == 3
    bad = tmp_path / "bad_as_at_31_Jan_2026.csv"
    bad.write_bytes(
        build_ofsted_csv(
            "report_card", [report_card_school("100001", Inclusion="Great")]
        )
    )
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_ofsted", str(bad), "--quiet-progress")
    assert "column 'Inclusion'" in capsys.readouterr().out
