"""GIAS ``edubasealldataYYYYMMDD.csv`` and ``links_edubasealldataYYYYMMDD.csv``: parse to
typed rows. Format notes: docs/data-sources.md and shared/formats/README.md section 1.

Columns are found by name; a column the file does not have leaves the matching field
untouched (the 135-column files of April 2025 have no Ofsted columns, the 139-column
files of 2021 no ``FSM``). Pure Python: the writes live in schools/services.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from school_improvement.data.imports.csvfile import (
    CsvRows,
    FileRejected,
    Problem,
    parse_cells,
    parse_date,
    parse_decimal,
    parse_int,
    read_csv,
    read_csv_rows,
)

NOT_APPLICABLE = {"not applicable", "n/a"}


def _text(value: str) -> str:
    return value.strip()


def _code(value: str) -> str:
    """A code kept as a string, exactly as written (zero padding kept)."""
    return value.strip()


def _name(value: str) -> str:
    """A ``(name)`` field where 'Not applicable' means nothing to say."""
    value = value.strip()
    # Both spellings start with n; most values do not, and skip the lower().
    if value[:1] in ("n", "N") and value.lower() in NOT_APPLICABLE:
        return ""
    return value


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    parse: Parser = _text


# Model field <- GIAS column. Order follows the GIAS file.
COLUMNS: tuple[Column, ...] = (
    Column("urn", "URN", _code),
    Column("la_code", "LA (code)", _code),
    Column("la_name", "LA (name)"),
    Column("establishment_number", "EstablishmentNumber", _code),
    Column("name", "EstablishmentName"),
    Column("type_code", "TypeOfEstablishment (code)", _code),
    Column("type_name", "TypeOfEstablishment (name)"),
    Column("type_group_code", "EstablishmentTypeGroup (code)", _code),
    Column("type_group_name", "EstablishmentTypeGroup (name)"),
    Column("status_code", "EstablishmentStatus (code)", _code),
    Column("status_name", "EstablishmentStatus (name)"),
    Column("open_reason_code", "ReasonEstablishmentOpened (code)", _code),
    Column("open_reason", "ReasonEstablishmentOpened (name)", _name),
    Column("open_date", "OpenDate", parse_date),
    Column("close_reason_code", "ReasonEstablishmentClosed (code)", _code),
    Column("close_reason", "ReasonEstablishmentClosed (name)", _name),
    Column("close_date", "CloseDate", parse_date),
    Column("phase_code", "PhaseOfEducation (code)", _code),
    Column("phase_name", "PhaseOfEducation (name)"),
    Column("statutory_low_age", "StatutoryLowAge", parse_int),
    Column("statutory_high_age", "StatutoryHighAge", parse_int),
    Column("boarders", "Boarders (name)", _name),
    Column("nursery_provision", "NurseryProvision (name)", _name),
    Column("sixth_form", "OfficialSixthForm (name)", _name),
    Column("gender", "Gender (name)", _name),
    Column("religious_character_code", "ReligiousCharacter (code)", _code),
    Column("religious_character", "ReligiousCharacter (name)", _name),
    Column("religious_ethos", "ReligiousEthos (name)", _name),
    Column("diocese_code", "Diocese (code)", _code),
    Column("diocese_name", "Diocese (name)", _name),
    Column("admissions_policy", "AdmissionsPolicy (name)", _name),
    Column("school_capacity", "SchoolCapacity", parse_int),
    Column("special_classes", "SpecialClasses (name)", _name),
    Column("census_date", "CensusDate", parse_date),
    Column("number_of_pupils", "NumberOfPupils", parse_int),
    Column("number_of_boys", "NumberOfBoys", parse_int),
    Column("number_of_girls", "NumberOfGirls", parse_int),
    Column("percentage_fsm", "PercentageFSM", parse_decimal),
    Column("trust_flag", "TrustSchoolFlag (name)", _name),
    Column("trust_code", "Trusts (code)", _code),
    Column("trust_name", "Trusts (name)"),
    Column("sponsor_flag", "SchoolSponsorFlag (name)", _name),
    Column("sponsors", "SchoolSponsors (name)", _name),
    Column("federation_flag", "FederationFlag (name)", _name),
    Column("federation_code", "Federations (code)", _code),
    Column("federation_name", "Federations (name)"),
    Column("ukprn", "UKPRN", _code),
    Column("further_education_type", "FurtherEducationType (name)", _name),
    Column("ofsted_last_inspection_date", "OfstedLastInsp", parse_date),
    Column("ofsted_special_measures", "OfstedSpecialMeasures (name)", _name),
    Column("last_changed_date", "LastChangedDate", parse_date),
    Column("street", "Street"),
    Column("locality", "Locality"),
    Column("address3", "Address3"),
    Column("town", "Town"),
    Column("county", "County (name)", _name),
    Column("postcode", "Postcode"),
    Column("website", "SchoolWebsite"),
    Column("telephone", "TelephoneNum", _code),
    Column("head_title", "HeadTitle (name)", _name),
    Column("head_first_name", "HeadFirstName"),
    Column("head_last_name", "HeadLastName"),
    Column("head_job_title", "HeadPreferredJobTitle"),
    Column("resourced_provision", "TypeOfResourcedProvision (name)", _name),
    Column("resourced_provision_on_roll", "ResourcedProvisionOnRoll", parse_int),
    Column("resourced_provision_capacity", "ResourcedProvisionCapacity", parse_int),
    Column("sen_unit_on_roll", "SenUnitOnRoll", parse_int),
    Column("sen_unit_capacity", "SenUnitCapacity", parse_int),
    Column("gor_code", "GOR (code)", _code),
    Column("gor_name", "GOR (name)", _name),
    Column("district_code", "DistrictAdministrative (code)", _code),
    Column("district_name", "DistrictAdministrative (name)", _name),
    Column("ward_code", "AdministrativeWard (code)", _code),
    Column("ward_name", "AdministrativeWard (name)", _name),
    Column("constituency_code", "ParliamentaryConstituency (code)", _code),
    Column("constituency_name", "ParliamentaryConstituency (name)", _name),
    Column("urban_rural_code", "UrbanRural (code)", _code),
    Column("urban_rural_name", "UrbanRural (name)", _name),
    Column("gss_la_code", "GSSLACode (name)", _code),
    Column("easting", "Easting", parse_int),
    Column("northing", "Northing", parse_int),
    Column("msoa_code", "MSOA (code)", _code),
    Column("lsoa_code", "LSOA (code)", _code),
    Column("sen_statements", "SENStat", parse_int),
    Column("sen_no_statements", "SENNoStat", parse_int),
    Column("previous_la_code", "PreviousLA (code)", _code),
    Column("previous_establishment_number", "PreviousEstablishmentNumber", _code),
    Column("ofsted_rating", "OfstedRating (name)", _name),
    Column("uprn", "UPRN", _code),
    Column("fsm_count", "FSM", parse_int),
)
SEN_COLUMNS = tuple(f"SEN{i} (name)" for i in range(1, 14))
REQUIRED = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentStatus (name)",
)
# Columns whose presence tells the file's era (shared/formats/README.md section 1.4).
ERA_MARKERS = {
    "CensusAreaStatisticWard (name)": "2021 (139 columns)",
    "OfstedRating (name)": "2023 to January 2025 (140 columns)",
}
KNOWN_HEADERS = {c.header for c in COLUMNS} | set(SEN_COLUMNS)


@dataclass
class GiasRow:
    """One establishment as the file states it. ``fields`` holds only the columns the
    file has; ``sen_provision`` is the non-empty SEN1..SEN13 names in order."""

    line: int
    fields: dict[str, Any]
    sen_provision: list[str] | None

    @property
    def urn(self) -> str:
        return str(self.fields["urn"])

    digest: str = ""  # raw_digest() of the row as written in the file


def raw_digest(header_signature: str, values: list[str]) -> str:
    """A stable hash of what the file writes for one establishment: the SHA-1 of the
    file's known column names (so a file of another column era never matches) and the
    row's raw values in those columns. Equal digests mean the row parses identically,
    so an unchanged row needs no parsing at all."""
    text = header_signature + "\x1e" + "\x1f".join(values)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class GiasFile:
    file_name: str
    sha256: str
    encoding: str
    era: str
    columns_present: list[str]
    rows: list[GiasRow]
    skipped_outside_area: int = 0
    warnings: list[Problem] = field(default_factory=list)
    # URNs whose raw row matched the digest the caller already holds: not parsed.
    unchanged_urns: list[str] = field(default_factory=list)


def _normalise_la(code: str) -> str:
    return code.strip().lstrip("0") or "0"


def era_of(header: list[str]) -> str:
    for marker, era in ERA_MARKERS.items():
        if marker in header:
            return era
    return "April 2025 onwards (135 columns)" if "FSM" in header else "unknown (older)"


_EXCEL_NUMBER = re.compile(r"\d(\.\d+)?E\+\d+", re.IGNORECASE)


def parse_gias(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    la_codes: list[str] | None = None,
    known_digests: Mapping[str, str] | None = None,
) -> GiasFile:
    """Parse an establishments file into typed rows, or raise FileRejected listing every
    problem (each with line and column). ``la_codes`` keeps only those LAs' rows.

    ``known_digests`` maps URNs to the :func:`raw_digest` of the row last imported; a
    row whose digest is the same is the same row, so it is not parsed again and its URN
    goes to ``unchanged_urns`` (it was valid when first imported).
    """
    csvf: CsvRows = read_csv_rows(source, file_name=file_name, required=REQUIRED)
    at = {name: i for i, name in enumerate(csvf.header)}
    present = [c for c in COLUMNS if c.header in at]
    sen_present = [h for h in SEN_COLUMNS if h in at]
    wanted = {_normalise_la(c) for c in la_codes} if la_codes else None
    # (field, position, parser, header) once, not per row; _text and _code are
    # str.strip, called directly.
    plan = [
        (
            c.field,
            at[c.header],
            str.strip if c.parse in (_text, _code) else c.parse,
            c.header,
        )
        for c in present
    ]
    sen_at = [at[h] for h in sen_present]
    urn_at, la_at = at["URN"], at["LA (code)"]
    digest_at = sorted({position for _, position, _, _ in plan} | set(sen_at))
    pick_raw = itemgetter(*digest_at)
    signature = "\x1f".join(csvf.header[i] for i in digest_at)
    known = known_digests or {}
    unchanged: list[str] = []

    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[GiasRow] = []
    first_line_of: dict[str, int] = {}
    skipped = 0
    records = csvf.rows
    for index, (line, values) in enumerate(records):
        # Each raw record goes once parsed: the parsed row keeps what it needs.
        records[index] = None  # type: ignore[call-overload]
        urn = values[urn_at].strip()
        if wanted is not None and _normalise_la(values[la_at]) not in wanted:
            skipped += 1
            continue
        if not urn.isdigit():
            problems.append(Problem("URN must be a number", line, "URN", urn))
            continue
        if urn in first_line_of:
            problems.append(
                Problem(
                    f"duplicate URN {urn}: already on line {first_line_of[urn]}",
                    line,
                    "URN",
                    urn,
                    key=urn,
                )
            )
            continue
        first_line_of[urn] = line
        digest = raw_digest(signature, list(pick_raw(values)))
        if known.get(urn) == digest:
            unchanged.append(urn)
            continue
        parsed, row_ok = parse_cells(plan, values, line, urn, problems)
        if not parsed.get("name"):
            problems.append(
                Problem(
                    "the establishment has no name",
                    line,
                    "EstablishmentName",
                    key=urn,
                )
            )
            row_ok = False
        if _EXCEL_NUMBER.fullmatch(parsed.get("uprn", "") or ""):
            warnings.append(
                Problem(
                    "UPRN is in scientific notation (the file went through Excel); "
                    "kept as written",
                    line,
                    "UPRN",
                    parsed["uprn"],
                    key=urn,
                )
            )
        if not row_ok:
            continue
        sen = (
            [n for n in (_name(values[i]) for i in sen_at) if n]
            if sen_present
            else None
        )
        rows.append(GiasRow(line, parsed, sen, digest))
    csvf.rows = []
    if problems:
        raise FileRejected(csvf.file_name, problems)
    return GiasFile(
        file_name=csvf.file_name,
        sha256=csvf.sha256,
        encoding=csvf.encoding,
        era=era_of(csvf.header),
        columns_present=[c.field for c in present],
        rows=rows,
        skipped_outside_area=skipped,
        warnings=warnings,
        unchanged_urns=unchanged,
    )


@dataclass(frozen=True)
class LinkRow:
    line: int
    urn: str
    linked_urn: str
    linked_name: str
    link_type: str
    established_date: dt.date | None


@dataclass
class LinksFile:
    file_name: str
    sha256: str
    rows: list[LinkRow]


LINK_REQUIRED = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")


def parse_links(source: Path | bytes, *, file_name: str | None = None) -> LinksFile:
    """Parse a GIAS links file, or raise FileRejected listing every problem."""
    csvf = read_csv(source, file_name=file_name, required=LINK_REQUIRED)
    problems: list[Problem] = []
    rows: list[LinkRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for record in csvf.records:
        v = record.values
        urn, linked, link_type = (
            v["URN"].strip(),
            v["LinkURN"].strip(),
            v["LinkType"].strip(),
        )
        bad = False
        for column, value in (("URN", urn), ("LinkURN", linked)):
            if not value.isdigit():
                problems.append(
                    Problem("expected a URN (a number)", record.line, column, value)
                )
                bad = True
        if not link_type:
            problems.append(Problem("the link type is empty", record.line, "LinkType"))
            bad = True
        try:
            when = parse_date(v["LinkEstablishedDate"])
        except ValueError as exc:
            problems.append(
                Problem(
                    f"{exc}, found '{v['LinkEstablishedDate']}'",
                    record.line,
                    "LinkEstablishedDate",
                    v["LinkEstablishedDate"],
                )
            )
            bad = True
        if bad:
            continue
        key = (urn, linked, link_type)
        if key in seen:
            problems.append(
                Problem(
                    f"duplicate link: the same link is on line {seen[key]}",
                    record.line,
                    "URN",
                    urn,
                )
            )
            continue
        seen[key] = record.line
        rows.append(
            LinkRow(record.line, urn, linked, v["LinkName"].strip(), link_type, when)
        )
    if problems:
        raise FileRejected(csvf.file_name, problems)
    return LinksFile(csvf.file_name, csvf.sha256, rows)


_FILE_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")


def file_date_from_name(file_name: str) -> dt.date | None:
    """The extract date GIAS puts in its file names (``edubasealldata20250422.csv``)."""
    match = _FILE_DATE.search(file_name)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
