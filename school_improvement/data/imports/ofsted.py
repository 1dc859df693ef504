"""Ofsted "Management information - state-funded schools - latest inspections as at
<date>" (monthly CSV): parse every era to typed inspection events. Format notes:
shared/formats/README.md section 2.

One row per open school; each row describes up to three inspections in column blocks
(latest full or graded, previous graded, latest OEIF graded, latest ungraded / section 8).
Each block with an inspection number becomes one :class:`InspectionEvent`. Values are
checked against Ofsted's vocabularies and normalised, never translated between
frameworks: a report card stays in words, an EIF grade stays 1-4.

Columns are found by name (the section 8 era's order is not known); a block column the
file does not have leaves that field empty. Pure Python: the writes live in a service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from school_improvement.data.imports.csvfile import (
    FileRejected,
    Problem,
    clean_header,
    parse_cells,
    parse_date,
    read_csv_rows,
)

# ---- eras and frameworks -------------------------------------------------------------

ERA_REPORT_CARD = "report_card"  # files from November 2025
ERA_GRADED_UNGRADED = "graded_ungraded"  # c. 2023 to October 2025
ERA_SECTION8 = "section8"  # c. 2019 to 2023

FRAMEWORK_REPORT_CARD = "report_card"  # renewed framework, from 10 November 2025
FRAMEWORK_EIF = "eif"  # Education Inspection Framework 2019-2025 (OEIF), graded
FRAMEWORK_UNGRADED = "ungraded"  # ungraded / section 8 inspections

NOT_APPLICABLE = "not_applicable"
NOT_JUDGED = "not_judged"

# ---- value parsers: each returns the normalised value or raises ValueError ------------


def _blank(value: str) -> bool:
    return not value or value.upper() == "NULL"


def _text(value: str) -> str:
    value = value.strip()
    return "" if _blank(value) else value


def _optional_text(value: str) -> str | None:
    return _text(value) or None


def _eif_grade(value: str) -> str | None:
    value = value.strip()
    if _blank(value):
        return None
    if value in {"1", "2", "3", "4"}:
        return value
    if value in {"9", "0"}:
        return NOT_APPLICABLE
    if value.casefold() == "not judged":
        return NOT_JUDGED
    raise ValueError(
        "expected an EIF grade 1, 2, 3 or 4, 9 or 0 (not applicable) or 'Not judged'"
    )


REPORT_CARD_GRADES = (
    "Exceptional",
    "Strong standard",
    "Expected standard",
    "Needs attention",
    "Urgent improvement",
)
_REPORT_CARD_BY_FOLD = {g.casefold(): g for g in REPORT_CARD_GRADES}


def _report_card_grade(value: str) -> str | None:
    value = value.strip()
    if _blank(value):
        return None
    folded = re.sub(r"\s+", " ", value).casefold()
    if folded in _REPORT_CARD_BY_FOLD:
        return _REPORT_CARD_BY_FOLD[folded]
    if folded == "not applicable":
        return NOT_APPLICABLE
    raise ValueError(
        "expected a report-card grade ("
        + ", ".join(f"'{g}'" for g in REPORT_CARD_GRADES)
        + ") or 'Not applicable'"
    )


def _choice(*allowed: str, what: str) -> Callable[[str], str | None]:
    by_fold = {a.casefold(): a for a in allowed}

    def parse(value: str) -> str | None:
        value = value.strip()
        if _blank(value):
            return None
        try:
            return by_fold[value.casefold()]
        except KeyError:
            raise ValueError(
                f"expected {what}: " + " or ".join(f"'{a}'" for a in allowed)
            ) from None

    return parse


_safeguarding_standards = _choice("Met", "Not met", what="safeguarding standards")
_safeguarding_effective = _choice("Yes", "No", what="whether safeguarding is effective")
_category_of_concern = _choice("SM", "SWK", "RSI", what="a category of concern")


def _yes_no(value: str) -> bool | None:
    value = value.strip()
    if _blank(value):
        return None
    folded = value.casefold()
    if folded == "yes":
        return True
    if folded == "no":
        return False
    raise ValueError("expected 'Yes' or 'No'")


# Ungraded outcomes seen so far (shared/formats/README.md 2.3). The list is not closed,
# so an unknown outcome is a warning, not a rejection.
KNOWN_UNGRADED_OUTCOMES = frozenset(
    o.casefold()
    for o in (
        "School remains Outstanding",
        "School remains Good",
        "School remains Good (Improving) - S5 Next",
        "School remains Good (Concerns) - S5 Next",
        "School remains Outstanding (Concerns) - S5 Next",
        "Standards maintained",
        "Improved significantly",
        "Some aspects not as strong",
    )
)

Parser = Callable[[str], Any]

# ---- column specs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """``target`` is an InspectionEvent field, or ``judgements.<key>`` /
    ``grade_dates.<key>``; ``headers`` are the names it goes by (first found wins)."""

    target: str
    headers: tuple[str, ...]
    parse: Parser = _text


def _c(target: str, *headers: str, parse: Parser = _text) -> Column:
    return Column(target, headers, parse)


@dataclass(frozen=True)
class Block:
    name: str  # InspectionEvent.source_block
    framework: str
    number: str  # header of the inspection-number column
    columns: tuple[Column, ...]


def _eif_judgements(prefix: str, overall: str) -> tuple[Column, ...]:
    """The EIF judgement columns, e.g. prefix "Previous " or "Latest OEIF "."""

    def h(name: str) -> str:
        return f"{prefix}{name}" if prefix else name[:1].upper() + name[1:]

    return (
        _c("judgements.overall_effectiveness", overall, parse=_eif_grade),
        _c(
            "judgements.quality_of_education",
            h("quality of education"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.behaviour_and_attitudes",
            h("behaviour and attitudes"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.personal_development",
            h("personal development"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.leadership_and_management",
            h("effectiveness of leadership and management"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.early_years",
            h("early years provision (where applicable)"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.sixth_form",
            h("sixth form provision (where applicable)"),
            parse=_eif_grade,
        ),
        _c(
            "judgements.safeguarding_effective",
            h("safeguarding is effective?"),
            parse=_safeguarding_effective,
        ),
    )


def _at_time(
    relates: str, urn: str, laestab: str, name: str, school_type: str
) -> tuple[Column, ...]:
    return (
        _c("relates_to_current_urn", relates, parse=_yes_no),
        _c("urn_at_time", urn),
        _c("laestab_at_time", laestab),
        _c("school_name_at_time", name),
        _c("school_type_at_time", school_type),
    )


def _at_time_of(what: str, relates_what: str) -> tuple[Column, ...]:
    return _at_time(
        f"Does the {relates_what} relate to the URN of the current school?",
        f"URN at time of {what}",
        f"LAESTAB at time of {what}",
        f"School name at time of {what}",
        f"School type at time of {what}",
    )


_MAIN_DETAILS = (
    _c("inspection_type", "Inspection type"),
    _c("type_grouping", "Inspection type grouping"),
    _c("event_type_grouping", "Event type grouping"),
    _c("start_date", "Inspection start date", parse=parse_date),
    _c("end_date", "Inspection end date", parse=parse_date),
    _c("publication_date", "Publication date", parse=parse_date),
    _c("category_of_concern", "Category of concern", parse=_category_of_concern),
)
_PREVIOUS_DETAILS = (
    _c("start_date", "Previous inspection start date", parse=parse_date),
    _c("end_date", "Previous inspection end date", parse=parse_date),
    _c("publication_date", "Previous publication date", parse=parse_date),
    _c(
        "category_of_concern",
        "Previous category of concern",
        parse=_category_of_concern,
    ),
)

# Report-card areas: key, grade column(s), date-of-grade column(s).
_REPORT_CARD_AREAS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("inclusion", ("Inclusion",), ("Inclusion - date of grade",)),
    (
        "curriculum_and_teaching",
        ("Curriculum and teaching",),
        ("Curriculum and teaching - date of grade",),
    ),
    ("achievement", ("Achievement",), ("Achievement - date of grade",)),
    (
        "attendance_and_behaviour",
        ("Attendance and behaviour",),
        ("Attendance and behaviour - date of grade",),
    ),
    (
        "personal_development_and_wellbeing",
        ("Personal development and wellbeing", "Personal development and well-being"),
        (
            "Personal development and wellbeing - date of grade",
            "Personal development and well-being - date of grade",
        ),
    ),
    (
        "leadership_and_governance",
        ("Leadership and governance",),
        ("Leadership and governance - date of grade",),
    ),
    (
        "early_years",
        ("Early years (where applicable)",),
        ("Early years - date of grade",),
    ),
    (
        "post_16",
        ("Post-16 provision (where applicable)",),
        ("Post-16 provision - date of grade",),
    ),
)

_REPORT_CARD_COLUMNS: tuple[Column, ...] = (
    _c(
        "judgements.safeguarding_standards",
        "Safeguarding standards",
        parse=_safeguarding_standards,
    ),
    _c(
        "grade_dates.safeguarding_standards",
        "Safeguarding standards - date of grade",
        parse=parse_date,
    ),
) + tuple(
    column
    for key, grade_headers, date_headers in _REPORT_CARD_AREAS
    for column in (
        Column(f"judgements.{key}", grade_headers, _report_card_grade),
        Column(f"grade_dates.{key}", date_headers, parse_date),
    )
)

REPORT_CARD_JUDGEMENTS = (
    "inclusion",
    "curriculum_and_teaching",
    "achievement",
    "attendance_and_behaviour",
    "personal_development_and_wellbeing",
    "leadership_and_governance",
    "early_years",
    "post_16",
    "safeguarding_standards",
)
EIF_JUDGEMENTS = (
    "overall_effectiveness",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
    "safeguarding_effective",
)
JUDGEMENT_KEYS = {
    FRAMEWORK_REPORT_CARD: REPORT_CARD_JUDGEMENTS,
    FRAMEWORK_EIF: EIF_JUDGEMENTS,
    FRAMEWORK_UNGRADED: (),
}

_OEIF = "of latest OEIF graded inspection"


def _latest_ungraded(number_column: str) -> Block:
    """The latest ungraded inspection block; its number column is named differently in
    the report-card and graded/ungraded eras, the rest is the same."""
    return Block(
        "latest_ungraded",
        FRAMEWORK_UNGRADED,
        number_column,
        (
            _c("start_date", "Date of latest ungraded inspection", parse=parse_date),
            _c(
                "publication_date",
                "Ungraded inspection publication date",
                parse=parse_date,
            ),
            *_at_time_of("the ungraded inspection", "ungraded inspection"),
            _c(
                "converted_to_graded",
                "Did the latest ungraded inspection convert to a graded inspection?",
                parse=_yes_no,
            ),
            _c(
                "outcome",
                "Ungraded inspection overall outcome",
                parse=_optional_text,
            ),
        ),
    )


BLOCKS: dict[str, tuple[Block, ...]] = {
    ERA_REPORT_CARD: (
        Block(
            "latest_full",
            FRAMEWORK_REPORT_CARD,
            "Inspection number of latest full inspection",
            (
                _c("inspection_type", "Inspection type"),
                _c("type_grouping", "Inspection type grouping"),
                _c("event_type_grouping", "Event type grouping"),
                _c("start_date", "Inspection start date", parse=parse_date),
                _c("end_date", "Inspection end date", parse=parse_date),
                _c("publication_date", "Publication date", parse=parse_date),
                _c(
                    "category_of_concern",
                    "Category of concern",
                    parse=_category_of_concern,
                ),
                *_at_time_of("latest full inspection", "latest full inspection"),
                *_REPORT_CARD_COLUMNS,
            ),
        ),
        Block(
            "latest_oeif",
            FRAMEWORK_EIF,
            "Inspection number of latest OEIF graded inspection",
            (
                _c("inspection_type", f"Inspection type {_OEIF}"),
                _c("type_grouping", f"Inspection type grouping {_OEIF}"),
                _c("event_type_grouping", f"Event type grouping {_OEIF}"),
                _c("start_date", f"Inspection start date {_OEIF}", parse=parse_date),
                _c("end_date", f"Inspection end date {_OEIF}", parse=parse_date),
                _c("publication_date", f"Publication date {_OEIF}", parse=parse_date),
                _c(
                    "category_of_concern",
                    "Latest OEIF category of concern",
                    parse=_category_of_concern,
                ),
                *_at_time_of(
                    "latest OEIF graded inspection", "latest OEIF graded inspection"
                ),
                *_eif_judgements("Latest OEIF ", "Latest OEIF overall effectiveness"),
            ),
        ),
        _latest_ungraded("Latest ungraded inspection number"),
    ),
    ERA_GRADED_UNGRADED: (
        Block(
            "latest_graded",
            FRAMEWORK_EIF,
            "Inspection number of latest graded inspection",
            (
                *_MAIN_DETAILS,
                *_at_time_of("latest graded inspection", "latest graded inspection"),
                *_eif_judgements("", "Overall effectiveness"),
            ),
        ),
        Block(
            "previous_graded",
            FRAMEWORK_EIF,
            "Previous graded inspection number",
            (
                *_PREVIOUS_DETAILS,
                *_at_time_of(
                    "previous graded inspection", "previous graded inspection"
                ),
                *_eif_judgements(
                    "Previous ", "Previous graded inspection overall effectiveness"
                ),
            ),
        ),
        _latest_ungraded(
            "Latest ungraded inspection number since last graded inspection"
        ),
    ),
    ERA_SECTION8: (
        Block(
            "latest_full",
            FRAMEWORK_EIF,
            "Inspection number of latest full inspection",
            (
                *_MAIN_DETAILS,
                *_at_time_of("latest full inspection", "latest full inspection"),
                *_eif_judgements("", "Overall effectiveness"),
            ),
        ),
        Block(
            "previous_full",
            FRAMEWORK_EIF,
            "Previous full inspection number",
            (
                *_PREVIOUS_DETAILS,
                *_at_time_of("previous full inspection", "previous full inspection"),
                *_eif_judgements(
                    "Previous ", "Previous full inspection overall effectiveness"
                ),
            ),
        ),
        Block(
            "latest_section8",
            FRAMEWORK_UNGRADED,
            "Latest section 8 inspection number since last full inspection",
            (
                _c(
                    "start_date",
                    "Date of latest section 8 inspection",
                    parse=parse_date,
                ),
                _c(
                    "publication_date",
                    "Section 8 inspection publication date",
                    parse=parse_date,
                ),
                *_at_time(
                    "Does the section 8 inspection relate to the URN of the current school?",
                    "URN at time of the section 8 inspection",
                    "LAESTAB at time of the section 8 inspection",
                    "School name at time of the latest section 8 inspection",
                    "School type at time of the latest section 8 inspection",
                ),
                _c(
                    "converted_to_graded",
                    "Did the latest section 8 inspection convert to a full inspection?",
                    parse=_yes_no,
                ),
                _c(
                    "outcome",
                    "Section 8 inspection overall outcome",
                    parse=_optional_text,
                ),
            ),
        ),
    ),
}

# Row-level columns: OfstedRow field <- header(s).
ROW_COLUMNS: tuple[Column, ...] = (
    _c("laestab", "LAESTAB"),
    _c("school_name", "School name"),
    _c("ofsted_phase", "Ofsted phase"),
    _c(
        "web_link",
        "Web link",
        "Web Link (opens in new window)",
        "Web link (opens in new window)",
        parse=_optional_text,
    ),
    _c(
        "most_recent_category_of_concern",
        "Most recent category of concern",
        parse=_category_of_concern,
    ),
)

# The column whose presence tells the era, checked in this order.
ERA_MARKERS: tuple[tuple[str, str], ...] = (
    ("Safeguarding standards", ERA_REPORT_CARD),
    ("Inspection number of latest graded inspection", ERA_GRADED_UNGRADED),
    ("Inspection number of latest full inspection", ERA_SECTION8),
)

# ---- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionEvent:
    inspection_number: str
    framework: str  # "report_card", "eif" or "ungraded"
    source_block: str  # e.g. "latest_full", "latest_oeif", "latest_ungraded"
    inspection_type: str = ""
    type_grouping: str = ""
    event_type_grouping: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    publication_date: dt.date | None = None
    relates_to_current_urn: bool | None = None
    urn_at_time: str = ""
    laestab_at_time: str = ""
    school_name_at_time: str = ""
    school_type_at_time: str = ""
    category_of_concern: str | None = None  # "SM", "SWK", "RSI" or None
    judgements: dict[str, str | None] = field(default_factory=dict)
    grade_dates: dict[str, dt.date | None] = field(default_factory=dict)
    outcome: str | None = None  # ungraded inspections' overall outcome, as written
    converted_to_graded: bool | None = None
    web_link: str | None = None

    def __hash__(self) -> int:  # the dicts are not hashable; the number identifies it
        return hash((self.inspection_number, self.framework, self.source_block))


@dataclass
class OfstedRow:
    line: int
    urn: str
    laestab: str
    school_name: str
    ofsted_phase: str
    events: list[InspectionEvent]
    most_recent_category_of_concern: str | None = None  # report-card era only


@dataclass
class OfstedFile:
    file_name: str
    sha256: str
    era: str
    rows: list[OfstedRow]
    warnings: list[Problem] = field(default_factory=list)


# ---- parsing ---------------------------------------------------------------------------


def era_of(header: list[str]) -> str | None:
    names = {h.casefold() for h in header}
    for marker, era in ERA_MARKERS:
        if marker.casefold() in names:
            return era
    return None


def _plan(
    columns: tuple[Column, ...], at: dict[str, int]
) -> list[tuple[str, int, Parser, str]]:
    """(target, position, parser, header as in the file) for the columns present."""
    plan = []
    for column in columns:
        for header in column.headers:
            position = at.get(clean_header(header).casefold())
            if position is not None:
                plan.append((column.target, position, column.parse, header))
                break
    return plan


def parse_ofsted(source: Path | bytes, *, file_name: str | None = None) -> OfstedFile:
    """Parse a "latest inspections" management-information file, or raise
    FileRejected listing every problem (each with line, column and value)."""
    csvf = read_csv_rows(source, file_name=file_name)
    era = era_of(csvf.header)
    if era is None:
        expected = "; ".join(f"'{marker}' ({e})" for marker, e in ERA_MARKERS)
        raise FileRejected(
            csvf.file_name,
            [
                Problem(
                    "this is not an Ofsted 'latest inspections' management-information "
                    f"file: expected one of the columns {expected} "
                    f"(found {len(csvf.header)} columns)",
                    line=1,
                )
            ],
        )
    at: dict[str, int] = {}
    for position, name in enumerate(csvf.header):
        at.setdefault(name.casefold(), position)
    blocks = BLOCKS[era]
    required = ["URN", *(b.number for b in blocks)]
    missing = [name for name in required if name.casefold() not in at]
    if missing:
        raise FileRejected(
            csvf.file_name,
            [
                Problem(
                    f"required column '{name}' is missing from the header of this "
                    f"{era} era file (found {len(csvf.header)} columns)",
                    line=1,
                    column=name,
                )
                for name in missing
            ],
        )

    def as_written(
        plan: list[tuple[str, int, Parser, str]],
    ) -> list[tuple[str, int, Parser, str]]:
        return [(t, p, f, csvf.header[p]) for t, p, f, _ in plan]

    row_plan = as_written(_plan(ROW_COLUMNS, at))
    block_plans = [
        (block, at[block.number.casefold()], as_written(_plan(block.columns, at)))
        for block in blocks
    ]
    urn_at = at["urn"]

    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[OfstedRow] = []
    first_line_of: dict[str, int] = {}
    for line, values in csvf.rows:
        urn = values[urn_at].strip()
        if not urn.isdigit():
            problems.append(
                Problem(
                    f"URN must be a number, found '{urn}'",
                    line,
                    csvf.header[urn_at],
                    urn,
                )
            )
            continue
        if urn in first_line_of:
            problems.append(
                Problem(
                    f"duplicate URN {urn}: already on line {first_line_of[urn]}",
                    line,
                    csvf.header[urn_at],
                    urn,
                    key=urn,
                )
            )
            continue
        first_line_of[urn] = line
        problems_before = len(problems)
        row_fields, _ = parse_cells(row_plan, values, line, urn, problems)
        events: list[InspectionEvent] = []
        for block, number_at, plan in block_plans:
            parsed, _ = parse_cells(plan, values, line, urn, problems)
            number = _text(values[number_at])
            if not number:
                continue
            event = _event(block, number, parsed, row_fields.get("web_link"))
            if (
                event.outcome
                and event.outcome.casefold() not in KNOWN_UNGRADED_OUTCOMES
            ):
                warnings.append(
                    Problem(
                        f"ungraded inspection outcome '{event.outcome}' is not one "
                        "seen before; kept as written",
                        line,
                        next(h for t, _, _, h in plan if t == "outcome"),
                        event.outcome,
                        key=urn,
                    )
                )
            events.append(event)
        if len(problems) > problems_before:
            continue
        rows.append(
            OfstedRow(
                line=line,
                urn=urn,
                laestab=row_fields.get("laestab", ""),
                school_name=row_fields.get("school_name", ""),
                ofsted_phase=row_fields.get("ofsted_phase", ""),
                events=_deduplicate(events),
                most_recent_category_of_concern=row_fields.get(
                    "most_recent_category_of_concern"
                ),
            )
        )
    if problems:
        raise FileRejected(csvf.file_name, problems)
    return OfstedFile(
        file_name=csvf.file_name,
        sha256=csvf.sha256,
        era=era,
        rows=rows,
        warnings=warnings,
    )


def _event(
    block: Block, number: str, parsed: dict[str, Any], web_link: str | None
) -> InspectionEvent:
    judgements: dict[str, str | None] = dict.fromkeys(JUDGEMENT_KEYS[block.framework])
    grade_dates: dict[str, dt.date | None] = (
        dict.fromkeys(REPORT_CARD_JUDGEMENTS)
        if block.framework == FRAMEWORK_REPORT_CARD
        else {}
    )
    fields: dict[str, Any] = {}
    for target, value in parsed.items():
        if target.startswith("judgements."):
            judgements[target.removeprefix("judgements.")] = value
        elif target.startswith("grade_dates."):
            grade_dates[target.removeprefix("grade_dates.")] = value
        else:
            fields[target] = value
    return InspectionEvent(
        inspection_number=number,
        framework=block.framework,
        source_block=block.name,
        judgements=judgements,
        grade_dates=grade_dates,
        web_link=web_link,
        **fields,
    )


def _deduplicate(events: list[InspectionEvent]) -> list[InspectionEvent]:
    """One event per inspection number. A converted ungraded inspection, or a report
    card block holding an OEIF inspection, repeats a number: keep the event that says
    more (more judgements given), the earlier block on a tie."""
    kept: dict[str, InspectionEvent] = {}
    for event in events:
        other = kept.get(event.inspection_number)
        if other is None or _weight(event) > _weight(other):
            kept[event.inspection_number] = event
    return list(kept.values())


def _weight(event: InspectionEvent) -> int:
    return sum(value is not None for value in event.judgements.values())


# ---- file names ------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_AS_AT = re.compile(
    r"as[\s_-]+at[\s_-]+(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([a-z]+)[\s_-]+(\d{4})",
    re.IGNORECASE,
)


def file_date_from_ofsted_name(name: str) -> dt.date | None:
    """The date in "... latest inspections as at 31 Jan 2026" or
    "..._as_at_31_August_2026.csv"; None if the name has none."""
    match = _AS_AT.search(name)
    if not match:
        return None
    month = _MONTHS.get(match[2].lower())
    if month is None:
        return None
    try:
        return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None
