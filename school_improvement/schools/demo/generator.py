"""Fictional GIAS data for demonstrations, tests and benchmarks.

Writes ``edubasealldataYYYYMMDD.csv`` and ``links_edubasealldataYYYYMMDD.csv`` files
byte for byte in the format GIAS publishes (shared/formats/README.md section 1):
Windows-1252, CRLF, every header name quoted, string values quoted, the integer fields
(URN, ages, capacity, UKPRN, easting, northing) unquoted, dates ``dd-mm-yyyy``, empty
values ``""``. Everything is invented: the local authorities, places, schools, trusts
and people do not exist. Postcodes use outward codes no real postcode area has (``NS``
and ``Q*``) and telephone numbers come from Ofcom's range reserved for drama.

* ``size="area"``: Northshire (LA 989), about 250 establishments, as two extracts
  (April and September 2026) and the September links file, with the changes an officer
  expects between them: new headteachers, a few corrected pupil numbers, a school that
  converts to an academy (a new URN, linked both ways) and a free school that opens.
* ``size="national"``: about 52,000 rows over 150 local authorities (closed schools
  included, as in the real file) and about 30,000 links, for the import benchmark.

The same seed gives byte-identical files. Pure Python: no Django, so the benchmark and
the tests can run it anywhere.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DEFAULT_SEED = 2026
Size = Literal["area", "national"]

# The 135 columns of extracts downloaded from 22 April 2025 onwards, in file order
# (shared/formats/columns/gias_edubasealldata_from_2025-04_135cols.txt).
GIAS_HEADER: tuple[str, ...] = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "NurseryProvision (name)",
    "OfficialSixthForm (code)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "Diocese (name)",
    "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "SpecialClasses (code)",
    "SpecialClasses (name)",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)",
    "FederationFlag (name)",
    "Federations (code)",
    "Federations (name)",
    "UKPRN",
    "FEHEIdentifier",
    "FurtherEducationType (name)",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "BSOInspectorateName (name)",
    "InspectorateReport",
    "DateOfLastInspectionVisit",
    "NextInspectionVisit",
    "TeenMoth (name)",
    "TeenMothPlaces",
    "CCF (name)",
    "SENPRU (name)",
    "EBD (name)",
    "PlacesPRU",
    "FTProv (name)",
    "EdByOther (name)",
    "Section41Approved (name)",
    "SEN1 (name)",
    "SEN2 (name)",
    "SEN3 (name)",
    "SEN4 (name)",
    "SEN5 (name)",
    "SEN6 (name)",
    "SEN7 (name)",
    "SEN8 (name)",
    "SEN9 (name)",
    "SEN10 (name)",
    "SEN11 (name)",
    "SEN12 (name)",
    "SEN13 (name)",
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity",
    "SenUnitOnRoll",
    "SenUnitCapacity",
    "GOR (code)",
    "GOR (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)",
    "ParliamentaryConstituency (name)",
    "UrbanRural (code)",
    "UrbanRural (name)",
    "GSSLACode (name)",
    "Easting",
    "Northing",
    "MSOA (name)",
    "LSOA (name)",
    "InspectorateName (name)",
    "SENStat",
    "SENNoStat",
    "BoardingEstablishment (name)",
    "PropsName",
    "PreviousLA (code)",
    "PreviousLA (name)",
    "PreviousEstablishmentNumber",
    "Country (name)",
    "UPRN",
    "SiteName",
    "QABName (code)",
    "QABName (name)",
    "EstablishmentAccredited (code)",
    "EstablishmentAccredited (name)",
    "QABReport",
    "CHNumber",
    "MSOA (code)",
    "LSOA (code)",
    "FSM",
    "AccreditationExpiryDate",
)
LINKS_HEADER: tuple[str, ...] = (
    "URN",
    "LinkURN",
    "LinkName",
    "LinkType",
    "LinkEstablishedDate",
)
# Written without quotes when they hold a value, as GIAS does.
INTEGER_COLUMNS = frozenset(
    {
        "URN",
        "StatutoryLowAge",
        "StatutoryHighAge",
        "SchoolCapacity",
        "UKPRN",
        "Easting",
        "Northing",
    }
)

AREA_LA_CODE = "989"
AREA_LA_NAME = "Northshire"
AREA_EXTRACT_DATES = (dt.date(2026, 4, 1), dt.date(2026, 9, 1))
NATIONAL_EXTRACT_DATE = dt.date(2026, 9, 1)
NATIONAL_LA_COUNT = 150


def extract_name(day: dt.date) -> str:
    """The file name GIAS gives the establishments extract of ``day``."""
    return f"edubasealldata{day:%Y%m%d}.csv"


def links_name(day: dt.date) -> str:
    """The file name GIAS gives the links extract of ``day``."""
    return f"links_edubasealldata{day:%Y%m%d}.csv"


AREA_FILES = (
    extract_name(AREA_EXTRACT_DATES[0]),
    extract_name(AREA_EXTRACT_DATES[1]),
    links_name(AREA_EXTRACT_DATES[1]),
)
NATIONAL_FILES = (
    extract_name(NATIONAL_EXTRACT_DATE),
    links_name(NATIONAL_EXTRACT_DATE),
)

# What an empty cell holds in a real 2025 row (shared/data/real rows from sap-public):
# coded "(name)" fields say "Not applicable", PreviousLA is 999, Diocese 0000, and an
# open school's close reason is code 99 with no name.
DEFAULTS: dict[str, str] = {
    "EstablishmentStatus (code)": "1",
    "EstablishmentStatus (name)": "Open",
    "ReasonEstablishmentOpened (code)": "0",
    "ReasonEstablishmentOpened (name)": "Not applicable",
    "ReasonEstablishmentClosed (code)": "99",
    "Boarders (code)": "1",
    "Boarders (name)": "No boarders",
    "NurseryProvision (name)": "No Nursery Classes",
    "OfficialSixthForm (code)": "0",
    "OfficialSixthForm (name)": "Not applicable",
    "Gender (code)": "3",
    "Gender (name)": "Mixed",
    "ReligiousCharacter (code)": "0",
    "ReligiousCharacter (name)": "Does not apply",
    "ReligiousEthos (name)": "Does not apply",
    "Diocese (code)": "0000",
    "Diocese (name)": "Not applicable",
    "AdmissionsPolicy (code)": "0",
    "AdmissionsPolicy (name)": "Not applicable",
    "SpecialClasses (code)": "2",
    "SpecialClasses (name)": "No Special Classes",
    "TrustSchoolFlag (code)": "0",
    "TrustSchoolFlag (name)": "Not applicable",
    "SchoolSponsorFlag (name)": "Not applicable",
    "FederationFlag (name)": "Not applicable",
    "FurtherEducationType (name)": "Not applicable",
    "BSOInspectorateName (name)": "Not applicable",
    "TeenMoth (name)": "Not applicable",
    "CCF (name)": "Not applicable",
    "SENPRU (name)": "Not applicable",
    "EBD (name)": "Not applicable",
    "EdByOther (name)": "Not applicable",
    "Section41Approved (name)": "Not applicable",
    "PreviousLA (code)": "999",
    "QABName (code)": "0",
    "QABName (name)": "Not applicable",
    "EstablishmentAccredited (code)": "0",
    "EstablishmentAccredited (name)": "Not applicable",
}
_MISSING = set(DEFAULTS) - set(GIAS_HEADER)
assert not _MISSING, _MISSING

# ---------------------------------------------------------------------------------------
# Vocabularies. Codes seen in real rows: opened 0 and 10, closed 1, 10 and 99, status
# 1 to 4, phases, types and groups. The other reason codes are this generator's own.

GROUPS = {
    "1": "Colleges",
    "2": "Universities",
    "3": "Independent schools",
    "4": "Local authority maintained schools",
    "5": "Special schools",
    "9": "Other types",
    "10": "Academies",
    "11": "Free Schools",
}
PHASES = {
    "0": "Not applicable",
    "1": "Nursery",
    "2": "Primary",
    "3": "Middle deemed primary",
    "4": "Secondary",
    "5": "Middle deemed secondary",
    "6": "16 plus",
    "7": "All-through",
}
STATUS = {
    "open": ("1", "Open"),
    "closed": ("2", "Closed"),
    "closing": ("3", "Open, but proposed to close"),
    "proposed": ("4", "Proposed to open"),
}
OPENED = {
    "amalgamation": ("1", "Result of Amalgamation"),
    "closure": ("2", "Result of Closure"),
    "new": ("3", "New Provision"),
    "status": ("5", "Change in status"),
    "fresh_start": ("6", "Fresh Start"),
    "sponsor": ("8", "Academy Sponsor Led"),
    "converter": ("10", "Academy Converter"),
    "free": ("11", "Academy Free School"),
    "free_special": ("13", "Free Special School"),
}
CLOSED = {
    "merger": ("1", "Result of Amalgamation/Merger"),
    "closure": ("2", "Closure"),
    "converter": ("10", "Academy Converter"),
    "sponsor": ("11", "Academy Sponsor Led"),
    "transfer": ("14", "Transferred to new sponsor"),
    "fresh_start": ("6", "Fresh Start"),
    "deregistered": ("9", "De-registered"),
}
URBAN_RURAL = {
    "UN1": "Urban: Nearer to a major town or city",
    "UF1": "Urban: Further from a major town or city",
    "RLN1": "Larger rural: Nearer to a major town or city",
    "RLF1": "Larger rural: Further from a major town or city",
    "RSN1": "Smaller rural: Nearer to a major town or city",
    "RSF1": "Smaller rural: Further from a major town or city",
}
REGIONS = {  # GOR code: (name, easting band, northing band)
    "A": ("North East", (380_000, 460_000), (510_000, 600_000)),
    "B": ("North West", (320_000, 400_000), (380_000, 520_000)),
    "D": ("Yorkshire and the Humber", (400_000, 520_000), (400_000, 500_000)),
    "E": ("East Midlands", (440_000, 540_000), (280_000, 400_000)),
    "F": ("West Midlands", (340_000, 440_000), (250_000, 350_000)),
    "G": ("East of England", (500_000, 650_000), (200_000, 330_000)),
    "H": ("London", (505_000, 560_000), (160_000, 200_000)),
    "J": ("South East", (440_000, 620_000), (100_000, 200_000)),
    "K": ("South West", (200_000, 400_000), (50_000, 200_000)),
}
SEN_TYPES = (
    "SLD - Severe Learning Difficulty",
    "PMLD - Profound and Multiple Learning Difficulty",
    "ASD - Autistic Spectrum Disorder",
    "MLD - Moderate Learning Difficulty",
    "SEMH - Social, Emotional and Mental Health",
    "SLCN - Speech, language and Communication",
    "PD - Physical Disability",
    "HI - Hearing Impairment",
    "VI - Visual Impairment",
    "MSI - Multi-Sensory Impairment",
    "SpLD - Specific Learning Difficulty",
    "OTH - Other Difficulty/Disability",
)
MAT_FLAG = ("3", "Supported by a multi-academy trust")
SAT_FLAG = ("5", "Supported by a single-academy trust")
FOUNDATION_TRUST_FLAG = ("1", "Supported by a trust")
CHURCH = {"CE": ("2", "Church of England"), "RC": ("3", "Roman Catholic")}


@dataclass(frozen=True)
class Kind:
    """A kind of establishment: its GIAS type, group, phase and usual ages."""

    type_code: str
    type_name: str
    group_code: str
    phase_code: str
    low: int
    high: int
    series: str  # which range its EstablishmentNumber comes from

    @property
    def academy(self) -> bool:
        return self.group_code in {"10", "11"}

    @property
    def free(self) -> bool:
        return self.group_code == "11"

    @property
    def maintained(self) -> bool:
        return self.group_code == "4" or self.type_code in {"7", "12"}

    @property
    def state_funded(self) -> bool:
        return self.academy or self.maintained

    @property
    def special(self) -> bool:
        return self.type_code in {"7", "8", "10", "12", "33", "36", "44"}


K = {
    "community": Kind("1", "Community school", "4", "2", 4, 11, "primary"),
    "va": Kind("2", "Voluntary aided school", "4", "2", 4, 11, "church"),
    "vc": Kind("3", "Voluntary controlled school", "4", "2", 4, 11, "church"),
    "foundation": Kind("5", "Foundation school", "4", "2", 4, 11, "foundation"),
    "community_special": Kind(
        "7", "Community special school", "5", "0", 2, 19, "special"
    ),
    "foundation_special": Kind(
        "12", "Foundation special school", "5", "0", 4, 19, "special"
    ),
    "pru": Kind("14", "Pupil referral unit", "4", "0", 5, 16, "pru"),
    "nursery": Kind("15", "Local authority nursery school", "4", "1", 2, 5, "nursery"),
    "sponsor": Kind("28", "Academy sponsor led", "10", "2", 4, 11, "primary"),
    "special_sponsor": Kind(
        "33", "Academy special sponsor led", "10", "0", 4, 19, "special"
    ),
    "converter": Kind("34", "Academy converter", "10", "2", 4, 11, "primary"),
    "free": Kind("35", "Free schools", "11", "2", 4, 11, "primary"),
    "free_special": Kind("36", "Free schools special", "11", "0", 4, 19, "special"),
    "free_ap": Kind(
        "38", "Free schools alternative provision", "11", "0", 11, 16, "pru"
    ),
    "free_16": Kind("39", "Free schools 16 to 19", "11", "6", 16, 19, "sixteen"),
    "utc": Kind("40", "University technical college", "11", "4", 14, 19, "secondary"),
    "studio": Kind("41", "Studio schools", "11", "4", 14, 19, "secondary"),
    "ap_converter": Kind(
        "42", "Academy alternative provision converter", "10", "0", 5, 16, "pru"
    ),
    "ap_sponsor": Kind(
        "43", "Academy alternative provision sponsor led", "10", "0", 5, 16, "pru"
    ),
    "special_converter": Kind(
        "44", "Academy special converter", "10", "0", 2, 19, "special"
    ),
    "converter_16": Kind("45", "Academy 16-19 converter", "10", "6", 16, 19, "sixteen"),
    "sponsor_16": Kind(
        "46", "Academy 16 to 19 sponsor led", "10", "6", 16, 19, "sixteen"
    ),
    "independent": Kind(
        "11", "Other independent school", "3", "0", 3, 18, "independent"
    ),
    "independent_special": Kind(
        "10", "Other independent special school", "5", "0", 7, 19, "independent"
    ),
    "non_maintained_special": Kind(
        "8", "Non-maintained special school", "5", "0", 5, 19, "special"
    ),
    "fe": Kind("18", "Further education", "1", "0", 16, 99, "fe"),
    "hei": Kind("29", "Higher education institutions", "2", "0", 18, 99, "fe"),
    "special_post16": Kind("32", "Special post 16 institution", "9", "0", 16, 25, "fe"),
}
_SERIES = {  # EstablishmentNumber ranges, as LAs number their schools
    "nursery": (1000, 1099),
    "pru": (1100, 1199),
    "primary": (2000, 2999),
    "church": (3000, 3999),
    "secondary": (4000, 4999),
    "sixteen": (4800, 4999),
    "foundation": (5200, 5499),
    "independent": (6000, 6999),
    "special": (7000, 7199),
    "fe": (8000, 8999),
}

# ---------------------------------------------------------------------------------------
# Words. Every string must encode in Windows-1252 (the writer refuses any that does not).

# fmt: off
FEMALE = (
    "Aisha", "Alison", "Amanda", "Amy", "Agnieszka", "Bethan", "Bríd", "Catherine",
    "Charlotte", "Chloë", "Claire", "Deborah", "Eleanor", "Elizabeth", "Emma", "Fatima",
    "Fiona", "Gemma", "Hannah", "Helen", "Jane", "Jennifer", "Joanne", "Julie", "Karen",
    "Katherine", "Kerry", "Laura", "Lisa", "Louise", "Lucy", "Mandeep", "Margaret",
    "Michelle", "Nadia", "Natalie", "Nicola", "Priya", "Rachel", "Rebecca", "Renée",
    "Ruth", "Sally", "Samantha", "Sarah", "Siân", "Sophie", "Susan", "Tracey",
    "Victoria", "Yasmin", "Zoë",
)
# fmt: on
# fmt: off
MALE = (
    "Adam", "Andrew", "Anthony", "Ben", "Chris", "Daniel", "David", "Eoin", "Gareth",
    "Graham", "Ian", "Imran", "James", "Jonathan", "José", "Joseph", "Kevin", "Kwame",
    "Mark", "Martin", "Matthew", "Michael", "Neil", "Nicholas", "Noël", "Olusegun",
    "Paul", "Peter", "Piotr", "Raj", "Rhys", "Richard", "Robert", "Simon", "Stephen",
    "Stuart", "Tariq", "Thomas", "Tim", "William",
)
# fmt: on
# fmt: off
SURNAMES = (
    "Ahmed", "Ainsworth", "Allen", "Ashworth", "Atkinson", "Bailey", "Barker", "Begum",
    "Bell", "Bennett", "Brontë", "Brown", "Campbell", "Carter", "Çelik", "Chapman",
    "Clarke", "Collins", "Cooper", "Davies", "Dixon", "Edwards", "Ellis", "Evans",
    "Fletcher", "Foster", "Gray", "Green", "Hall", "Hargreaves", "Harris", "Harrison",
    "Hill", "Holmes", "Hughes", "Hussain", "Jackson", "James", "Johnson", "Jones",
    "Kaur", "Kelly", "Khan", "King", "Knight", "Kowalski", "Lee", "Lewis", "Lund",
    "Marsh", "Marshall", "Martin", "Mason", "McLean", "Mensah", "Mills", "Mitchell",
    "Moore", "Morgan", "Morris", "Müller", "Murphy", "Nowak", "Núñez", "O'Brien",
    "O'Connor", "Okafor", "Owen", "Parker", "Patel", "Pemberton", "Phillips", "Price",
    "Quinn", "Reid", "Richardson", "Roberts", "Robinson", "Rossi", "Russell", "Scott",
    "Shah", "Shaw", "Simpson", "Singh", "Smith", "Stevens", "Taylor", "Thomas",
    "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Wilkinson", "Williams",
    "Wilson", "Wood", "Wright", "Young", "Øvergaard",
)
# fmt: on
# fmt: off
SAINTS = (
    "Aidan", "Andrew", "Anne", "Augustine", "Bartholomew", "Bede", "Benedict",
    "Bernadette", "Catherine", "Chad", "Columba", "Cuthbert", "Edmund", "Francis",
    "George", "Gregory", "Helen", "Hilda", "James", "John", "Joseph", "Lawrence",
    "Luke", "Margaret", "Mark", "Mary", "Matthew", "Michael", "Nicholas", "Oswald",
    "Patrick", "Paul", "Peter", "Stephen", "Teresa", "Wilfrid",
)
# fmt: on
# fmt: off
RC_DEDICATIONS = (
    "Sacred Heart", "Holy Family", "Our Lady of Lourdes", "Our Lady and St Joseph",
    "Holy Cross", "Corpus Christi", "English Martyrs", "Christ the King",
    "SS Peter and Paul's", "St Thomas à Becket",
)
# fmt: on
# fmt: off
FEATURES = (
    "Beechwood", "Brookfield", "Castle View", "Elmhurst", "Fernhill", "Greenacres",
    "Hawthorn", "Highfield", "Hillside", "Kingsmead", "Larkrise", "Meadowbank",
    "Moorside", "Oakfield", "Orchard", "Parkside", "Ridgeway", "Riverside", "Rowan",
    "Springfield", "Westfield", "Willow Bank", "Woodlands", "Heather Lea", "Lime Tree",
    "Millbrook", "Sandhill", "Stonebridge", "Thornleigh", "Bluebell", "Foxwood",
    "Ashgrove", "Cedars", "Harbour View", "Linden", "Primrose Hill", "Valley",
)
# fmt: on
# fmt: off
STREETS = (
    "School Lane", "Church Lane", "Church Street", "High Street", "Mill Lane",
    "Station Road", "Park Road", "Victoria Road", "Green Lane", "North Road",
    "Westgate", "Eastgate", "Moor Lane", "Chapel Street", "Queen Street", "Manor Road",
    "Grange Road", "Hall Lane", "Broad Lane", "Front Street",
)
# fmt: on
# fmt: off
_SYLLABLE_A = (
    "Ash", "Bel", "Brack", "Bram", "Cal", "Carn", "Chel", "Cold", "Cran", "Dal", "Der",
    "Dun", "Elm", "Fal", "Fen", "Gar", "Glen", "Grey", "Hal", "Hol", "Hun", "Kel",
    "Ken", "Kir", "Lan", "Lud", "Mal", "Mar", "Mel", "Mor", "Nether", "Oak", "Pen",
    "Quen", "Rad", "Raven", "Ros", "Shel", "Stan", "Stow", "Sud", "Tam", "Thorn", "Tor",
    "Wal", "Wen", "Whit", "Wick", "Win", "Yar",
)
# fmt: on
# fmt: off
_SYLLABLE_B = (
    "bury", "by", "caster", "combe", "dale", "don", "field", "ford", "ham", "hurst",
    "ington", "ley", "mere", "minster", "mouth", "stead", "stone", "thorpe", "ton",
    "well", "wick", "worth",
)
# fmt: on
_REAL_LA_NAMES = {
    "Halton",
    "Salford",
    "Rossington",
}  # real places the syllables can make
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# ---------------------------------------------------------------------------------------
# Geography


@dataclass
class District:
    code: str
    name: str
    constituency: tuple[str, str]
    wards: list[tuple[str, str]]


@dataclass
class Place:
    """A town or village: where schools are, with its codes and grid position."""

    name: str
    post_town: str
    district: District
    outward: str
    urban_rural: str
    easting: int
    northing: int
    weight: float
    msoa: tuple[str, str]
    lsoas: list[tuple[str, str]]
    village: bool = False


@dataclass
class Area:
    """A local authority and its places."""

    code: str
    name: str
    gss: str
    gor: str
    county: str
    domain: str
    places: list[Place]
    london: bool = False

    def towns(self) -> list[Place]:
        return [p for p in self.places if not p.village]


class _Codes:
    """Sequential fictional ONS codes (E05/E02/E01 ranges no real area uses)."""

    def __init__(self) -> None:
        self.ward = 0
        self.msoa = 0
        self.lsoa = 0
        self.constituency = 0

    def next_ward(self) -> str:
        self.ward += 1
        return f"E05{900_000 + self.ward:06d}"

    def next_msoa(self) -> str:
        self.msoa += 1
        return f"E02{900_000 + self.msoa:06d}"

    def next_lsoa(self) -> str:
        self.lsoa += 1
        return f"E01{900_000 + self.lsoa:06d}"

    def next_constituency(self) -> str:
        self.constituency += 1
        return f"E14{900_000 + self.constituency:06d}"


def _place(
    codes: _Codes,
    msoa_count: dict[str, int],
    *,
    name: str,
    post_town: str,
    district: District,
    outward: str,
    urban_rural: str,
    centre: tuple[int, int],
    weight: float,
    village: bool = False,
) -> Place:
    n = msoa_count[district.name] = msoa_count.get(district.name, 0) + 1
    msoa_name = f"{district.name} {n:03d}"
    lsoas = [(codes.next_lsoa(), f"{msoa_name}{letter}") for letter in "ABCD"]
    return Place(
        name,
        post_town,
        district,
        outward,
        urban_rural,
        centre[0],
        centre[1],
        weight,
        (codes.next_msoa(), msoa_name),
        lsoas,
        village,
    )


def _northshire(rng: random.Random, codes: _Codes) -> Area:
    """The demonstration LA: a county of five districts, a cathedral city, a coast."""
    constituencies = {
        "Northminster": (codes.next_constituency(), "Northminster"),
        "Fenwick and Ludworth": (codes.next_constituency(), "Fenwick and Ludworth"),
        "Greyhaven and the Coast": (
            codes.next_constituency(),
            "Greyhaven and the Coast",
        ),
        "North Moors": (codes.next_constituency(), "North Moors"),
    }
    ward_names = {
        "Northminster": [
            "Castle",
            "Minster",
            "Abbey",
            "Westgate",
            "Eastfield",
            "Northgate",
            "St Hilda's",
            "Riverside",
            "Broadacre",
        ],
        "Fenwick Vale": [
            "Fenwick North",
            "Fenwick South",
            "Ashby Marsh",
            "Carr Moor",
            "Lowfield",
            "Fenside",
        ],
        "Greyhaven": [
            "Greyhaven Central",
            "Seafront",
            "Priory",
            "Cliffside",
            "Haverton",
            "South Bay",
        ],
        "Ludworth and Wexcombe": [
            "Ludworth East",
            "Ludworth West",
            "Wexcombe",
            "Hollinsby",
            "Marrick",
        ],
        "North Moors": [
            "Kelmscott",
            "Ætherfield and Moorside",
            "High Moors",
            "Eskby",
            "Thornfell",
            "Dunmoor",
        ],
    }
    seats = {
        "Northminster": "Northminster",
        "Fenwick Vale": "Fenwick and Ludworth",
        "Greyhaven": "Greyhaven and the Coast",
        "Ludworth and Wexcombe": "Fenwick and Ludworth",
        "North Moors": "North Moors",
    }
    districts = {
        name: District(
            f"E07000{951 + i}",
            name,
            constituencies[seats[name]],
            [(codes.next_ward(), w) for w in wards],
        )
        for i, (name, wards) in enumerate(ward_names.items())
    }
    msoas: dict[str, int] = {}
    towns = [  # name, district, outward codes, urban/rural, centre, weight
        (
            "Northminster",
            "Northminster",
            ("NS1", "NS2", "NS3", "NS4", "NS5"),
            "UN1",
            (427_000, 556_000),
            11,
        ),
        ("Fenwick", "Fenwick Vale", ("NS7", "NS8"), "UN1", (441_000, 548_000), 4),
        (
            "Greyhaven",
            "Greyhaven",
            ("NS9", "NS10", "NS11"),
            "UF1",
            (452_000, 566_000),
            5,
        ),
        (
            "Ludworth",
            "Ludworth and Wexcombe",
            ("NS12",),
            "UF1",
            (418_000, 536_000),
            2.5,
        ),
        (
            "Wexcombe",
            "Ludworth and Wexcombe",
            ("NS13",),
            "UF1",
            (409_000, 545_000),
            1.5,
        ),
        ("Kelmscott Bridge", "North Moors", ("NS14",), "RLF1", (402_000, 572_000), 1.2),
        ("Ætherfield", "North Moors", ("NS15",), "RLF1", (396_000, 563_000), 0.8),
        ("Ashby Marsh", "Fenwick Vale", ("NS16",), "RLN1", (446_000, 538_000), 0.8),
    ]
    places: list[Place] = []
    for name, district_name, outwards, ur, centre, weight in towns:
        for outward in outwards:
            places.append(
                _place(
                    codes,
                    msoas,
                    name=name,
                    post_town=name,
                    district=districts[district_name],
                    outward=outward,
                    urban_rural=ur,
                    centre=centre,
                    weight=weight,
                )
            )
    rural_districts = [
        "Fenwick Vale",
        "Greyhaven",
        "Ludworth and Wexcombe",
        "North Moors",
        "North Moors",
        "Northminster",
    ]
    village_outward = {
        "Fenwick Vale": "NS17",
        "Greyhaven": "NS18",
        "Northminster": "NS19",
        "Ludworth and Wexcombe": "NS20",
        "North Moors": "NS21",
    }
    post_towns = {
        "Fenwick Vale": "Fenwick",
        "Greyhaven": "Greyhaven",
        "Ludworth and Wexcombe": "Ludworth",
        "North Moors": "Kelmscott Bridge",
        "Northminster": "Northminster",
    }
    used = {p.name for p in places}
    for i in range(40):
        district = districts[rural_districts[i % len(rural_districts)]]
        name = _village_name(rng, used)
        town = next(p for p in places if p.name == post_towns[district.name])
        places.append(
            _place(
                codes,
                msoas,
                name=name,
                post_town=town.name,
                district=district,
                outward=village_outward[district.name],
                urban_rural=rng.choice(("RSN1", "RSF1", "RSF1", "RLF1")),
                centre=(
                    town.easting + rng.randint(-12_000, 12_000),
                    town.northing + rng.randint(-12_000, 12_000),
                ),
                weight=0.9,
                village=True,
            )
        )
    return Area(
        AREA_LA_CODE,
        AREA_LA_NAME,
        "E10000989",
        "A",
        "Northshire",
        "northshire.sch.uk",
        places,
    )


def _village_name(rng: random.Random, used: set[str]) -> str:
    for _ in range(1000):
        name = rng.choice(_SYLLABLE_A) + rng.choice(_SYLLABLE_B)
        if rng.random() < 0.12:
            name = rng.choice(("Great ", "Little ", "Upper ", "Nether ")) + name
        if name not in used and name not in _REAL_LA_NAMES:
            used.add(name)
            return name
    raise RuntimeError("ran out of place names")


def _national_areas(
    rng: random.Random, codes: _Codes, count: int
) -> list[tuple[Area, float]]:
    """``count`` fictional LAs spread over the English regions, each with a size weight."""
    london = list(range(201, 214)) + list(range(301, 321))
    metropolitan = list(range(330, 397))
    shire = list(range(800, 939))
    shares = (("H", london, 0.22), ("M", metropolitan, 0.24), ("S", shire, 0.54))
    plan: list[tuple[str, int]] = []
    for kind, pool, share in shares:
        n = max(1, round(count * share)) if count >= 3 else (1 if kind == "S" else 0)
        picked = sorted(rng.sample(pool, min(n, len(pool))))
        plan.extend((kind, c) for c in picked)
    while len(plan) > count:
        plan.pop(rng.randrange(len(plan)))
    region_pool = ["A", "B", "D", "E", "F", "G", "J", "K"]
    used_names: set[str] = set()
    areas: list[tuple[Area, float]] = []
    for index, (kind, code) in enumerate(sorted(plan, key=lambda p: p[1])):
        gor = "H" if kind == "H" else rng.choice(region_pool)
        name = _village_name(rng, used_names)
        if kind == "S" and rng.random() < 0.35:
            name = f"{name}shire" if not name.endswith("shire") else name
        gss_prefix = {"H": "E09", "M": "E08", "S": rng.choice(("E06", "E10"))}[kind]
        gss = f"{gss_prefix}{9000 + index:06d}"
        _, eband, nband = REGIONS[gor]
        centre = (rng.randint(*eband), rng.randint(*nband))
        weight = min(2.2, max(0.25, rng.lognormvariate(0, 0.5)))
        if kind == "H":
            weight = min(weight, 1.0)
        areas.append(
            (
                _generated_area(
                    rng,
                    codes,
                    code=str(code),
                    name=name,
                    gss=gss,
                    gor=gor,
                    kind=kind,
                    centre=centre,
                    index=index,
                    weight=weight,
                ),
                weight,
            )
        )
    return areas


def _generated_area(
    rng: random.Random,
    codes: _Codes,
    *,
    code: str,
    name: str,
    gss: str,
    gor: str,
    kind: str,
    centre: tuple[int, int],
    index: int,
    weight: float,
) -> Area:
    county_council = gss.startswith("E10")
    n_districts = rng.randint(4, 7) if county_council else 1
    districts: list[District] = []
    used: set[str] = {name}
    for _ in range(n_districts):
        dname = name if n_districts == 1 else _village_name(rng, used)
        seat = (codes.next_constituency(), dname)
        wards = [
            (codes.next_ward(), _village_name(rng, used))
            for _ in range(rng.randint(6, 14))
        ]
        districts.append(
            District(
                f"E07{index:03d}{len(districts):03d}" if county_council else gss,
                dname,
                seat,
                wards,
            )
        )
    msoas: dict[str, int] = {}
    spread = 6_000 if kind == "H" else 18_000
    area_letter = "ABDEFGHJLNPRSTUWXYZ"[index % 19]
    prefix = f"Q{area_letter}"
    outward_base = (index // 19) * 30
    places: list[Place] = []
    n_towns = max(2, round(weight * (3 if kind == "H" else 5)))
    for t in range(n_towns):
        district = districts[t % len(districts)]
        town_name = name if t == 0 and kind != "S" else _village_name(rng, used)
        urban = (
            "UN1" if kind in {"H", "M"} or t == 0 else rng.choice(("UN1", "UF1", "UF1"))
        )
        places.append(
            _place(
                codes,
                msoas,
                name=town_name,
                post_town=town_name,
                district=district,
                outward=f"{prefix}{outward_base + t + 1}",
                urban_rural=urban,
                centre=(
                    centre[0] + rng.randint(-spread, spread),
                    centre[1] + rng.randint(-spread, spread),
                ),
                weight=rng.uniform(1.5, 6.0),
            )
        )
    if kind == "S":
        for v in range(round(weight * 30)):
            district = districts[v % len(districts)]
            town = places[v % len(places)]
            places.append(
                _place(
                    codes,
                    msoas,
                    name=_village_name(rng, used),
                    post_town=town.name,
                    district=district,
                    outward=f"{prefix}{outward_base + n_towns + 1 + v % 6}",
                    urban_rural=rng.choice(("RSN1", "RSF1", "RLN1", "RLF1")),
                    centre=(
                        town.easting + rng.randint(-9_000, 9_000),
                        town.northing + rng.randint(-9_000, 9_000),
                    ),
                    weight=0.6,
                    village=True,
                )
            )
    county = name if county_council else ""
    slug = name.lower().replace(" ", "")
    return Area(
        code, name, gss, gor, county, f"{slug}.sch.uk", places, london=kind == "H"
    )


# ---------------------------------------------------------------------------------------
# Establishments


@dataclass(eq=False)
class School:
    """One establishment row, by GIAS column (values as written, integers as digits).

    ``later`` holds what the second extract of an area says differently; ``since``
    says which extract first lists the school (1 or 2).
    """

    v: dict[str, str]
    kind: Kind
    opened: dt.date | None
    closed: dt.date | None = None
    place: Place | None = None
    urn: int = 0
    later: dict[str, str] = field(default_factory=dict)
    since: int = 1

    @property
    def name(self) -> str:
        return self.v["EstablishmentName"]

    def row(self, extract: int = 1) -> dict[str, str]:
        values = dict(self.v)
        if extract == 2:
            values.update(self.later)
        values["URN"] = str(self.urn)
        return values


@dataclass(frozen=True)
class Trust:
    code: str
    name: str  # GIAS writes trust names in capitals
    flag: tuple[str, str]
    sponsor: str  # the sponsor name as GIAS writes it (title case)
    church: str = ""  # "CE", "RC" or ""


@dataclass(frozen=True)
class Link:
    predecessor: School
    successor: School
    kind: str = ""  # "", "amalgamated" or "merged"
    dated: bool = True


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def census_day(year: int) -> dt.date:
    """The spring school census: the third Thursday of January."""
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


_NEW_URNS = 150_000  # where the URNs of schools opened since 2010 start


class Registry:
    """Things numbered across the whole file: URNs, UKPRNs, UPRNs, trusts, dioceses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.old_urn = 100_000
        self.urn_by_year: dict[int, int] = {}
        self.ukprn = 10_090_000
        self.uprn = 100_090_000_000
        self.group_uid = 17_000
        self.dioceses: dict[tuple[str, int], tuple[str, str]] = {
            ("CE", 0): ("CE90", "Diocese of Northminster"),
            ("RC", 0): ("RC90", "Diocese of Northshire and Fenwick"),
        }

    def urn(self, opened: dt.date | None) -> int:
        """Old schools take the next URN in the old series; schools opened since 2010
        take the next in their year's block, so URNs rise with opening dates as in GIAS."""
        if opened is None or opened.year < 2010:
            self.old_urn += 1 + (self.rng.random() < 0.1)
            if self.old_urn >= _NEW_URNS:
                raise RuntimeError("the old URN series ran into the new one")
            return self.old_urn
        n = self.urn_by_year.get(opened.year, 0)
        self.urn_by_year[opened.year] = n + 1
        if n >= 2_000:
            raise RuntimeError(f"too many establishments opened in {opened.year}")
        return _NEW_URNS + (opened.year - 2010) * 2_000 + n

    def next_ukprn(self) -> str:
        self.ukprn += self.rng.randint(1, 9)
        return str(self.ukprn)

    def next_uprn(self) -> str:
        self.uprn += self.rng.randint(1, 999)
        return str(self.uprn)

    def next_group_uid(self) -> str:
        self.group_uid += self.rng.randint(1, 40)
        return str(self.group_uid)

    def trust(self, name: str, flag: tuple[str, str], church: str = "") -> Trust:
        return Trust(self.next_group_uid(), name.upper(), flag, name, church)

    def diocese(self, church: str, index: int = 0) -> tuple[str, str]:
        """The CE or RC diocese numbered ``index``; dioceses beyond the first are
        named after a generated place."""
        key = (church, index)
        if key not in self.dioceses:
            place = _village_name(self.rng, {n for _, n in self.dioceses.values()})
            name = (
                f"Diocese of {place}"
                if church == "CE" or index % 5
                else f"Archdiocese of {place}"
            )
            self.dioceses[key] = (f"{church}{index:03d}", name)
        return self.dioceses[key]


# Phase spec: PhaseOfEducation code, statutory low and high ages. "kind" keeps the ages
# of the establishment type.
PHASE_SPECS: dict[str, tuple[str, int, int]] = {
    "primary": ("2", 4, 11),
    "primary_nursery": ("2", 3, 11),
    "infant": ("2", 4, 7),
    "junior": ("2", 7, 11),
    "secondary": ("4", 11, 16),
    "secondary_sixth": ("4", 11, 18),
    "all_through": ("7", 4, 18),
    "nursery": ("1", 2, 5),
    "sixteen": ("6", 16, 19),
    "kind": ("0", 0, 0),
}
_PRIMARY = {"primary", "primary_nursery", "infant", "junior"}
_SECONDARY = {"secondary", "secondary_sixth", "all_through"}


def _slug(text: str) -> str:
    """The part of a school website's host name taken from the school's name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [
        w
        for w in plain.lower().replace("'", "").replace("-", " ").split()
        if w.isalnum()
    ]
    drop = {"school", "the", "of", "and", "primary", "church", "england", "ce", "cofe"}
    kept = [w for w in words if w not in drop] or words
    return "".join(kept[:3])


class LaBuilder:
    """Builds the establishments of one local authority."""

    def __init__(
        self, rng: random.Random, area: Area, registry: Registry, today: dt.date
    ) -> None:
        self.rng = rng
        self.area = area
        self.reg = registry
        self.today = today
        self.numbers: dict[str, int] = {}
        self.open_names: set[str] = set()
        self.schools: list[School] = []
        self.links: list[Link] = []
        towns = area.towns()
        self._town_weights = [p.weight for p in towns]
        self._towns = towns
        self._all_weights = [p.weight for p in area.places]

    # -- small pieces ---------------------------------------------------------------
    def number(self, series: str) -> str:
        low, high = _SERIES[series]
        current = self.numbers.get(series, low + self.rng.randint(0, 15))
        current += 1 + (self.rng.random() < 0.25)
        if current > high:  # a crowded range carries on in the spare 6900s
            series, current = "spare", self.numbers.get("spare", 6900) + 1
        self.numbers[series] = current
        return f"{current:04d}"

    def place(self, phase: str, kind: Kind) -> Place:
        if phase in _PRIMARY and kind.type_code in {"1", "2", "3", "5", "34"}:
            return self.rng.choices(self.area.places, weights=self._all_weights)[0]
        return self.rng.choices(self._towns, weights=self._town_weights)[0]

    def person(self, female_share: float) -> tuple[str, str, str]:
        rng = self.rng
        if rng.random() < female_share:
            first = rng.choice(FEMALE)
            title = rng.choices(("Mrs", "Ms", "Miss", "Dr"), weights=(55, 25, 15, 5))[0]
        else:
            first = rng.choice(MALE)
            title = rng.choices(("Mr", "Dr"), weights=(93, 7))[0]
        return title, first, rng.choice(SURNAMES)

    def head_job(self, kind: Kind, phase: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return "Interim Headteacher"
        if roll < 0.05:
            return "Acting Headteacher"
        if kind.group_code in {"1", "2", "9"}:
            return "Principal"
        if kind.group_code == "3" or kind.type_code == "10":
            return rng.choice(
                ("Head", "Headteacher", "Headmistress", "Headmaster", "Principal")
            )
        if kind.academy and rng.random() < 0.25:
            return "Principal"
        if phase in _SECONDARY and rng.random() < 0.1:
            return "Head"
        return "Headteacher"

    def unique_name(
        self, make: Callable[[], str], place: Place, *, register: bool
    ) -> str:
        name = make()
        for _ in range(40):
            if name not in self.open_names:
                break
            name = make()
        else:
            base, n = f"{name} ({place.name})", 2
            name = base
            while name in self.open_names:
                name, n = f"{base} {n}", n + 1
        if register:
            self.open_names.add(name)
        return name

    def name_for(self, key: str, phase: str, place: Place, church: str) -> str:
        rng = self.rng
        where = place.name
        feature = rng.choice(FEATURES)
        saint = rng.choice(SAINTS)
        kind = K[key]
        if key == "utc":
            return rng.choice((f"UTC {where}", f"{where} University Technical College"))
        if key == "studio":
            return f"{where} Studio School"
        if key == "nursery":
            return rng.choice(
                (
                    f"{where} Nursery School",
                    f"{feature} Nursery School",
                    f"{feature} Children's Centre and Nursery School",
                )
            )
        if phase == "infant":
            stem = rng.choice((feature, where))
            return (
                f"{stem} Infant School"
                if rng.random() < 0.8
                else f"{stem} Nursery and Infant School"
            )
        if phase == "junior":
            return f"{rng.choice((feature, where))} Junior School"
        if phase in {"primary", "primary_nursery"}:
            if church == "RC":
                dedication = rng.choice(
                    RC_DEDICATIONS + tuple(f"St {s}'s" for s in SAINTS)
                )
                options = [
                    f"{dedication} Catholic Primary School",
                    f"{dedication} RC Primary School",
                ]
                if kind.academy:
                    options.append(
                        f"{dedication} Catholic Primary School, A Voluntary Academy"
                    )
                return rng.choice(options)
            if church == "CE":
                vc = " (VC)" if key == "vc" else " (VA)" if key == "va" else ""
                options = [
                    f"{where} Church of England Primary School",
                    f"St {saint}'s Church of England Primary School",
                    f"{where} CofE Primary School",
                    f"St {saint}'s CE{vc} Primary School",
                ]
                if kind.academy:
                    options.append(f"{where} Church of England Primary Academy")
                return rng.choice(options)
            if key in {"community", "foundation"}:
                return rng.choice(
                    (
                        f"{where} Primary School",
                        f"{feature} Primary School",
                        f"{where} Community Primary School",
                        f"{feature} Primary School",
                    )
                )
            if key == "converter":
                return rng.choice(
                    (
                        f"{feature} Primary Academy",
                        f"{feature} Primary School",
                        f"{where} Primary Academy",
                        f"{where} Primary School",
                    )
                )
            if key == "sponsor":
                return rng.choice(
                    (
                        f"{feature} Primary Academy",
                        f"{where} {feature} Academy",
                        f"{where} Primary Academy",
                    )
                )
            return rng.choice(
                (
                    f"{where} Primary Free School",
                    f"{feature} Academy",
                    f"{where} {feature} Primary School",
                )
            )
        if phase in _SECONDARY:
            if phase == "all_through":
                return rng.choice(
                    (
                        f"{where} All-Through School",
                        f"{where} Academy",
                        f"{feature} School",
                        f"{where} {feature} Academy",
                    )
                )
            if church == "RC":
                return rng.choice(
                    (
                        f"St {saint}'s Catholic High School",
                        f"{rng.choice(RC_DEDICATIONS[:8])} Catholic School",
                        f"St {saint}'s Catholic Academy",
                    )
                )
            if church == "CE":
                return rng.choice(
                    (
                        f"{where} Church of England Academy",
                        f"St {saint}'s Church of England High School",
                    )
                )
            if key in {"community", "foundation", "va", "vc"}:
                return rng.choice(
                    (
                        f"{where} High School",
                        f"{where} School",
                        f"{where} Community College",
                        f"{feature} School",
                    )
                )
            if key == "converter":
                return rng.choice(
                    (
                        f"{where} High School",
                        f"{where} Academy",
                        f"{where} School",
                        f"The {where} School",
                        f"{feature} School",
                    )
                )
            if key == "sponsor":
                return rng.choice(
                    (f"{where} Academy", f"{feature} Academy", f"The {where} Academy")
                )
            return rng.choice(
                (
                    f"{where} Free School",
                    f"{feature} Academy",
                    f"{where} {feature} School",
                )
            )
        if kind.special and kind.state_funded:
            return rng.choice(
                (
                    f"{feature} School",
                    f"{feature} Special School",
                    f"{feature} Academy",
                    f"{where} {feature} School",
                )
            )
        if key == "pru":
            return rng.choice(
                (
                    f"{where} Learning Centre",
                    f"{feature} Centre",
                    f"{where} Pupil Referral Unit",
                )
            )
        if key in {"ap_sponsor", "ap_converter", "free_ap"}:
            return rng.choice(
                (
                    f"The {feature} Academy",
                    f"{where} Alternative Provision Academy",
                    f"{feature} Alternative Provision Academy",
                )
            )
        if key == "converter_16":
            return f"{where} Sixth Form College"
        if key in {"free_16", "sponsor_16"}:
            return rng.choice(
                (
                    f"{where} Sixth Form",
                    f"{where} Mathematics School",
                    f"{feature} Sixth Form Academy",
                )
            )
        if key == "independent":
            return rng.choice(
                (
                    f"{feature} House School",
                    f"{where} Preparatory School",
                    f"St {saint}'s School",
                    f"{where} Montessori School",
                    f"{feature} Independent School",
                    f"{where} Grammar School",
                )
            )
        if key == "independent_special":
            return rng.choice(
                (f"{feature} Lodge School", f"{feature} House", f"{feature} College")
            )
        if key == "non_maintained_special":
            return rng.choice(
                (f"{where} School for Deaf Children", f"{feature} School")
            )
        if key == "fe":
            return rng.choice(
                (f"{where} College", f"{where} College of Further Education")
            )
        if key == "hei":
            return f"University of {where}"
        if key == "special_post16":
            return f"{feature} College"
        raise ValueError(f"no name pattern for {key} / {phase}")

    def roll(self, key: str, phase: str) -> tuple[int, int] | None:
        """(capacity, pupils) for the phase, or None where GIAS gives no census."""
        rng = self.rng
        kind = K[key]
        if key in {"fe", "hei", "special_post16"}:
            return None
        if key == "nursery":
            capacity = rng.choice((60, 75, 90, 104, 120))
            return capacity, round(capacity * rng.uniform(0.9, 1.5))
        if phase in {"primary", "primary_nursery"}:
            forms = rng.choices(
                (0.4, 0.6, 1, 1.5, 2, 3), weights=(8, 10, 38, 14, 24, 6)
            )[0]
            capacity = round(210 * forms / 7) * 7 if forms < 1 else int(210 * forms)
            if phase == "primary_nursery":
                capacity += rng.choice((26, 39, 52))
        elif phase == "infant":
            capacity = rng.choice((90, 180, 270))
        elif phase == "junior":
            capacity = rng.choice((120, 240, 360))
        elif phase in {"secondary", "secondary_sixth"}:
            capacity = rng.choice(range(600, 1950, 150)) + (
                rng.choice((150, 200, 250, 300)) if phase == "secondary_sixth" else 0
            )
        elif phase == "all_through":
            capacity = rng.choice((1260, 1500, 1680, 1890, 2100))
        elif phase == "sixteen":
            capacity = (
                rng.choice((150, 250, 400))
                if kind.free
                else rng.choice((1200, 1600, 2000))
            )
        elif kind.special:
            capacity = rng.choice(range(50, 320, 10))
        elif key in {"pru", "ap_sponsor", "ap_converter", "free_ap"}:
            capacity = rng.choice(range(20, 110, 5))
        else:  # independent
            capacity = rng.choice(range(30, 900, 10))
        return capacity, max(5, round(capacity * rng.uniform(0.72, 1.05)))

    def fsm(self, key: str, place: Place) -> float:
        rng = self.rng
        base = 24.0
        if place.urban_rural == "UN1":
            base += 6
        elif place.urban_rural.startswith("R"):
            base -= 9
        if K[key].special:
            base += 16
        if key in {"pru", "ap_sponsor", "ap_converter", "free_ap"}:
            base += 28
        if K[key].group_code == "3":
            return 0.0
        return round(min(85.0, max(1.5, rng.gauss(base, 9))), 1)

    # -- one establishment ----------------------------------------------------------
    def make(
        self,
        key: str,
        phase: str,
        *,
        place: Place | None = None,
        name: str | None = None,
        status: str = "open",
        opened: dt.date | None = None,
        open_reason: str | None = None,
        closed: dt.date | None = None,
        close_reason: str | None = None,
        church: str = "",
        trust: Trust | None = None,
        sponsor_linked: bool = False,
        gender: tuple[str, str] = ("3", "Mixed"),
        selective: bool = False,
        job_title: str | None = None,
        head: tuple[str, str, str] | None = None,
        diocese: int = 0,
        register_urn: bool = True,
    ) -> School:
        """One establishment with every column filled as GIAS would."""
        rng = self.rng
        kind = K[key]
        area = self.area
        place = place or self.place(phase, kind)
        phase_code, low, high = PHASE_SPECS[phase]
        if phase == "kind":
            phase_code, low, high = kind.phase_code, kind.low, kind.high
        series = kind.series
        if phase in _SECONDARY or key in {"utc", "studio"}:
            series = "secondary"
        if phase == "sixteen":
            series = "sixteen"
        is_open = status in {"open", "closing"}
        v: dict[str, str] = {
            "LA (code)": area.code,
            "LA (name)": area.name,
            "EstablishmentNumber": self.number(series),
            "TypeOfEstablishment (code)": kind.type_code.zfill(2),
            "TypeOfEstablishment (name)": kind.type_name,
            "EstablishmentTypeGroup (code)": kind.group_code,
            "EstablishmentTypeGroup (name)": GROUPS[kind.group_code],
            "PhaseOfEducation (code)": phase_code,
            "PhaseOfEducation (name)": PHASES[phase_code],
            "StatutoryLowAge": str(low),
            "StatutoryHighAge": str(high),
        }
        v["EstablishmentName"] = name or self.unique_name(
            lambda: self.name_for(key, phase, place, church), place, register=is_open
        )
        if name and is_open:
            self.open_names.add(name)
        v["EstablishmentStatus (code)"], v["EstablishmentStatus (name)"] = STATUS[
            status
        ]
        if open_reason:
            (
                v["ReasonEstablishmentOpened (code)"],
                v["ReasonEstablishmentOpened (name)"],
            ) = OPENED[open_reason]
        v["OpenDate"] = _date(opened)
        if close_reason:
            (
                v["ReasonEstablishmentClosed (code)"],
                v["ReasonEstablishmentClosed (name)"],
            ) = CLOSED[close_reason]
        else:
            v["ReasonEstablishmentClosed (name)"] = ""
        v["CloseDate"] = _date(closed)
        if low <= 3 and phase_code in {"1", "2", "7"}:
            v["NurseryProvision (name)"] = "Has Nursery Classes"
        elif kind.group_code == "3":
            v["NurseryProvision (name)"] = "Not applicable"
        if phase_code in {"2", "4", "6", "7"} or kind.special:
            if high >= 18:
                v["OfficialSixthForm (code)"], v["OfficialSixthForm (name)"] = (
                    "1",
                    "Has a sixth form",
                )
            else:
                v["OfficialSixthForm (code)"], v["OfficialSixthForm (name)"] = (
                    "2",
                    "Does not have a sixth form",
                )
        v["Gender (code)"], v["Gender (name)"] = gender
        if church:
            v["ReligiousCharacter (code)"], v["ReligiousCharacter (name)"] = CHURCH[
                church
            ]
            v["Diocese (code)"], v["Diocese (name)"] = self.reg.diocese(church, diocese)
        if phase in {"secondary", "secondary_sixth"} and kind.state_funded:
            v["AdmissionsPolicy (code)"], v["AdmissionsPolicy (name)"] = (
                ("2", "Selective") if selective else ("1", "Non-selective")
            )
        if kind.special and kind.state_funded:
            v["SpecialClasses (code)"], v["SpecialClasses (name)"] = (
                "1",
                "Has Special Classes",
            )
        roll = None if status == "proposed" else self.roll(key, phase)
        census_year = None
        if roll is not None:
            if is_open:
                census_year = (
                    self.today.year
                    if self.today >= census_day(self.today.year)
                    else self.today.year - 1
                )
            elif closed is not None and closed.year >= 2008:
                census_year = (
                    closed.year
                    if closed >= census_day(closed.year)
                    else closed.year - 1
                )
        if roll is not None:
            capacity, pupils = roll
            v["SchoolCapacity"] = str(capacity)
            if census_year is not None:
                self._census(v, key, place, pupils, census_year, gender[0])
        if trust is not None:
            v["TrustSchoolFlag (code)"], v["TrustSchoolFlag (name)"] = trust.flag
            v["Trusts (code)"], v["Trusts (name)"] = trust.code, trust.name
            if sponsor_linked:
                v["SchoolSponsorFlag (name)"] = "Linked to a sponsor"
                v["SchoolSponsors (name)"] = trust.sponsor
        if kind.maintained:
            v["FederationFlag (name)"] = "Not under a federation"
        if (is_open or (closed and closed.year >= 2006)) and (
            kind.academy or kind.group_code in {"1", "2", "9"} or rng.random() < 0.85
        ):
            v["UKPRN"] = self.reg.next_ukprn()
        if key == "fe":
            v["FurtherEducationType (name)"] = rng.choice(
                ("General Further Education College", "Sixth Form College (General)")
            )
        v["LastChangedDate"] = _date(self._last_changed(closed))
        v["Street"] = (
            f"{rng.choice(STREETS)}"
            if rng.random() < 0.85
            else f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
        )
        if place.village:
            v["Locality"] = place.name
        v["Town"] = place.post_town
        v["County (name)"] = area.county
        v["Postcode"] = (
            f"{place.outward} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
        )
        if is_open or status == "proposed":
            if rng.random() < 0.9:
                v["SchoolWebsite"] = (
                    f"www.{_slug(v['EstablishmentName'])}.{area.domain}"
                )
            v["TelephoneNum"] = f"01632960{rng.randint(0, 999):03d}"
        if status != "proposed" or head is not None:
            female = 0.78 if phase in _PRIMARY or phase == "nursery" else 0.5
            title, first, last = head or self.person(female)
            v["HeadTitle (name)"], v["HeadFirstName"], v["HeadLastName"] = (
                title,
                first,
                last,
            )
            v["HeadPreferredJobTitle"] = job_title or self.head_job(kind, phase)
        if kind.special and kind.group_code != "3":
            needs = rng.sample(SEN_TYPES, rng.randint(2, 5))
            for i, need in enumerate(needs, start=1):
                v[f"SEN{i} (name)"] = need
        elif (
            kind.state_funded and phase in _PRIMARY | _SECONDARY and rng.random() < 0.06
        ):
            unit = rng.random() < 0.4
            v["TypeOfResourcedProvision (name)"] = (
                "SEN unit" if unit else "Resourced provision"
            )
            places_ = rng.choice((8, 10, 12, 14, 16, 20))
            prefix = "SenUnit" if unit else "ResourcedProvision"
            v[f"{prefix}Capacity"] = str(places_)
            v[f"{prefix}OnRoll"] = str(rng.randint(places_ // 2, places_))
            v["SEN1 (name)"] = rng.choice(SEN_TYPES[2:6])
        if kind.group_code == "3":
            v["InspectorateName (name)"] = rng.choice(("ISI", "Ofsted", "Ofsted"))
            v["PropsName"] = f"{v['EstablishmentName']} Ltd"
        v["GOR (code)"] = area.gor
        v["GOR (name)"] = REGIONS[area.gor][0]
        v["DistrictAdministrative (code)"] = place.district.code
        v["DistrictAdministrative (name)"] = place.district.name
        ward = rng.choice(place.district.wards)
        v["AdministrativeWard (code)"], v["AdministrativeWard (name)"] = ward
        v["ParliamentaryConstituency (code)"], v["ParliamentaryConstituency (name)"] = (
            place.district.constituency
        )
        v["UrbanRural (code)"] = place.urban_rural
        v["UrbanRural (name)"] = URBAN_RURAL[place.urban_rural]
        v["GSSLACode (name)"] = area.gss
        spread = 900 if place.village else 3_500
        v["Easting"] = str(place.easting + rng.randint(-spread, spread))
        v["Northing"] = str(place.northing + rng.randint(-spread, spread))
        lsoa = rng.choice(place.lsoas)
        v["MSOA (name)"], v["LSOA (name)"] = place.msoa[1], lsoa[1]
        v["MSOA (code)"], v["LSOA (code)"] = place.msoa[0], lsoa[0]
        if is_open and rng.random() < 0.92:
            v["UPRN"] = self.reg.next_uprn()
        school = School(v, kind, opened, closed, place)
        if register_urn:
            school.urn = self.reg.urn(opened)
        self.schools.append(school)
        return school

    def _census(
        self,
        v: dict[str, str],
        key: str,
        place: Place,
        pupils: int,
        year: int,
        gender: str,
    ) -> None:
        rng = self.rng
        boys_share = {"1": 1.0, "2": 0.0}.get(gender)
        if boys_share is None:
            boys_share = (
                0.7
                if K[key].special or key in {"pru", "ap_sponsor", "free_ap"}
                else rng.uniform(0.46, 0.54)
            )
        boys = round(pupils * boys_share)
        v["CensusDate"] = _date(census_day(year))
        v["NumberOfPupils"] = str(pupils)
        v["NumberOfBoys"] = str(boys)
        v["NumberOfGirls"] = str(pupils - boys)
        if K[key].group_code != "3" and key != "nursery":
            pct = self.fsm(key, place)
            v["PercentageFSM"] = f"{pct:.1f}"
            v["FSM"] = str(round(pupils * pct / 100))

    def _last_changed(self, closed: dt.date | None) -> dt.date:
        if closed is not None and closed < self.today:
            return min(self.today, closed + dt.timedelta(days=self.rng.randint(0, 40)))
        return self.today - dt.timedelta(days=self.rng.randint(1, 400))

    def change_census(self, school: School, pupils: int) -> dict[str, str]:
        """The census columns for a corrected pupil number, keeping FSM % as it was."""
        v = school.v
        boys = round(pupils * int(v["NumberOfBoys"]) / max(1, int(v["NumberOfPupils"])))
        out = {
            "NumberOfPupils": str(pupils),
            "NumberOfBoys": str(boys),
            "NumberOfGirls": str(pupils - boys),
        }
        if v.get("PercentageFSM"):
            out["FSM"] = str(round(pupils * float(v["PercentageFSM"]) / 100))
        return out

    # -- shapes that involve more than one establishment -----------------------------
    def successor_academy(
        self,
        key: str,
        phase: str,
        *,
        opened: dt.date,
        trust: Trust,
        church: str = "",
        predecessor_key: str | None = None,
        place: Place | None = None,
        dated: bool = True,
    ) -> School:
        """A maintained school that closed the day before its academy opened, linked."""
        rng = self.rng
        kind = K[key]
        reason = (
            "converter" if kind.type_code in {"34", "44", "42", "45"} else "sponsor"
        )
        place = place or self.place(phase, kind)
        pred_key, pred_phase = (
            predecessor_key or _predecessor_key(rng, kind, church),
            phase,
        )
        if kind.series == "sixteen":  # sixth form colleges were further education
            pred_key, pred_phase = "fe", "kind"
        closed = opened - dt.timedelta(days=1)
        pred = self.make(
            pred_key,
            pred_phase,
            place=place,
            status="closed",
            closed=closed,
            close_reason=reason,
            church=church,
        )
        # Converters often keep the name, or swap School for Academy; never (VC).
        name = pred.name.replace(" (VC)", "").replace(" (VA)", "")
        if rng.random() < 0.5 and "Academy" not in name:
            name = (
                name.replace("School", "Academy")
                if "School" in name
                else f"{name} Academy"
            )
        succ = self.make(
            key,
            phase,
            place=place,
            name=None if name in self.open_names else name,
            opened=opened,
            open_reason=reason,
            church=church,
            trust=trust,
            sponsor_linked=reason == "sponsor" or rng.random() < 0.4,
        )
        self.links.append(Link(pred, succ, dated=dated))
        return succ


def _academy_year(rng: random.Random) -> int:
    """Academy opening years weighted as conversions happened (a peak in 2011-2013)."""
    years = list(range(2011, 2026))
    weights = [14, 12, 10, 7, 6, 6, 8, 8, 7, 5, 5, 5, 5, 4, 3]
    return rng.choices(years, weights=weights)[0]


def _academy_day(rng: random.Random, year: int) -> dt.date:
    return rng.choice(
        (
            dt.date(year, 9, 1),
            dt.date(year, 9, 1),
            dt.date(year, 4, 1),
            dt.date(year, 1, 1),
            dt.date(year, 6, 1),
        )
    )


@dataclass
class AreaWorld:
    """Northshire as both extracts describe it."""

    area: Area
    schools: list[School]
    links: list[Link]
    head_changes: list[School]
    census_changes: list[School]
    converting: School
    academy: School
    opening: School


def build_area(seed: int = DEFAULT_SEED) -> AreaWorld:
    """Build Northshire: about 250 establishments and the changes between extracts."""
    rng = random.Random(f"northshire-{seed}")
    codes = _Codes()
    reg = Registry(rng)
    area = _northshire(rng, codes)
    first, second = AREA_EXTRACT_DATES
    b = LaBuilder(rng, area, reg, first)
    mats = [
        reg.trust(name, MAT_FLAG)
        for name in (
            "Northshire Learning Partnership",
            "Fenwick Valley Academy Trust",
            "Greyhaven Coast Schools Partnership",
            "Brightwater Education Trust",
        )
    ]
    church_mats = {
        "RC": reg.trust("St Aidan Catholic Academy Trust", MAT_FLAG, "RC"),
        "CE": reg.trust("Northminster Diocesan Education Trust", MAT_FLAG, "CE"),
    }
    foundation_trust = reg.trust(
        "Northminster Co-operative Learning Trust", FOUNDATION_TRUST_FLAG
    )
    town = next(p for p in area.places if p.name == "Northminster")
    villages = [p for p in area.places if p.village]

    def mat(church: str) -> Trust:
        if church == "RC" or (church == "CE" and rng.random() < 0.8):
            return church_mats[church]
        return rng.choices(mats, weights=(40, 20, 25, 15))[0]

    def academy(
        key: str,
        phase: str,
        church: str = "",
        *,
        predecessor: bool = False,
        trust: Trust | None = None,
        name: str | None = None,
        place: Place | None = None,
        gender: tuple[str, str] = ("3", "Mixed"),
        selective: bool = False,
    ) -> School:
        kind = K[key]
        opened = _academy_day(
            rng, rng.randint(2013, 2022) if kind.free else _academy_year(rng)
        )
        trust = trust or mat(church)
        if predecessor:
            return b.successor_academy(
                key,
                phase,
                opened=opened,
                trust=trust,
                church=church,
                dated=rng.random() < 0.85,
            )
        reason = _open_reason(kind)
        return b.make(
            key,
            phase,
            opened=opened,
            open_reason=reason,
            church=church,
            trust=trust,
            sponsor_linked=reason == "sponsor" or rng.random() < 0.4,
            name=name,
            place=place,
            gender=gender,
            selective=selective,
        )

    # Maintained primaries: 52 community schools (two in federations, one formed by
    # amalgamation), 14 voluntary controlled, 15 voluntary aided, 4 foundation.
    infant = b.make("community", "infant", place=town, name="Brookfield Infant School")
    junior = b.make("community", "junior", place=town, name="Elmhurst Junior School")
    fed_a = b.make("community", "primary", place=villages[0])
    fed_b = b.make("vc", "primary", place=villages[1], church="CE")
    federations = (
        (
            reg.next_group_uid(),
            "The Brookfield – Elmhurst Federation",
            (infant, junior),
        ),
        (
            reg.next_group_uid(),
            f"{villages[0].name} and {villages[1].name} Federation",
            (fed_a, fed_b),
        ),
    )
    for code, fed_name, members in federations:
        executive = b.person(0.7)
        for i, s in enumerate(members):
            s.v.update(
                {
                    "FederationFlag (name)": "Supported by a federation",
                    "Federations (code)": code,
                    "Federations (name)": fed_name,
                }
            )
            if i == 0 or "Elmhurst" in fed_name:
                s.v["HeadTitle (name)"], s.v["HeadFirstName"], s.v["HeadLastName"] = (
                    executive
                )
                s.v["HeadPreferredJobTitle"] = "Executive Headteacher"
            else:
                s.v["HeadPreferredJobTitle"] = "Head of School"
    amalgamated = b.make(
        "community",
        "primary_nursery",
        place=town,
        opened=dt.date(2014, 9, 1),
        open_reason="amalgamation",
    )
    for part in ("infant", "junior"):
        pred = b.make(
            "community",
            part,
            place=town,
            status="closed",
            closed=dt.date(2014, 8, 31),
            close_reason="merger",
        )
        b.links.append(Link(pred, amalgamated, "amalgamated"))
    for i in range(52 - 4):
        b.make("community", "primary_nursery" if i % 5 == 0 else "primary")
    for _ in range(13):
        b.make("vc", "primary", church="CE")
    for _ in range(6):
        b.make("va", "primary", church="CE")
    b.make(
        "va", "primary", church="RC", name="St Thomas à Becket Catholic Primary School"
    )
    for _ in range(8):
        b.make("va", "primary", church="RC")
    b.make("foundation", "primary", trust=foundation_trust)
    for _ in range(3):
        b.make("foundation", "primary")

    # Primary academies: 55 converters (eleven with the school they replaced), 19
    # sponsored (one moved trust, so it has had two URNs), 6 free schools, and a free
    # school that opens in September.
    for i in range(55):
        church = "CE" if i < 6 else "RC" if i < 12 else ""
        academy("converter", "primary", church, predecessor=i % 5 == 0)
    for i in range(18):
        academy("sponsor", "primary", predecessor=i in {3, 11})
    chain_place = rng.choice(area.towns())
    first_open, moved = dt.date(2013, 9, 1), dt.date(2019, 9, 1)
    maintained = b.make(
        "community",
        "primary",
        place=chain_place,
        status="closed",
        closed=first_open - dt.timedelta(days=1),
        close_reason="sponsor",
    )
    first_academy = b.make(
        "sponsor",
        "primary",
        place=chain_place,
        status="closed",
        opened=first_open,
        open_reason="sponsor",
        closed=moved - dt.timedelta(days=1),
        close_reason="transfer",
        trust=mats[2],
        sponsor_linked=True,
    )
    current = b.make(
        "sponsor",
        "primary",
        place=chain_place,
        name=first_academy.name,
        opened=moved,
        open_reason="sponsor",
        trust=mats[1],
        sponsor_linked=True,
    )
    b.links.extend((Link(maintained, first_academy), Link(first_academy, current)))
    for _ in range(6):
        academy("free", "primary")
    opening = b.make(
        "free",
        "primary",
        status="proposed",
        opened=dt.date(2026, 9, 1),
        open_reason="free",
        trust=mats[1],
        sponsor_linked=True,
    )

    # Secondaries: 5 maintained, 25 academies (two in single-academy trusts) and a UTC.
    b.make("community", "secondary_sixth")
    b.make("community", "secondary")
    b.make(
        "community",
        "secondary_sixth",
        place=town,
        name="Northminster Community College",
    )
    b.make("va", "secondary_sixth", church="RC")
    b.make("foundation", "secondary_sixth")
    academy(
        "converter",
        "secondary_sixth",
        trust=mats[0],
        gender=("2", "Girls"),
        selective=True,
        name="Northminster High School for Girls",
        place=town,
    )
    for i in range(12):
        academy(
            "converter",
            "secondary_sixth" if i % 2 else "secondary",
            "CE" if i == 0 else "",
            predecessor=i in {2, 7},
        )
    for where in ("Ludworth", "Kelmscott Bridge"):
        name = f"{where} High School"
        academy(
            "converter",
            "secondary_sixth",
            name=name,
            trust=reg.trust(f"{name} Academy Trust", SAT_FLAG),
            place=next(p for p in area.places if p.name == where),
        )
    for i in range(7):
        academy("sponsor", "secondary", predecessor=i == 4)
    for _ in range(2):
        academy("free", "secondary_sixth")
    b.make(
        "utc",
        "kind",
        place=town,
        opened=dt.date(2016, 9, 1),
        open_reason="free",
        trust=mats[3],
        sponsor_linked=True,
    )
    for key in ("converter", "free", "sponsor"):
        academy(key, "all_through")

    # Nursery schools, special schools, alternative provision, 16 to 19.
    for _ in range(4):
        b.make("nursery", "nursery")
    for _ in range(6):
        b.make("community_special", "kind")
    b.make("foundation_special", "kind")
    for key in (
        "special_converter",
        "special_converter",
        "special_converter",
        "special_sponsor",
        "free_special",
        "ap_sponsor",
    ):
        academy(key, "kind", trust=mats[3])
    b.make("pru", "kind", place=town, name="Northshire Pupil Referral Service")
    academy("converter_16", "sixteen", trust=mats[0], place=town)
    academy("free_16", "sixteen", trust=mats[0])

    # Independent schools and a college: on the LA's register, outside its remit.
    for _ in range(3):
        b.make("independent", "kind")
    b.make("independent_special", "kind")
    b.make("fe", "kind", place=town, name="Northminster College")

    # Closed with no successor: small village schools, a nursery, an independent.
    for year in (2009, 2013, 2019):
        b.make(
            "community",
            "primary",
            place=rng.choice(villages),
            status="closed",
            closed=dt.date(year, 8, 31),
            close_reason="closure",
        )
    b.make(
        "nursery",
        "nursery",
        status="closed",
        closed=dt.date(2012, 3, 31),
        close_reason="closure",
    )
    b.make(
        "independent",
        "kind",
        status="closed",
        closed=dt.date(2021, 7, 31),
        close_reason="deregistered",
    )

    # Between the April and September extracts: a conversion, an opening, new heads,
    # an interim head made permanent and a few corrected pupil numbers.
    candidates = [
        s
        for s in b.schools
        if s.v["EstablishmentStatus (code)"] == "1"
        and s.kind.state_funded
        and "Federations (code)" not in s.v
        and s.v.get("HeadFirstName")
    ]
    converting = next(
        s
        for s in candidates
        if s.kind.type_code == "1"
        and s.v["PhaseOfEducation (code)"] == "2"
        and "ReasonEstablishmentOpened (code)" not in s.v
    )
    conversion_day = second - dt.timedelta(days=1)
    converting.closed = conversion_day
    converting.v.update(
        {
            "EstablishmentStatus (code)": STATUS["closing"][0],
            "EstablishmentStatus (name)": STATUS["closing"][1],
            "ReasonEstablishmentClosed (code)": CLOSED["converter"][0],
            "ReasonEstablishmentClosed (name)": CLOSED["converter"][1],
            "CloseDate": _date(conversion_day),
        }
    )
    converting.later.update(
        {
            "EstablishmentStatus (code)": STATUS["closed"][0],
            "EstablishmentStatus (name)": STATUS["closed"][1],
            "LastChangedDate": _date(second),
        }
    )
    b.today = second
    cv = converting.v
    successor = b.make(
        "converter",
        "primary",
        place=converting.place,
        opened=second,
        name=cv["EstablishmentName"].replace("School", "Academy"),
        open_reason="converter",
        trust=mats[0],
        sponsor_linked=True,
        job_title=cv["HeadPreferredJobTitle"],
        head=(cv["HeadTitle (name)"], cv["HeadFirstName"], cv["HeadLastName"]),
    )
    for column in _SAME_SITE:
        if column in cv:
            successor.v[column] = cv[column]
        else:
            successor.v.pop(column, None)
    successor.v["LastChangedDate"] = _date(second)
    successor.since = 2
    b.links.append(Link(converting, successor))

    title, first_name, last = b.person(0.7)
    opening.later.update(
        {
            "EstablishmentStatus (code)": STATUS["open"][0],
            "EstablishmentStatus (name)": STATUS["open"][1],
            "LastChangedDate": _date(dt.date(2026, 8, 27)),
            "HeadTitle (name)": title,
            "HeadFirstName": first_name,
            "HeadLastName": last,
            "HeadPreferredJobTitle": "Headteacher",
        }
    )

    pool = [s for s in candidates if s is not converting]
    rng.shuffle(pool)
    head_changes = pool[:15]
    jobs = (
        ["Interim Headteacher"] * 3
        + ["Acting Headteacher", "Executive Headteacher"]
        + ["Headteacher"] * 10
    )
    for s, job in zip(head_changes, jobs, strict=True):
        new = b.person(0.75)
        while (new[1], new[2]) == (s.v["HeadFirstName"], s.v["HeadLastName"]):
            new = b.person(0.75)
        if job == "Headteacher" and s.kind.academy and rng.random() < 0.3:
            job = "Principal"
        s.later.update(
            {
                "HeadTitle (name)": new[0],
                "HeadFirstName": new[1],
                "HeadLastName": new[2],
                "HeadPreferredJobTitle": job,
                "LastChangedDate": _date(
                    dt.date(2026, rng.randint(4, 8), rng.randint(2, 28))
                ),
            }
        )
    for s in pool[15:]:
        if s.v.get("HeadPreferredJobTitle") == "Interim Headteacher":
            s.later.update(
                {
                    "HeadPreferredJobTitle": "Headteacher",
                    "LastChangedDate": _date(dt.date(2026, 7, 14)),
                }
            )
            break
    census_changes = [
        s for s in pool[15:] if s.v.get("NumberOfPupils") and not s.later
    ][:5]
    for s in census_changes:
        pupils = int(s.v["NumberOfPupils"])
        step = rng.randint(3, max(4, pupils // 12)) * rng.choice((-1, 1))
        s.later.update(b.change_census(s, pupils + step))
        s.later["LastChangedDate"] = _date(dt.date(2026, 6, rng.randint(1, 30)))
    return AreaWorld(
        area,
        b.schools,
        b.links,
        head_changes,
        census_changes,
        converting,
        successor,
        opening,
    )


# What a converter academy keeps from the school it replaces: the site and the roll.
_SAME_SITE = (
    "Street",
    "Locality",
    "Postcode",
    "Easting",
    "Northing",
    "SchoolCapacity",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "FSM",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "NurseryProvision (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "MSOA (name)",
    "LSOA (name)",
    "MSOA (code)",
    "LSOA (code)",
    "UPRN",
)


def _predecessor_key(rng: random.Random, kind: Kind, church: str) -> str:
    """The maintained type an academy of ``kind`` most likely replaced."""
    if kind.special:
        return "community_special"
    if kind.series == "pru":
        return "pru"
    if church == "RC":
        return "va"
    if church == "CE":
        return rng.choice(("vc", "va", "vc"))
    return rng.choices(("community", "foundation"), weights=(85, 15))[0]


def _open_reason(kind: Kind) -> str:
    if kind.type_code == "36":
        return "free_special"
    if kind.free:
        return "free"
    return "converter" if kind.type_code in {"34", "42", "44", "45"} else "sponsor"


# Shares of open state-funded schools in England by phase and type, roughly as in 2025.
_NATIONAL_MIX: tuple[tuple[str, str, str, float], ...] = (
    # key, phase, church, share
    ("community", "primary", "", 0.205),
    ("community", "primary_nursery", "", 0.06),
    ("community", "infant", "", 0.02),
    ("community", "junior", "", 0.015),
    ("vc", "primary", "CE", 0.07),
    ("va", "primary", "CE", 0.025),
    ("va", "primary", "RC", 0.035),
    ("foundation", "primary", "", 0.01),
    ("converter", "primary", "", 0.17),
    ("converter", "primary", "CE", 0.04),
    ("converter", "primary", "RC", 0.025),
    ("sponsor", "primary", "", 0.055),
    ("free", "primary", "", 0.012),
    ("community", "secondary_sixth", "", 0.01),
    ("community", "secondary", "", 0.008),
    ("va", "secondary_sixth", "RC", 0.005),
    ("foundation", "secondary_sixth", "", 0.005),
    ("converter", "secondary_sixth", "", 0.055),
    ("converter", "secondary", "", 0.025),
    ("converter", "secondary_sixth", "RC", 0.01),
    ("converter", "secondary_sixth", "CE", 0.005),
    ("sponsor", "secondary", "", 0.028),
    ("free", "secondary_sixth", "", 0.01),
    ("utc", "kind", "", 0.002),
    ("studio", "kind", "", 0.001),
    ("converter", "all_through", "", 0.004),
    ("free", "all_through", "", 0.004),
    ("nursery", "nursery", "", 0.017),
    ("community_special", "kind", "", 0.022),
    ("foundation_special", "kind", "", 0.003),
    ("special_converter", "kind", "", 0.01),
    ("special_sponsor", "kind", "", 0.004),
    ("free_special", "kind", "", 0.007),
    ("pru", "kind", "", 0.008),
    ("ap_sponsor", "kind", "", 0.003),
    ("ap_converter", "kind", "", 0.002),
    ("free_ap", "kind", "", 0.002),
    ("converter_16", "sixteen", "", 0.002),
    ("free_16", "sixteen", "", 0.002),
)
OPEN_STATE_PER_LA = 146.7  # 22,000 open state-funded schools over 150 LAs
NATIONAL_TRUSTS = (
    "Horizon Learning Trust",
    "Keystone Academies",
    "United Pathways Trust",
    "Lighthouse Schools Partnership",
    "Evergreen Education Trust",
    "Compass Academy Trust",
    "Meridian Learning",
    "Northern Star Academies",
    "Beacon Multi-Academy Trust",
    "Cornerstone Schools Trust",
    "Harbour Learning Partnership",
    "Summit Education Trust",
)


def _build_national_la(
    rng: random.Random,
    reg: Registry,
    area: Area,
    open_state: int,
    national_trusts: list[Trust],
    la_index: int,
) -> LaBuilder:
    b = LaBuilder(rng, area, reg, NATIONAL_EXTRACT_DATE)
    local = [
        reg.trust(f"{area.name} {suffix}", MAT_FLAG)
        for suffix in rng.sample(
            (
                "Learning Trust",
                "Academies Trust",
                "Schools Partnership",
                "Education Trust",
                "Primary Partnership",
                "Collaborative Trust",
            ),
            k=max(1, min(6, open_state // 40)),
        )
    ]
    church_mats = {
        "RC": reg.trust(f"{area.name} Catholic Academy Trust", MAT_FLAG, "RC"),
        "CE": reg.trust(f"{area.name} Diocesan Academies Trust", MAT_FLAG, "CE"),
    }
    diocese_index = la_index // 4

    def trust_for(kind: Kind, church: str) -> Trust:
        if church and rng.random() < 0.8:
            return church_mats[church]
        roll = rng.random()
        if roll < 0.08 and not kind.free:
            return reg.trust(
                f"{area.name} {rng.choice(FEATURES)} Academy Trust", SAT_FLAG
            )
        if roll < 0.3:
            return rng.choice(national_trusts)
        return rng.choice(local)

    counts = [
        (key, phase, church, open_state * share)
        for key, phase, church, share in _NATIONAL_MIX
    ]
    academies: list[School] = []
    community_primaries: list[School] = []
    for key, phase, church, expected in counts:
        n = int(expected) + (rng.random() < expected - int(expected))
        kind = K[key]
        for _ in range(n):
            if kind.academy:
                year = _academy_year(rng) if not kind.free else rng.randint(2011, 2025)
                opened = _academy_day(rng, year)
                trust = trust_for(kind, church)
                reason = _open_reason(kind)
                if reason in {"converter", "sponsor"} and rng.random() < 0.85:
                    s = b.successor_academy(
                        key,
                        phase,
                        opened=opened,
                        trust=trust,
                        church=church,
                        dated=rng.random() < 0.85,
                    )
                else:
                    s = b.make(
                        key,
                        phase,
                        opened=opened,
                        open_reason=reason,
                        church=church,
                        trust=trust,
                        sponsor_linked=reason == "sponsor" or rng.random() < 0.4,
                    )
                academies.append(s)
            else:
                s = b.make(key, phase, church=church, diocese=diocese_index)
                if key == "community" and phase in {"primary", "primary_nursery"}:
                    community_primaries.append(s)
    # Amalgamations: an infant and a junior school became today's primary.
    for s in community_primaries:
        if rng.random() < 0.07:
            day = dt.date(rng.randint(1995, 2019), 9, 1)
            s.v["OpenDate"] = _date(day)
            (
                s.v["ReasonEstablishmentOpened (code)"],
                s.v["ReasonEstablishmentOpened (name)"],
            ) = OPENED["amalgamation"]
            kind_of_link = rng.choices(
                ("", "amalgamated", "merged"), weights=(85, 10, 5)
            )[0]
            for part in ("infant", "junior"):
                pred = b.make(
                    "community",
                    part,
                    place=s.place,
                    status="closed",
                    closed=day - dt.timedelta(days=1),
                    close_reason="merger",
                )
                b.links.append(Link(pred, s, kind_of_link, dated=rng.random() < 0.7))
    # Academies moved to a new trust: the academy closed and reopened under a new URN.
    for s in academies:
        if (
            s.opened
            and s.opened.year <= 2019
            and s.kind.type_code in {"28", "34"}
            and rng.random() < 0.06
        ):
            moved = dt.date(rng.randint(s.opened.year + 2, 2025), 9, 1)
            old = b.make(
                _key_of(s.kind),
                _phase_of(s),
                place=s.place,
                name=s.name,
                status="closed",
                opened=s.opened,
                open_reason="sponsor" if s.kind.type_code == "28" else "converter",
                closed=moved - dt.timedelta(days=1),
                close_reason="transfer",
                trust=trust_for(s.kind, ""),
                sponsor_linked=True,
            )
            for i, link in enumerate(b.links):
                if link.successor is s:
                    b.links[i] = Link(link.predecessor, old, link.kind, link.dated)
            s.opened = moved
            s.v["OpenDate"] = _date(moved)
            (
                s.v["ReasonEstablishmentOpened (code)"],
                s.v["ReasonEstablishmentOpened (name)"],
            ) = OPENED["sponsor"]
            s.urn = reg.urn(moved)
            b.links.append(Link(old, s, dated=rng.random() < 0.8))
    # Independent schools, colleges and other establishments on the register.
    for _ in range(round(open_state * 0.09)):
        b.make("independent", "kind")
    for _ in range(round(open_state * 0.022)):
        b.make("independent_special", "kind")
    extra = open_state / 100
    for key, share in (
        ("fe", 1.2),
        ("special_post16", 0.4),
        ("non_maintained_special", 0.3),
        ("hei", 0.5),
    ):
        n = int(extra * share) + (rng.random() < extra * share - int(extra * share))
        for _ in range(n):
            b.make(key, "kind")
    # Closed establishments with no (or an older) successor, to about 1.25 per open school.
    open_now = [s for s in b.schools if s.closed is None and s.kind.state_funded]
    target_closed = round(open_state * 1.25)
    closed_now = sum(1 for s in b.schools if s.closed is not None)
    residual = max(0, target_closed - closed_now)
    for _ in range(residual):
        roll = rng.random()
        year = rng.randint(1990, 2025)
        day = dt.date(
            year, rng.choice((3, 7, 8, 8, 8, 12)), 28 if rng.random() < 0.3 else 1
        ) - dt.timedelta(days=1)
        if roll < 0.45:
            key, phase = rng.choice(
                (
                    ("community", "primary"),
                    ("community", "infant"),
                    ("community", "junior"),
                    ("vc", "primary"),
                    ("community", "secondary"),
                    ("foundation", "secondary"),
                )
            )
            church = "CE" if key == "vc" else ""
            s = b.make(
                key,
                phase,
                church=church,
                status="closed",
                closed=day,
                close_reason=rng.choice(("closure", "merger", "merger", "fresh_start")),
            )
            if rng.random() < 0.7 and open_now:
                successor = rng.choice(open_now)
                b.links.append(
                    Link(
                        s,
                        successor,
                        rng.choices(("", "merged"), weights=(92, 8))[0],
                        dated=rng.random() < 0.7,
                    )
                )
        elif roll < 0.8:
            b.make(
                rng.choice(("independent", "independent", "independent_special")),
                "kind",
                status="closed",
                closed=day,
                close_reason=rng.choice(("closure", "deregistered")),
            )
        elif roll < 0.9:
            key = rng.choice(("nursery", "pru", "community_special"))
            s = b.make(
                key,
                "nursery" if key == "nursery" else "kind",
                status="closed",
                closed=day,
                close_reason=rng.choice(("closure", "merger")),
            )
            if rng.random() < 0.4 and open_now:
                b.links.append(Link(s, rng.choice(open_now), dated=rng.random() < 0.6))
        else:
            b.make(
                rng.choice(("fe", "special_post16", "non_maintained_special")),
                "kind",
                status="closed",
                closed=day,
                close_reason="closure",
            )
    return b


def _key_of(kind: Kind) -> str:
    return next(k for k, v in K.items() if v is kind)


def _phase_of(s: School) -> str:
    low, high = int(s.v["StatutoryLowAge"]), int(s.v["StatutoryHighAge"])
    for phase, (code, lo, hi) in PHASE_SPECS.items():
        if code == s.v["PhaseOfEducation (code)"] and (lo, hi) == (low, high):
            return phase
    return "kind"


# ---------------------------------------------------------------------------------------
# Writing


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


# A line is one format string: integer columns bare, every other column in quotes. The
# national file has seven million cells, so this is the generator's hot loop.
_CELLS = tuple((c, DEFAULTS.get(c, "")) for c in GIAS_HEADER)
_INTEGER_AT = tuple(i for i, c in enumerate(GIAS_HEADER) if c in INTEGER_COLUMNS)
_TEMPLATE = ",".join("{}" if c in INTEGER_COLUMNS else '"{}"' for c in GIAS_HEADER)


def render_row(values: Mapping[str, str]) -> str:
    """One establishment as a GIAS line (without the line ending)."""
    get = values.get
    cells = [get(column, default) for column, default in _CELLS]
    if '"' in "".join(cells):
        cells = [c.replace('"', '""') for c in cells]
    for i in _INTEGER_AT:
        if not cells[i]:
            cells[i] = '""'
    return _TEMPLATE.format(*cells)


def render_link(row: Sequence[str]) -> str:
    urn, linked, name, link_type, day = row
    return f"{urn},{linked},{_quoted(name)},{_quoted(link_type)},{_quoted(day)}"


def write_csv(path: Path, header: Sequence[str], lines: Iterable[str]) -> int:
    """Write a Windows-1252, CRLF file with a quoted header; returns the data rows."""
    body = [",".join(_quoted(h) for h in header)]
    body.extend(lines)
    text = "\r\n".join(body) + "\r\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(
        text.encode("cp1252")
    )  # strict: a character outside cp1252 fails here
    tmp.replace(path)
    return len(body) - 1


def link_rows(
    links: Iterable[Link], *, extract: int = 1
) -> list[tuple[str, str, str, str, str]]:
    """Both directions of every link, sorted as GIAS sorts them (by URN, then link)."""
    rows: set[tuple[str, str, str, str, str]] = set()
    for link in links:
        pred, succ = link.predecessor, link.successor
        suffix = f" - {link.kind}" if link.kind else ""
        rows.add(
            (
                str(pred.urn),
                str(succ.urn),
                succ.row(extract)["EstablishmentName"],
                f"Successor{suffix}",
                _date(pred.closed) if link.dated else "",
            )
        )
        rows.add(
            (
                str(succ.urn),
                str(pred.urn),
                pred.row(extract)["EstablishmentName"],
                f"Predecessor{suffix}",
                _date(succ.opened) if link.dated else "",
            )
        )
    return sorted(rows, key=lambda r: (int(r[0]), int(r[1]), r[3]))


@dataclass(frozen=True)
class Generated:
    """What was written: the extracts in date order and the links file."""

    directory: Path
    extracts: tuple[Path, ...]
    links: Path
    rows: tuple[int, ...]
    link_rows: int


def area_files_present(out_dir: Path) -> bool:
    """Whether the three area files are all in ``out_dir``."""
    return all((out_dir / name).is_file() for name in AREA_FILES)


def generate_area(out_dir: Path, *, seed: int = DEFAULT_SEED) -> Generated:
    """Write Northshire's two extracts and the September links file into ``out_dir``."""
    world = build_area(seed)
    out_dir = Path(out_dir)
    ordered = sorted(world.schools, key=lambda s: s.urn)
    if len({s.urn for s in ordered}) != len(ordered):
        raise RuntimeError("two establishments were given the same URN")
    rows = []
    paths = []
    for extract, day in enumerate(AREA_EXTRACT_DATES, start=1):
        path = out_dir / extract_name(day)
        lines = (render_row(s.row(extract)) for s in ordered if s.since <= extract)
        rows.append(write_csv(path, GIAS_HEADER, lines))
        paths.append(path)
    links_path = out_dir / links_name(AREA_EXTRACT_DATES[1])
    n_links = write_csv(
        links_path,
        LINKS_HEADER,
        (render_link(r) for r in link_rows(world.links, extract=2)),
    )
    return Generated(out_dir, tuple(paths), links_path, tuple(rows), n_links)


def generate_national(
    out_dir: Path, *, seed: int = DEFAULT_SEED, la_count: int = NATIONAL_LA_COUNT
) -> Generated:
    """Write a national-size extract (about 347 rows per LA) and its links file."""
    rng = random.Random(f"national-{seed}")
    codes = _Codes()
    reg = Registry(rng)
    national_trusts = [reg.trust(name, MAT_FLAG) for name in NATIONAL_TRUSTS]
    areas = _national_areas(rng, codes, la_count)
    total_weight = sum(w for _, w in areas)
    lines: list[tuple[int, str]] = []
    links: list[tuple[str, str, str, str, str]] = []
    for index, (area, weight) in enumerate(areas):
        open_state = max(5, round(OPEN_STATE_PER_LA * la_count * weight / total_weight))
        b = _build_national_la(rng, reg, area, open_state, national_trusts, index)
        lines.extend((s.urn, render_row(s.row())) for s in b.schools)
        links.extend(link_rows(b.links))
    lines.sort(key=lambda item: item[0])
    urns = [u for u, _ in lines]
    if len(set(urns)) != len(urns):
        raise RuntimeError("two establishments were given the same URN")
    out_dir = Path(out_dir)
    path = out_dir / extract_name(NATIONAL_EXTRACT_DATE)
    n_rows = write_csv(path, GIAS_HEADER, (line for _, line in lines))
    links.sort(key=lambda r: (int(r[0]), int(r[1]), r[3]))
    links_path = out_dir / links_name(NATIONAL_EXTRACT_DATE)
    n_links = write_csv(links_path, LINKS_HEADER, (render_link(r) for r in links))
    return Generated(out_dir, (path,), links_path, (n_rows,), n_links)


def generate(
    out_dir: Path,
    *,
    size: Size = "area",
    seed: int = DEFAULT_SEED,
    la_count: int = NATIONAL_LA_COUNT,
) -> Generated:
    """Write the files for ``size`` ("area" or "national") into ``out_dir``."""
    if size == "area":
        return generate_area(out_dir, seed=seed)
    if size == "national":
        return generate_national(out_dir, seed=seed, la_count=la_count)
    raise ValueError(f"unknown size {size!r}: expected 'area' or 'national'")
