"""Build small Ofsted "latest inspections" management-information CSVs for tests, as
Ofsted writes them: every field quoted, CRLF, Windows-1252, ``dd/mm/yyyy`` dates.

    from tests.ofsted_files import build_ofsted_csv, graded_school

    data = build_ofsted_csv("graded_ungraded", [graded_school("100001")])

The headers are the verbatim lists in shared/formats/columns/. The section 8 era's list
is alphabetical (its file order is not known); the parser finds columns by name, so the
fixture uses it in that order.
"""

from __future__ import annotations

import csv
import io

from tests.shared_dir import FORMATS


def _header(file_name: str) -> list[str]:
    # Verbatim: not stripped or folded (the report-card list has a double space).
    lines = (FORMATS / file_name).read_text(encoding="utf-8").splitlines()
    return [line.rstrip("\r\n") for line in lines if line.strip()]


HEADERS: dict[str, list[str]] = {
    "report_card": _header(
        "ofsted_mi_latest_inspections_reportcard_era_from_Nov2025__D2_most_recent.txt"
    ),
    "graded_ungraded": _header(
        "ofsted_mi_latest_inspections_graded_ungraded_era_c2023-2025__JT-39.txt"
    ),
    "section8": _header(
        "ofsted_mi_latest_inspections_section8_era_c2019-2023__ALPHABETICAL_not_file_order.txt"
    ),
}
OEIF_SAFEGUARDING = "Latest OEIF  safeguarding is effective?"  # double space, verbatim


def build_ofsted_csv(
    era: str,
    rows: list[dict[str, str]],
    *,
    rename: dict[str, str] | None = None,
    drop: tuple[str, ...] = (),
    encoding: str = "cp1252",
) -> bytes:
    """A file of ``era`` ("report_card", "graded_ungraded" or "section8") with ``rows``
    keyed by the verbatim header names (missing columns are empty). ``rename`` writes a
    column under another header name (rows still use the verbatim name); ``drop`` leaves
    columns out."""
    header = [h for h in HEADERS[era] if h not in drop]
    unknown = {k for row in rows for k in row} - set(HEADERS[era])
    if unknown:
        raise KeyError(f"not columns of the {era} file: {sorted(unknown)}")
    rename = rename or {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([rename.get(h, h) for h in header])
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode(encoding)


def _school(urn: str) -> dict[str, str]:
    return {
        "URN": urn,
        "LAESTAB": f"989{2000 + int(urn) % 1000:04d}" if urn.isdigit() else "9892999",
        "School name": f"Test Primary School {urn}",
        "Ofsted phase": "Primary",
        "Type of education": "Community school",
        "Local authority": "Northshire",
        "Total number of pupils": "210",
    }


def report_card_school(urn: str = "100001", **overrides: str) -> dict[str, str]:
    """A school with a report card (Nov 2025), its last OEIF graded inspection and an
    ungraded inspection in between. Override any column by its verbatim name."""
    row = _school(urn) | {
        "Web Link (opens in new window)": f"https://reports.ofsted.gov.uk/provider/21/{urn}",
        "Inspection number of latest full inspection": "10400001",
        "Inspection type": "Full inspection",
        "Inspection type grouping": "Full inspection",
        "Event type grouping": "Report card inspection",
        "Inspection start date": "02/12/2025",
        "Publication date": "20/01/2026",
        "Does the latest full inspection relate to the URN of the current school?": "Yes",
        "URN at time of latest full inspection": urn,
        "LAESTAB at time of latest full inspection": "9892001",
        "School name at time of latest full inspection": f"Test Primary School {urn}",
        "School type at time of latest full inspection": "Community school",
        "Category of concern": "",
        "Safeguarding standards": "Met",
        "Safeguarding standards - date of grade": "02/12/2025",
        "Inclusion": "Strong standard",
        "Inclusion - date of grade": "02/12/2025",
        "Curriculum and teaching": "Expected standard",
        "Curriculum and teaching - date of grade": "02/12/2025",
        "Achievement": "Expected standard",
        "Achievement - date of grade": "02/12/2025",
        "Attendance and behaviour": "Exceptional",
        "Attendance and behaviour - date of grade": "02/12/2025",
        "Personal development and wellbeing": "Strong standard",
        "Personal development and wellbeing - date of grade": "02/12/2025",
        "Early years (where applicable)": "Expected standard",
        "Early years - date of grade": "02/12/2025",
        "Post-16 provision (where applicable)": "Not applicable",
        "Post-16 provision - date of grade": "",
        "Leadership and governance": "Needs attention",
        "Leadership and governance - date of grade": "02/12/2025",
        "Inspection number of latest OEIF graded inspection": "10200002",
        "Inspection type of latest OEIF graded inspection": "Section 5",
        "Inspection type grouping of latest OEIF graded inspection": "Graded inspection",
        "Event type grouping of latest OEIF graded inspection": "Standard inspection",
        "Inspection start date of latest OEIF graded inspection": "14/03/2022",
        "Publication date of latest OEIF graded inspection": "20/04/2022",
        "Does the latest OEIF graded inspection relate to the URN of the current school?": "Yes",
        "URN at time of latest OEIF graded inspection": urn,
        "LAESTAB at time of latest OEIF graded inspection": "9892001",
        "School name at time of latest OEIF graded inspection": f"Test Primary School {urn}",
        "School type at time of latest OEIF graded inspection": "Community school",
        "Latest OEIF category of concern": "",
        "Latest OEIF overall effectiveness": "2",
        "Latest OEIF quality of education": "2",
        "Latest OEIF behaviour and attitudes": "1",
        "Latest OEIF personal development": "2",
        "Latest OEIF effectiveness of leadership and management": "2",
        OEIF_SAFEGUARDING: "Yes",
        "Latest OEIF early years provision (where applicable)": "2",
        "Latest OEIF sixth form provision (where applicable)": "9",
        "Latest ungraded inspection number": "10300003",
        "Date of latest ungraded inspection": "05/02/2024",
        "Ungraded inspection publication date": "01/03/2024",
        "Does the ungraded inspection relate to the URN of the current school?": "Yes",
        "URN at time of the ungraded inspection": urn,
        "LAESTAB at time of the ungraded inspection": "9892001",
        "School name at time of the ungraded inspection": f"Test Primary School {urn}",
        "School type at time of the ungraded inspection": "Community school",
        "Ungraded inspection overall outcome": "School remains Good",
        "Most recent category of concern": "",
    }
    row.update(overrides)
    return row


def graded_school(urn: str = "100001", **overrides: str) -> dict[str, str]:
    """A school in the graded/ungraded era file (2023-2025): a graded inspection under
    the 2024 rules (no overall grade), a previous graded one and an ungraded one."""
    row = _school(urn) | {
        "Web link": f"https://reports.ofsted.gov.uk/provider/21/{urn}",
        "Latest ungraded inspection number since last graded inspection": "10300003",
        "Does the ungraded inspection relate to the URN of the current school?": "Yes",
        "URN at time of the ungraded inspection": urn,
        "LAESTAB at time of the ungraded inspection": "9892001",
        "School name at time of the ungraded inspection": f"Test Primary School {urn}",
        "School type at time of the ungraded inspection": "Community school",
        "Number of ungraded inspections since the last graded inspection": "1",
        "Date of latest ungraded inspection": "10/06/2025",
        "Ungraded inspection publication date": "15/07/2025",
        "Did the latest ungraded inspection convert to a graded inspection?": "No",
        "Ungraded inspection overall outcome": "Standards maintained",
        "Number of monitoring and urgent inspections since last graded inspection": "0",
        "Inspection number of latest graded inspection": "10200002",
        "Inspection type": "Section 5",
        "Inspection type grouping": "Graded inspection",
        "Event type grouping": "Standard inspection",
        "Inspection start date": "01/10/2024",
        "Inspection end date": "02/10/2024",
        "Publication date": "12/11/2024",
        "Does the latest graded inspection relate to the URN of the current school?": "Yes",
        "URN at time of latest graded inspection": urn,
        "LAESTAB at time of latest graded inspection": "9892001",
        "School name at time of latest graded inspection": f"Test Primary School {urn}",
        "School type at time of latest graded inspection": "Community school",
        "Overall effectiveness": "Not judged",
        "Category of concern": "",
        "Quality of education": "2",
        "Behaviour and attitudes": "1",
        "Personal development": "2",
        "Effectiveness of leadership and management": "3",
        "Safeguarding is effective?": "Yes",
        "Early years provision (where applicable)": "4",
        "Sixth form provision (where applicable)": "9",
        "Previous graded inspection number": "10100001",
        "Previous inspection start date": "05/03/2019",
        "Previous inspection end date": "06/03/2019",
        "Previous publication date": "10/04/2019",
        "Does the previous graded inspection relate to the URN of the current school?": "Yes",
        "URN at time of previous graded inspection": urn,
        "LAESTAB at time of previous graded inspection": "9892001",
        "School name at time of previous graded inspection": f"Test Primary School {urn}",
        "School type at time of previous graded inspection": "Community school",
        "Previous graded inspection overall effectiveness": "3",
        "Previous category of concern": "",
        "Previous quality of education": "NULL",
        "Previous behaviour and attitudes": "NULL",
        "Previous personal development": "NULL",
        "Previous effectiveness of leadership and management": "3",
        "Previous safeguarding is effective?": "Yes",
        "Previous early years provision (where applicable)": "3",
        "Previous sixth form provision (where applicable)": "NULL",
    }
    row.update(overrides)
    return row


def section8_school(urn: str = "100001", **overrides: str) -> dict[str, str]:
    """A school in the section 8 era file (2019-2023): full, previous full, section 8."""
    row = _school(urn) | {
        "Web link": "http://www.ofsted.gov.uk/inspection-reports/find-inspection-report"
        f"/provider/ELS/{urn}",
        "Inspection number of latest full inspection": "10200002",
        "Inspection type": "S5 Inspection",
        "Inspection type grouping": "Section 5",
        "Event type grouping": "Standard inspection",
        "Inspection start date": "14/01/2020",
        "Inspection end date": "15/01/2020",
        "Publication date": "20/02/2020",
        "Does the latest full inspection relate to the URN of the current school?": "Yes",
        "URN at time of latest full inspection": urn,
        "LAESTAB at time of latest full inspection": "9892001",
        "School name at time of latest full inspection": f"Test Primary School {urn}",
        "School type at time of latest full inspection": "Community school",
        "Overall effectiveness": "4",
        "Category of concern": "SM",
        "Quality of education": "4",
        "Behaviour and attitudes": "3",
        "Personal development": "3",
        "Effectiveness of leadership and management": "4",
        "Safeguarding is effective?": "No",
        "Early years provision (where applicable)": "3",
        "Sixth form provision (where applicable)": "9",
        "Previous full inspection number": "10000001",
        "Previous inspection start date": "10/05/2016",
        "Previous inspection end date": "11/05/2016",
        "Previous publication date": "15/06/2016",
        "Does the previous full inspection relate to the URN of the current school?": "Yes",
        "URN at time of previous full inspection": urn,
        "LAESTAB at time of previous full inspection": "9892001",
        "School name at time of previous full inspection": f"Test Primary School {urn}",
        "School type at time of previous full inspection": "Community school",
        "Previous full inspection overall effectiveness": "2",
        "Previous category of concern": "",
        "Latest section 8 inspection number since last full inspection": "10300003",
        "Number of section 8 inspections since the last full inspection": "1",
        "Date of latest section 8 inspection": "01/07/2021",
        "Section 8 inspection publication date": "30/07/2021",
        "Did the latest section 8 inspection convert to a full inspection?": "No",
        "Section 8 inspection overall outcome": "School remains Good",
        "Does the section 8 inspection relate to the URN of the current school?": "Yes",
        "URN at time of the section 8 inspection": urn,
        "LAESTAB at time of the section 8 inspection": "9892001",
        "School name at time of the latest section 8 inspection": f"Test Primary School {urn}",
        "School type at time of the latest section 8 inspection": "Community school",
    }
    row.update(overrides)
    return row
