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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from school_improvement.data.imports.csvfile import (
    CsvFile,
    FileRejected,
    Problem,
    parse_date,
    parse_decimal,
    parse_int,
    read_csv,
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
    return "" if value.lower() in NOT_APPLICABLE else value


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
REQUIRED = ("URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
            "TypeOfEstablishment (code)", "EstablishmentTypeGroup (code)",
            "EstablishmentStatus (name)")
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

    def fingerprint(self) -> str:
        """A stable hash of everything the file says about this establishment."""
        parts = [f"{k}={self.fields[k]!s}" for k in sorted(self.fields)]
        parts.append(f"sen={'|'.join(self.sen_provision or [])}")
        return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


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


def _normalise_la(code: str) -> str:
    return code.strip().lstrip("0") or "0"


def era_of(header: list[str]) -> str:
    for marker, era in ERA_MARKERS.items():
        if marker in header:
            return era
    return "April 2025 onwards (135 columns)" if "FSM" in header else "unknown (older)"


def parse_gias(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    la_codes: list[str] | None = None,
) -> GiasFile:
    """Parse an establishments file into typed rows, or raise FileRejected listing every
    problem (each with line and column). ``la_codes`` keeps only those LAs' rows."""
    csvf: CsvFile = read_csv(source, file_name=file_name, required=REQUIRED)
    present = [c for c in COLUMNS if c.header in csvf.header]
    sen_present = [h for h in SEN_COLUMNS if h in csvf.header]
    wanted = {_normalise_la(c) for c in la_codes} if la_codes else None

    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[GiasRow] = []
    first_line_of: dict[str, int] = {}
    skipped = 0
    for record in csvf.records:
        values = record.values
        urn = values["URN"].strip()
        if wanted is not None and _normalise_la(values["LA (code)"]) not in wanted:
            skipped += 1
            continue
        if not urn.isdigit():
            problems.append(Problem("URN must be a number", record.line, "URN", urn))
            continue
        if urn in first_line_of:
            problems.append(
                Problem(
                    f"duplicate URN {urn}: already on line {first_line_of[urn]}",
                    record.line,
                    "URN",
                    urn,
                    key=urn,
                )
            )
            continue
        first_line_of[urn] = record.line
        parsed: dict[str, Any] = {}
        row_ok = True
        for column in present:
            raw = values[column.header]
            try:
                parsed[column.field] = column.parse(raw)
            except ValueError as exc:
                problems.append(Problem(f"{exc}, found '{raw}'", record.line, column.header, raw, key=urn))
                row_ok = False
        if not parsed.get("name"):
            problems.append(Problem("the establishment has no name", record.line, "EstablishmentName", key=urn))
            row_ok = False
        if re.fullmatch(r"\d(\.\d+)?E\+\d+", parsed.get("uprn", "") or "", re.IGNORECASE):
            warnings.append(
                Problem(
                    "UPRN is in scientific notation (the file went through Excel); "
                    "kept as written",
                    record.line,
                    "UPRN",
                    parsed["uprn"],
                    key=urn,
                )
            )
        if not row_ok:
            continue
        sen = [n for n in (_name(values[h]) for h in sen_present) if n] if sen_present else None
        rows.append(GiasRow(record.line, parsed, sen))
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
        urn, linked, link_type = v["URN"].strip(), v["LinkURN"].strip(), v["LinkType"].strip()
        bad = False
        for column, value in (("URN", urn), ("LinkURN", linked)):
            if not value.isdigit():
                problems.append(Problem("expected a URN (a number)", record.line, column, value))
                bad = True
        if not link_type:
            problems.append(Problem("the link type is empty", record.line, "LinkType"))
            bad = True
        try:
            when = parse_date(v["LinkEstablishedDate"])
        except ValueError as exc:
            problems.append(Problem(f"{exc}, found '{v['LinkEstablishedDate']}'", record.line, "LinkEstablishedDate", v["LinkEstablishedDate"]))
            bad = True
        if bad:
            continue
        key = (urn, linked, link_type)
        if key in seen:
            problems.append(Problem(f"duplicate link: the same link is on line {seen[key]}", record.line, "URN", urn))
            continue
        seen[key] = record.line
        rows.append(LinkRow(record.line, urn, linked, v["LinkName"].strip(), link_type, when))
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
