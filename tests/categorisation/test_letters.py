"""Category letters: rendering the LA's template, Word and PDF output, latin-1
sanitising, entitlement sentences, evidence text and the DfE notification rule.
Pure: no database."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document

from engines.categorisation import load_policy
from school_improvement.categorisation.letters import (
    DEFAULT_TEMPLATE,
    INDEX_COLUMNS,
    BatchEntry,
    DocxWriter,
    LetterContext,
    LetterTemplateError,
    category_text,
    entitlement_sentences,
    evidence_text,
    formal_name,
    is_intervention_category,
    letter_docx,
    letter_evidence,
    letter_file_name,
    letter_pdf,
    notification_needed,
    render_letter,
    split_paragraphs,
    to_latin1,
    trigger_figures,
    write_letters_zip,
)
from tests.categorisation.conftest import TEST_POLICY

RED_FLAGS = "A significant percentage of OCC Position Statement red flags"
ATTENDANCE = "Concerns around attendance data"
LOW_ATTAINMENT = "Patterns of low attainment over 2 years"

TGO_PLUS = {
    "visits": 4,
    "visits_is_cap": True,
    "support_plan": True,
    "strategy_meeting_weeks": 6,
    "welcome_visit": False,
    "structured_conversation": False,
    "academisation_support": False,
    "early_years_support": False,
    "target": "Retain the Good judgement at the next inspection",
}


def make_ctx(**changes) -> LetterContext:
    ctx = LetterContext(
        la_name="Oxfordshire County Council",
        school_name="St Mary’s CE Primary School",
        school_urn="123456",
        school_address_lines=["Church Lane", "Witney", "OX28 1AA"],
        head_name="Ann Jones",
        chair_name="Bob Brown",
        category="TGO+",
        category_label="Bespoke work with a targeted good or outstanding school",
        previous_category="TGO",
        policy_title="Oxfordshire School Improvement Guarantee 2018-19",
        as_of=dt.date(2025, 11, 3),
        triggers=[
            {
                "id": "red_flags",
                "label": RED_FLAGS,
                "fired": True,
                "outcome": "fired",
                "evidence": {"red_flag_pct": 40.0, "red_flag_significant_pct": 25},
            },
            {
                "id": "attendance",
                "label": ATTENDANCE,
                "fired": False,
                "outcome": "not_fired",
                "evidence": {"abs_overall_pct": 5.123, "abs_overall_pct_england": 5.5},
            },
            {
                "id": "low_attainment_two_years",
                "label": LOW_ATTAINMENT,
                "fired": True,
                "outcome": "fired",
                "evidence": {"ks2_rwm_expected": 48.5, "section8_concern": True},
            },
        ],
        entitlements=dict(TGO_PLUS),
        flags=[],
        sender_name="Jane Smith",
        sender_role="Head of School Improvement",
        date=dt.date(2025, 11, 10),
        reference="SI/2025/123456",
    )
    return dataclasses.replace(ctx, **changes)


def text_of(letter) -> str:
    return "\n".join(letter.paragraphs)


# --- rendering with the default template -------------------------------------------


def test_default_letter_names_category_triggers_evidence_and_entitlements():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx())
    text = text_of(letter)

    assert "TGO+" in text
    assert "Bespoke work with a targeted good or outstanding school" in text
    assert "Its previous category was TGO." in text
    assert "3 November 2025" in text  # as_of|date:"j F Y"
    assert "Oxfordshire School Improvement Guarantee 2018-19" in text
    # Every fired trigger, each with its own figures, as a list item; a yes/no value
    # is left out (the trigger's label says what it means).
    assert (
        f"- {RED_FLAGS} – Red flag %: 40; Red flag significant %: 25"
        in letter.paragraphs
    )
    assert f"- {LOW_ATTAINMENT} – KS2 RWM expected: 48.5" in letter.paragraphs
    assert "Section 8 concern" not in text
    # The trigger that did not fire is summed up, not listed, nor its evidence.
    assert ATTENDANCE not in text
    assert "5.123" not in text
    assert "The policy's one other trigger does not apply." in letter.paragraphs
    # Every entitlement sentence is a list item; the target is a sentence after them.
    for sentence in entitlement_sentences(TGO_PLUS)[:-1]:
        assert f"- {sentence}" in letter.paragraphs
    assert (
        "The policy's target for schools in this category: Retain the Good "
        "judgement at the next inspection." in letter.paragraphs
    )
    # How to query it.
    assert "within 20 school days" in text
    assert "SI/2025/123456" in text
    assert letter.warnings == []


def test_default_letter_header_fields():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx())
    assert letter.date == dt.date(2025, 11, 10)
    assert letter.date_text == "10 November 2025"
    assert letter.salutation == "Dear Ann Jones and Bob Brown"
    assert letter.subject == (
        "St Mary’s CE Primary School (URN 123456): support category TGO+ "
        "(Bespoke work with a targeted good or outstanding school)"
    )
    assert letter.address_lines == [
        "Ann Jones, Headteacher",
        "Bob Brown, Chair of Governors",
        "St Mary’s CE Primary School",
        "Church Lane",
        "Witney",
        "OX28 1AA",
    ]


def test_missing_names_fall_back_to_roles():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx(head_name="", chair_name=" "))
    assert letter.salutation == "Dear Headteacher and Chair of Governors"
    assert letter.address_lines[:2] == ["The Headteacher", "The Chair of Governors"]


@pytest.mark.parametrize(
    ("previous", "expected", "not_expected"),
    [
        ("TGO", "Its previous category was TGO.", "unchanged"),
        ("TGO+", "The school's category is unchanged", "previous category"),
        (None, "The school is in category TGO+ (Bespoke", "unchanged"),
    ],
)
def test_default_letter_says_whether_the_category_changed(
    previous, expected, not_expected
):
    text = text_of(
        render_letter(DEFAULT_TEMPLATE, make_ctx(previous_category=previous))
    )
    assert expected in text
    assert not_expected not in text


def test_default_letter_without_triggers_or_entitlements():
    ctx = make_ctx(
        triggers=[{"label": ATTENDANCE, "fired": False, "evidence": {}}],
        entitlements={"visits": 0, "support_plan": False, "target": ""},
    )
    text = text_of(render_letter(DEFAULT_TEMPLATE, ctx))
    assert "The policy's one trigger for additional support does not apply" in text
    assert "does not carry additional visits or meetings" in text
    assert ATTENDANCE not in text
    assert "\n- " not in text


def test_single_trigger_is_singular():
    ctx = make_ctx(triggers=make_ctx().triggers[:1])
    text = text_of(render_letter(DEFAULT_TEMPLATE, ctx))
    assert "One trigger applies to the school." in text


def test_plain_text_is_not_html_escaped():
    ctx = make_ctx(school_name="St Peter & St Paul's <Infant> School")
    text = text_of(render_letter(DEFAULT_TEMPLATE, ctx))
    assert "St Peter & St Paul's <Infant> School" in text
    assert "&amp;" not in text
    assert "&#x27;" not in text


def test_a_change_names_the_previous_category_with_its_meaning():
    ctx = make_ctx(
        previous_category="TGO",
        previous_category_label="Targeted work with a good or outstanding school",
    )
    text = text_of(render_letter(DEFAULT_TEMPLATE, ctx))
    assert (
        "The school is now in category TGO+ (Bespoke work with a targeted good or "
        "outstanding school). Its previous category was TGO (Targeted work with a "
        "good or outstanding school)." in text
    )


def test_triggers_that_could_not_be_checked_are_listed_apart():
    unchecked = {
        "id": "attainment",
        "label": "Concerns around attainment data",
        "fired": False,
        "outcome": "missing_review",
        "evidence": {"ks2_rwm_expected": None},
        "missing": ["ks2_rwm_expected"],
    }
    ctx = make_ctx(triggers=[*make_ctx().triggers, unchecked])
    letter = render_letter(DEFAULT_TEMPLATE, ctx)
    assert (
        "We could not check one trigger, because we do not hold the information it "
        "uses for the school:" in letter.paragraphs
    )
    assert "- Concerns around attainment data" in letter.paragraphs
    # Two fired, one unchecked, one other (attendance): summed up in one line.
    assert "The policy's one other trigger does not apply." in letter.paragraphs


def test_many_triggers_that_did_not_fire_are_one_line():
    quiet = [
        {"id": f"t{i}", "label": f"Trigger {i}", "fired": False, "outcome": "not_fired"}
        for i in range(7)
    ]
    ctx = make_ctx(triggers=[make_ctx().triggers[0], *quiet])
    letter = render_letter(DEFAULT_TEMPLATE, ctx)
    assert "The policy's other 7 triggers do not apply." in letter.paragraphs
    assert not any("Trigger 3" in p for p in letter.paragraphs)


def test_none_fired_counts_the_policys_triggers():
    quiet = [
        {"id": f"t{i}", "label": f"Trigger {i}", "fired": False, "outcome": "not_fired"}
        for i in range(15)
    ]
    text = text_of(render_letter(DEFAULT_TEMPLATE, make_ctx(triggers=quiet)))
    assert "None of the policy's 15 triggers for additional support applies" in text


def test_the_salutation_uses_title_and_surname_when_known():
    ctx = make_ctx(head_salutation=formal_name("Mrs", "Ann", "Jones"))
    assert render_letter(DEFAULT_TEMPLATE, ctx).salutation == (
        "Dear Mrs Jones and Bob Brown"
    )


@pytest.mark.parametrize(
    ("title", "first", "last", "expected"),
    [
        ("Mrs", "Ann", "Jones", "Mrs Jones"),
        ("Dr.", "Raj", "Patel", "Dr. Patel"),
        ("", "Ann", "Jones", "Ann Jones"),
        ("Dame", "Alison", "Peacock", "Dame Alison Peacock"),  # own convention
        ("Mr", "", "", "Mr"),
    ],
)
def test_formal_name(title, first, last, expected):
    assert formal_name(title, first, last) == expected


@pytest.mark.parametrize(
    ("category", "label", "expected"),
    [
        (
            "Targeted+",
            "Targeted+ - a Targeted trigger plus a significant concern",
            "Targeted+ (a Targeted trigger plus a significant concern)",
        ),
        ("A", "Academy", "A (Academy)"),
        ("Red", "Red", "Red"),
        ("GO", "", "GO"),
    ],
)
def test_category_text(category, label, expected):
    assert category_text(category, label) == expected


def test_a_trigger_shows_the_figures_behind_the_policys_conclusions():
    policy = load_policy(TEST_POLICY, file_name="test-policy.yaml")
    figures = trigger_figures(policy)
    # "attendance_concern" is a yes/no the policy derives: the letter gives the
    # figures it is drawn from, in the policy's order, and not the threshold.
    assert figures["attendance"] == ("abs_overall_pct", "abs_overall_pct_england")
    assert figures["leadership"] == ("leadership_below_good",)
    trigger = {
        "id": "attendance",
        "fired": True,
        "outcome": "fired",
        "evidence": {
            "abs_overall_pct_england": 5.1,
            "attendance_margin": 1.0,
            "attendance_concern": True,
            "abs_overall_pct": 7.75,
        },
    }
    shown = letter_evidence(
        trigger,
        parameter_names=frozenset(policy.parameters),
        figures=figures["attendance"],
    )
    assert shown == {"abs_overall_pct": 7.75, "abs_overall_pct_england": 5.1}
    assert list(shown) == ["abs_overall_pct", "abs_overall_pct_england"]


def test_a_trigger_fired_by_missing_data_says_what_is_not_known():
    trigger = {
        "fired": True,
        "outcome": "missing_fired",
        "evidence": {"ofsted_grade": None, "other": None},
        "missing": ["ofsted_grade"],
    }
    assert letter_evidence(trigger) == {"ofsted_grade": None}
    assert evidence_text(letter_evidence(trigger)) == "Ofsted grade: not known"


# --- the LA's own template --------------------------------------------------------


def test_custom_template_paragraphs_split_on_blank_lines_and_whitespace_normalised():
    template = (
        "Dear  colleagues at {{ school.name }},\nthis line joins the first.\n"
        "   \n"
        "{% for t in all_triggers %}\n- {{ t.label }}: {{ t.fired|yesno:'fired,not fired' }}{% endfor %}\n"
        "\n\n\n"
        "Entitlement: {{ entitlement_text }}\n"
    )
    letter = render_letter(template, make_ctx(school_name="Ash School"))
    assert letter.paragraphs == [
        "Dear colleagues at Ash School, this line joins the first.",
        f"- {RED_FLAGS}: fired",
        f"- {ATTENDANCE}: not fired",
        f"- {LOW_ATTAINMENT}: fired",
        "Entitlement: " + " ".join(entitlement_sentences(TGO_PLUS)),
    ]


def test_split_paragraphs_keeps_text_before_a_list_in_its_own_paragraph():
    assert split_paragraphs("Intro:\n- one\n- two\n  continued\n\nEnd") == [
        "Intro:",
        "- one",
        "- two continued",
        "End",
    ]


def test_syntax_error_reports_the_line():
    template = "First paragraph.\n\n{% if category %}\nNo end tag.\n"
    with pytest.raises(LetterTemplateError) as caught:
        render_letter(template, make_ctx())
    assert caught.value.line == 3
    assert "endif" in caught.value.message
    assert str(caught.value).startswith("Line 3: ")


def test_unknown_tag_reports_the_line():
    with pytest.raises(LetterTemplateError) as caught:
        render_letter("One\nTwo {% frobnicate %}\n", make_ctx())
    assert caught.value.line == 2
    assert "frobnicate" in caught.value.message


def test_include_cannot_read_files():
    with pytest.raises(LetterTemplateError) as caught:
        render_letter('Hello\n{% include "/etc/passwd" %}', make_ctx())
    assert caught.value.line == 2


def test_unknown_name_renders_nothing_and_is_reported():
    letter = render_letter(
        "Dear {{ shool.name }}friends at {{ school.name }}.", make_ctx()
    )
    assert letter.paragraphs == ["Dear friends at St Mary’s CE Primary School."]
    assert letter.warnings == ["Unknown name in the letter template: shool.name"]


def test_empty_letter_is_an_error():
    with pytest.raises(LetterTemplateError):
        render_letter("{% if false %}nothing{% endif %}\n\n  \n", make_ctx())


# --- Word ------------------------------------------------------------------------


def test_docx_opens_and_contains_the_letter():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx())
    doc = Document(io.BytesIO(letter_docx(letter)))

    texts = [p.text for p in doc.paragraphs]
    assert "10 November 2025" in texts
    assert "Dear Ann Jones and Bob Brown" in texts
    subject = next(p for p in doc.paragraphs if p.text == letter.subject)
    assert all(run.bold for run in subject.runs)
    for paragraph in letter.paragraphs:
        if paragraph.startswith("- "):
            item = next(p for p in doc.paragraphs if p.text == paragraph[2:])
            assert item.style is not None and item.style.name == "List Bullet"
        else:
            assert paragraph in texts
    assert "Yours sincerely" in texts
    assert any("Jane Smith" in t and "Head of School Improvement" in t for t in texts)
    assert any("Church Lane" in t and "OX28 1AA" in t for t in texts)

    section = doc.sections[0]
    assert section.page_width is not None and round(section.page_width.mm) == 210
    assert section.page_height is not None and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "Oxfordshire County Council"
    assert doc.core_properties.title == letter.subject
    assert doc.core_properties.author == "Jane Smith"


def test_one_writer_writes_letter_after_letter_without_leftovers():
    writer = DocxWriter()
    first = render_letter(DEFAULT_TEMPLATE, make_ctx(school_name="Ash School"))
    second = render_letter(
        DEFAULT_TEMPLATE,
        make_ctx(school_name="Birch School", la_name="Northshire", reference=""),
    )
    writer.write(first)
    doc = Document(io.BytesIO(writer.write(second)))
    texts = [p.text for p in doc.paragraphs]
    assert not any("Ash School" in t for t in texts)
    assert not any("Our reference" in t for t in texts)
    assert doc.sections[0].header.paragraphs[0].text == "Northshire"
    assert round(doc.sections[0].page_width.mm) == 210
    # The same as a letter written on its own.
    alone = Document(io.BytesIO(letter_docx(second)))
    assert texts == [p.text for p in alone.paragraphs]
    assert [p.style.name for p in doc.paragraphs] == [
        p.style.name for p in alone.paragraphs
    ]


# --- PDF -------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text shown on the pages of an uncompressed fpdf2 PDF, a line per text
    object."""
    lines = []
    for block in re.findall(r"\bBT\b(.*?)\bET\b", data.decode("latin-1"), re.DOTALL):
        shown = re.findall(r"\(((?:\\.|[^\\)])*)\) Tj", block)
        lines.append("".join(re.sub(r"\\(.)", r"\1", s) for s in shown))
    return "\n".join(line for line in lines if line)


def test_pdf_is_a4_and_contains_the_letter():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx())
    data = letter_pdf(letter, compress=False)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    text = pdf_text(data)
    for words in (
        "Oxfordshire County Council",
        "10 November 2025",
        "Dear Ann Jones and Bob Brown",
        "St Mary's CE Primary School",  # curly apostrophe made straight
        "support category TGO+",
        "Up to 4 visits from a System Leader this year.",
        "Yours sincerely",
        "Jane Smith",
    ):
        assert words in text, words
    assert ATTENDANCE not in text
    # Nothing outside latin-1 reached the page (the curly quote would fail to encode,
    # and must not appear as its cp1252 byte either).
    assert b"\x92" not in data


def test_pdf_compressed_by_default_and_title_set():
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx())
    data = letter_pdf(letter)
    assert data.startswith(b"%PDF-")
    assert b"/FlateDecode" in data
    assert b"Yours sincerely" not in data  # the content is compressed
    assert b"/Title (St Mary's CE Primary School" in data
    assert b"/Author (Jane Smith)" in data


def test_pdf_breaks_long_letters_over_pages():
    long_template = "\n\n".join(f"Paragraph {i}. " + "Words " * 80 for i in range(30))
    letter = render_letter(long_template, make_ctx())
    data = letter_pdf(letter, compress=False)
    pages = int(re.findall(rb"/Count (\d+)", data)[0])
    assert data.count(b"/Type /Page\n") == pages
    assert pages >= 4
    text = pdf_text(data)
    assert "Paragraph 29." in text
    assert f"Page {pages} of {pages}" in text


# --- many letters in one ZIP -----------------------------------------------------


@pytest.mark.parametrize(
    ("urn", "name", "expected"),
    [
        ("100001", "Oak Primary School", "100001 Oak Primary School.docx"),
        ("100002", "St Mary’s CE Primary", "100002 St Mary's CE Primary.docx"),
        ("100003", "Ysgol Bro Ŵyl", "100003 Ysgol Bro Wyl.docx"),
        (
            "100004",
            "Café & Crèche: 3/4 <Nursery>?",
            "100004 Cafe and Creche 3 4 Nursery.docx",
        ),
        ("100005", "..\\..//etc", "100005 etc.docx"),
        ("100006", "   ", "100006 school.docx"),
    ],
)
def test_letter_file_names_sort_by_urn_and_are_safe_everywhere(urn, name, expected):
    assert letter_file_name(urn, name, "docx") == expected


def test_letter_file_names_are_not_too_long():
    name = letter_file_name("100001", "Long " * 40, "pdf")
    assert len(name) <= 6 + 1 + 80 + 4


def entry(urn: str, name: str, **changes) -> BatchEntry:
    letter = render_letter(DEFAULT_TEMPLATE, make_ctx(school_name=name, school_urn=urn))
    values = {
        "urn": urn,
        "school_name": name,
        "previous_category": "TGO",
        "category": "TGO+",
        "head_name": "Ann Jones",
        "notification": None,
        "review": "",
        "letter": letter,
    }
    return BatchEntry(**(values | changes))


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_zip_holds_each_letter_and_an_index(fmt):
    entries = [
        entry("100001", "Ash School"),
        entry(
            "100002",
            "Birch School",
            previous_category="",
            category="I",
            notification="Entered I: notify the DfE regional director",
        ),
        entry("100003", "=HYPERLINK(1)", head_name="-Bad", review="Facts missing: x"),
    ]
    out = io.BytesIO()
    assert write_letters_zip(out, entries, fmt=fmt) == 3
    archive = zipfile.ZipFile(out)
    assert archive.testzip() is None
    assert archive.namelist() == [
        f"100001 Ash School.{fmt}",
        f"100002 Birch School.{fmt}",
        f"100003 HYPERLINK(1).{fmt}",
        "index.csv",
    ]
    raw = archive.read("index.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == INDEX_COLUMNS
    assert rows[1][:8] == [
        "100001",
        "Ash School",
        "TGO",
        "TGO+",
        "yes",
        "Ann Jones",
        "no",
        "",
    ]
    assert rows[2][2:8] == [
        "(none)",
        "I",
        "yes",
        "Ann Jones",
        "yes",
        "Entered I: notify the DfE regional director",
    ]
    # A cell a spreadsheet would run as a formula is quoted.
    assert rows[3][1] == "'=HYPERLINK(1)" and rows[3][5] == "'-Bad"
    assert rows[3][8] == "Facts missing: x"
    assert [r[-1] for r in rows[1:]] == archive.namelist()[:3]
    if fmt == "docx":
        doc = Document(io.BytesIO(archive.read("100002 Birch School.docx")))
        assert any("Birch School (URN 100002)" in p.text for p in doc.paragraphs)
    else:
        assert archive.read("100001 Ash School.pdf").startswith(b"%PDF-")


def test_a_zip_is_docx_or_pdf():
    with pytest.raises(ValueError, match="docx or pdf"):
        write_letters_zip(io.BytesIO(), [], fmt="odt")


# --- latin-1 ---------------------------------------------------------------------


def test_to_latin1_replaces_curly_quotes_and_dashes():
    assert to_latin1("St Mary’s – “quoted”") == 'St Mary\'s - "quoted"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("café £5 ½ naïve", "café £5 ½ naïve"),  # latin-1 already: unchanged
        ("Ysgol Gymraeg Bro Ŵyl", "Ysgol Gymraeg Bro Wyl"),  # accent dropped
        ("wait…", "wait..."),
        ("a — b ‒ c − d", "a - b - c - d"),
        ("• item", "- item"),
        ("ﬁnance", "finance"),  # ligature
        ("zero\u200bwidth", "zerowidth"),
        ("tab\there", "tab here"),
        ("bell\x07 and \x85", "bell and "),
        ("line\nbreak", "line\nbreak"),
        ("学校 🙂", "?? ?"),
        ("€10", "EUR10"),
    ],
)
def test_to_latin1_cases(text, expected):
    result = to_latin1(text)
    assert result == expected
    result.encode("latin-1")  # never raises


# --- entitlement sentences -------------------------------------------------------


@pytest.mark.parametrize(
    ("entitlements", "expected"),
    [
        (
            {"visits": 4, "visits_is_cap": True},
            ["Up to 4 visits from a System Leader this year."],
        ),
        ({"visits": 3}, ["3 visits from a System Leader this year."]),
        ({"visits": 1}, ["One visit from a System Leader this year."]),
        (
            {"visits": 1, "visits_is_cap": True},
            ["Up to 1 visit from a System Leader this year."],
        ),
        ({"visits_is_cap": True}, []),
        (
            {"support_plan": True},
            [
                "A support plan, written by the local authority with the school, setting "
                "out the support, what success will look like and how its impact will be "
                "measured."
            ],
        ),
        (
            {"strategy_meeting_weeks": 6},
            [
                "Strategy meetings every 6 weeks, chaired by a senior local authority "
                "officer, to check that the support is working and the school is on track."
            ],
        ),
        (
            {"strategy_meeting_weeks": 1},
            [
                "Strategy meetings every week, chaired by a senior local authority "
                "officer, to check that the support is working and the school is on track."
            ],
        ),
        (
            {"welcome_visit": True},
            ["A welcome visit from a System Leader for the new headteacher."],
        ),
        (
            {"structured_conversation": True},
            [
                "A meeting once a year (a structured conversation) with the leaders of "
                "the school's trust, or of the academy, about how the school is doing "
                "and any support it needs."
            ],
        ),
        (
            {"academisation_support": True},
            [
                "Support from the local authority through the process of becoming an "
                "academy, following the Department for Education's guidance on support "
                "and intervention in schools."
            ],
        ),
        (
            {"early_years_support": True},
            [
                "Support for the school's early years provision from our Early Years "
                "team, where it is needed."
            ],
        ),
        (
            {"target": "Judged Good within four terms"},
            ["Target: Judged Good within four terms."],
        ),
        ({"target": "  Good by summer.  "}, ["Target: Good by summer."]),
    ],
)
def test_entitlement_sentence_for_each_key(entitlements, expected):
    assert entitlement_sentences(entitlements) == expected


def test_nothing_for_false_zero_none_or_empty():
    assert (
        entitlement_sentences(
            {
                "visits": 0,
                "visits_is_cap": True,
                "support_plan": False,
                "strategy_meeting_weeks": None,
                "welcome_visit": None,
                "structured_conversation": False,
                "academisation_support": False,
                "early_years_support": False,
                "target": "  ",
                "unknown_key": True,
            }
        )
        == []
    )
    assert entitlement_sentences({"visits": None, "strategy_meeting_weeks": 0}) == []
    assert entitlement_sentences({"visits": True}) == []  # a flag is not a count


def test_entitlement_sentences_follow_a_fixed_order_and_name_the_adviser():
    sentences = entitlement_sentences(
        {"target": "T", "early_years_support": True, "visits": 2, "support_plan": True},
        adviser="a School Improvement Partner",
    )
    assert sentences[0] == "2 visits from a School Improvement Partner this year."
    assert sentences[1].startswith("A support plan")
    assert sentences[2].startswith("Support for the school's early years")
    assert sentences[3] == "Target: T."


# --- evidence text ---------------------------------------------------------------


def test_evidence_text_example():
    assert (
        evidence_text({"red_flag_pct": 40.0, "red_flag_significant_pct": 25})
        == "Red flag %: 40; Red flag significant %: 25"
    )


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ({"leadership_below_good": True}, "Leadership below good: yes"),
        ({"interim_head": False}, "Interim head: no"),
        ({"ks4_p8": None}, "KS4 Progress 8: not known"),
        ({"abs_overall_pct": 5.10}, "Absence overall %: 5.1"),
        ({"ks2_read_progress": -2.25}, "KS2 read progress: -2.25"),
        ({"x": 0.0}, "X: 0"),
        ({"x": -0.0}, "X: 0"),
        ({"x": 100.0}, "X: 100"),
        ({"x": 12}, "X: 12"),
        ({"x": float("nan")}, "X: not known"),
        ({"head_start_date": dt.date(2025, 9, 1)}, "Head start date: 1 September 2025"),
        (
            {"ofsted_grade": "Requires improvement"},
            "Ofsted grade: Requires improvement",
        ),
        (
            {"ks4_att8_prev_england": 45.9},
            "KS4 Attainment 8 previous year England: 45.9",
        ),
        ({}, ""),
    ],
)
def test_evidence_text_values(evidence, expected):
    assert evidence_text(evidence) == expected


def test_evidence_text_uses_labels_where_given():
    assert (
        evidence_text(
            {"red_flag_pct": 40.0, "red_flag_significant_pct": 25},
            {"red_flag_pct": "Position Statement red flags (%)"},
        )
        == "Position Statement red flags (%): 40; Red flag significant %: 25"
    )


def test_letter_uses_evidence_labels():
    ctx = make_ctx(evidence_labels={"red_flag_pct": "Position Statement red flags (%)"})
    text = text_of(render_letter(DEFAULT_TEMPLATE, ctx))
    assert "Position Statement red flags (%): 40" in text


# --- notifying the DfE -----------------------------------------------------------

REASON = "notify the DfE regional director (support and intervention guidance)"


@pytest.mark.parametrize(
    ("previous", "new", "framework", "expected"),
    [
        ("TGO", "I", "eif", f"Entered I: {REASON}"),
        ("RI", "I", "eif", f"Entered I: {REASON}"),
        (None, "I", "eif", f"Entered I: {REASON}"),  # first categorisation
        ("Amber", "Red", "none", f"Entered Red: {REASON}"),
        ("Green", "red", "none", f"Entered red: {REASON}"),
        ("Universal", "Intervention", "report_card", f"Entered Intervention: {REASON}"),
        ("I", "I", "eif", None),  # no move
        ("Red", "I", "eif", None),  # between intervention categories
        ("I", "RI", "eif", None),  # leaving
        ("TGO", "TGO+", "eif", None),
        ("GO", "RI", "eif", None),  # "RI" contains an I but is not I
        ("Green", "Amber", "none", None),
        (None, "GO", "eif", None),
    ],
)
def test_notification_needed(previous, new, framework, expected):
    assert notification_needed(previous, new, framework) == expected


def test_notification_reads_labels():
    assert (
        notification_needed("T", "X", "none", new_label="Intensive support")
        == f"Entered X (Intensive support): {REASON}"
    )
    assert (
        notification_needed(
            "Y", "X", "none", previous_label="Intensive", new_label="Intensive support"
        )
        is None
    )
    assert notification_needed("T", "X", "none", new_label="Targeted support") is None
    assert notification_needed("GO", "SM", "eif", new_label="Special measures") == (
        f"Entered SM (Special measures): {REASON}"
    )
    assert notification_needed(
        "TGO", "I", "eif", new_label="Inadequate maintained school"
    ) == (f"Entered I (Inadequate maintained school): {REASON}")


def test_notification_words_depend_on_the_framework():
    label = "Requires significant improvement"
    assert notification_needed("A", "RSI", "report_card", new_label=label) is not None
    assert notification_needed("A", "RSI", "eif", new_label=label) is None
    assert is_intervention_category("SWK", "Serious weaknesses", "eif")
    assert not is_intervention_category("SWK", "Serious weaknesses", "report_card")
    assert not is_intervention_category(None)
