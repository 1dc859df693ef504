"""Letters to a school's headteacher and chair of governors about its support category.

The local authority sends one when a school's category changes, and once a year to
every school (seed 001: "All headteachers, chairs of governors and clerks will be
contacted at the start of the Autumn Term"; seed 004: "Categories are communicated to
schools annually and whenever they change"). The letter names the category, the
triggers that fired with their evidence, and what the category entitles the school to.

The wording is the LA's: ``DEFAULT_TEMPLATE`` is a Django template the LA may edit.
It is rendered as plain text (autoescape off: a letter is not HTML), then split into
paragraphs on blank lines; within a paragraph, line breaks and runs of spaces become
one space. A line starting with ``- `` is a list item (a bullet in the Word and PDF
letters), so a ``{% for %}`` loop can write one item per line.

Names a template may use (see ``template_context``):
``school.name``, ``school.urn``, ``school.address_lines``, ``head_name``,
``chair_name``, ``la_name``, ``category``, ``category_label``, ``previous_category``,
``category_changed``, ``policy_title``, ``as_of`` (a date: ``{{ as_of|date:"j F Y" }}``),
``date`` (the letter's date), ``reference``, ``sender_name``, ``sender_role``,
``flags``, ``triggers`` (the fired ones only; each has ``label``, ``evidence`` and
``evidence_text``), ``all_triggers`` (fired or not, each also has ``fired``),
``entitlements`` (the raw dict), ``entitlement_sentences`` (a list),
``entitlement_text`` (the sentences as one paragraph) and ``target``.

A syntax error raises ``LetterTemplateError`` with its line. A name the template uses
that does not exist (``{{ shool.name }}``) renders as nothing and is listed in
``Letter.warnings`` so the template editor can show it. (Caveat: Django skips filters
on such an unknown name, so ``{{ unknown|default:"x" }}`` renders nothing, not "x";
names that exist but are empty, like ``previous_category``, filter as usual.)

Outputs: ``letter_docx`` (python-docx) and ``letter_pdf`` (fpdf2, core Helvetica, so
text is made latin-1 safe by ``to_latin1``). ``notification_needed`` encodes when a
move must be reported to the DfE.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError

from school_improvement.core import clock

__all__ = [
    "DEFAULT_TEMPLATE",
    "Letter",
    "LetterContext",
    "LetterTemplateError",
    "compile_template",
    "entitlement_sentences",
    "evidence_text",
    "is_intervention_category",
    "letter_docx",
    "letter_pdf",
    "notification_needed",
    "render_letter",
    "template_context",
    "to_latin1",
]

DEFAULT_TEMPLATE = """\
I am writing to let you know the support category that {{ la_name }} has given \
{{ school.name }} (URN {{ school.urn }}) under our {{ policy_title }}. We write to \
every school once a year, and whenever a school's category changes. This letter is \
based on the information we held on {{ as_of|date:"j F Y" }}.

{% if category_changed %}The school is now in category {{ category }} \
("{{ category_label }}"). Its previous category was {{ previous_category }}.\
{% elif previous_category %}The school's category is unchanged: it remains in \
category {{ category }} ("{{ category_label }}").{% else %}The school is in category \
{{ category }} ("{{ category_label }}").{% endif %}

We place every school in a category using the same published rules. The rules look \
for clear signs in a school's published data, inspection history and our own \
knowledge of the school (we call these signs "triggers") to decide how much support \
from the local authority is likely to help. A category is not a judgement on the \
school, its staff or its governors. It sets out the support the school can expect \
from us this year.

{% if triggers %}{% if triggers|length == 1 %}One trigger applies{% else %}These \
triggers apply{% endif %} to the school. After each one is the information we used:
{% for t in triggers %}
- {{ t.label }}{% if t.evidence_text %} ({{ t.evidence_text }}){% endif %}{% endfor %}
{% else %}None of the triggers for additional support applies to the school at the \
moment, so its category follows from the type of school and its latest inspection.\
{% endif %}

{% if entitlement_sentences %}While the school is in this category, it will receive:
{% for s in entitlement_sentences %}
- {{ s }}{% endfor %}
{% else %}This category does not carry additional visits or meetings, but the school \
improvement team is always happy to talk with you about any support the school \
needs.{% endif %}

Please share this letter with your governing body. If you think the category is \
wrong, or any of the information in this letter is incorrect or out of date, please \
contact the school improvement team within 20 school days of the date of this \
letter{% if reference %}, quoting our reference {{ reference }}{% endif %}. We will \
look at the evidence again with you and confirm the outcome in writing.

Thank you for all that you, your staff and your governors do for the children at \
{{ school.name }}. We look forward to working with you.
"""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# What an unknown template name renders as, so it can be found and reported.
_INVALID = "\x00INVALID:%s\x00"
_INVALID_RE = re.compile("\x00INVALID:(.*?)\x00", re.DOTALL)
# C0 and C1 control characters other than tab and newline: not valid in a .docx (XML)
# and not printable in a PDF.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_LIST_ITEM_RE = re.compile(r"^[ \t]*- ")


class LetterTemplateError(Exception):
    """The letter template does not compile or render; ``line`` is 1-based (or None)."""

    def __init__(self, message: str, line: int | None = None, during: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.during = during

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class LetterContext:
    la_name: str
    school_name: str
    school_urn: str
    school_address_lines: list[str]
    head_name: str
    chair_name: str
    category: str
    category_label: str
    previous_category: str | None
    policy_title: str
    as_of: dt.date
    # Each {"label": str, "fired": bool, "evidence": {name: value}} (the engine's
    # result triggers; extra keys such as "id" and "outcome" are ignored).
    triggers: list[dict[str, Any]]
    # The category's merged entitlement (docs/policy-format.md).
    entitlements: dict[str, Any]
    flags: list[str]
    sender_name: str
    sender_role: str
    date: dt.date
    reference: str
    # Optional readable names for evidence keys, e.g. the policy's fact and parameter
    # labels: {"red_flag_pct": "Position Statement red flags (%)"}.
    evidence_labels: dict[str, str] = field(default_factory=dict)
    # Who makes the visits, with its article: "a System Leader" (seed 001), "a School
    # Improvement Partner" (seed 004).
    adviser: str = "a System Leader"


@dataclass
class Letter:
    la_name: str
    date: dt.date
    reference: str
    address_lines: list[str]
    salutation: str
    subject: str
    # Plain text; a paragraph starting "- " is a list item (see is_list_item).
    paragraphs: list[str]
    sender_name: str
    sender_role: str
    sign_off: str = "Yours sincerely"
    # Unknown names the template used (rendered as nothing).
    warnings: list[str] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return format_date(self.date)


def format_date(day: dt.date) -> str:
    """``3 November 2025`` (British order, no leading zero, locale-independent)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def is_list_item(paragraph: str) -> bool:
    return paragraph.startswith("- ")


# --- entitlements and evidence ---------------------------------------------------


def _count(value: Any) -> int:
    """A whole number from an entitlement value; anything else (bool, None, text) is 0."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def entitlement_sentences(
    entitlements: Mapping[str, Any], *, adviser: str = "a System Leader"
) -> list[str]:
    """One plain-English sentence per entitlement the school has, in a fixed order.

    Keys (docs/policy-format.md): visits, visits_is_cap, support_plan,
    strategy_meeting_weeks, welcome_visit, structured_conversation,
    academisation_support, early_years_support, target. False, 0, None and empty text
    give nothing; ``visits_is_cap`` only changes the visits sentence ("Up to").
    Unknown keys are ignored.
    """
    out: list[str] = []
    visits = _count(entitlements.get("visits"))
    if visits > 0:
        noun = "visit" if visits == 1 else "visits"
        if entitlements.get("visits_is_cap"):
            out.append(f"Up to {visits} {noun} from {adviser} this year.")
        elif visits == 1:
            out.append(f"One visit from {adviser} this year.")
        else:
            out.append(f"{visits} visits from {adviser} this year.")
    if entitlements.get("support_plan"):
        out.append(
            "A support plan, written by the local authority with the school, setting "
            "out the support, what success will look like and how its impact will be "
            "measured."
        )
    weeks = _count(entitlements.get("strategy_meeting_weeks"))
    if weeks > 0:
        every = "every week" if weeks == 1 else f"every {weeks} weeks"
        out.append(
            f"Strategy meetings {every}, chaired by a senior local authority officer, "
            "to check that the support is working and the school is on track."
        )
    if entitlements.get("welcome_visit"):
        out.append(f"A welcome visit from {adviser} for the new headteacher.")
    if entitlements.get("structured_conversation"):
        out.append(
            "A meeting once a year (a structured conversation) with the leaders of the "
            "school's trust, or of the academy, about how the school is doing and any "
            "support it needs."
        )
    if entitlements.get("academisation_support"):
        out.append(
            "Support from the local authority through the process of becoming an "
            "academy, following the Department for Education's guidance on support "
            "and intervention in schools."
        )
    if entitlements.get("early_years_support"):
        out.append(
            "Support for the school's early years provision from our Early Years team, "
            "where it is needed."
        )
    target = entitlements.get("target")
    if isinstance(target, str) and target.strip():
        out.append(_sentence(f"Target: {target.strip()}"))
    return out


# Whole words in evidence names, made readable. Anything else keeps its spelling.
_EVIDENCE_WORDS = {
    "pct": "%",
    "ks2": "KS2",
    "ks4": "KS4",
    "rwm": "RWM",
    "att8": "Attainment 8",
    "p8": "Progress 8",
    "abs": "absence",
    "prev": "previous year",
    "england": "England",
    "la": "LA",
    "ofsted": "Ofsted",
    "section8": "section 8",
}


def _readable_name(name: str) -> str:
    words = [_EVIDENCE_WORDS.get(w.lower(), w) for w in name.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _readable_value(value: Any) -> str:
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "not known"
        if value == 0:
            return "0"  # also -0.0
        text = repr(value)
        if "e" not in text and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_readable_value(v) for v in value) or "none"
    return " ".join(str(value).split())


def evidence_text(
    evidence: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> str:
    """The evidence of one trigger as one readable phrase.

    ``{"red_flag_pct": 40.0, "red_flag_significant_pct": 25}`` becomes
    ``Red flag %: 40; Red flag significant %: 25``: underscores become spaces (and a
    few abbreviations are spelt out), booleans are yes/no, None is "not known", floats
    lose trailing zeros, dates read "3 November 2025". ``labels`` (e.g. the policy's
    fact and parameter labels) replace the names they cover.
    """
    labels = labels or {}
    parts = []
    for name, value in evidence.items():
        label = labels.get(name) or _readable_name(str(name))
        parts.append(f"{label}: {_readable_value(value)}")
    return "; ".join(parts)


# --- rendering --------------------------------------------------------------------


@functools.cache
def _engine() -> Engine:
    # No loaders (so {% include %} and {% extends %} cannot reach any file), no
    # libraries beyond Django's built-in tags and filters, autoescape off.
    return Engine(
        debug=True,
        loaders=[],
        libraries={},
        autoescape=False,
        string_if_invalid=_INVALID,
    )


def _template_error(exc: Exception) -> LetterTemplateError:
    info = getattr(exc, "template_debug", None) or {}
    message = str(info.get("message") or exc) or type(exc).__name__
    return LetterTemplateError(message, info.get("line"), str(info.get("during", "")))


def compile_template(template_text: str) -> Template:
    """The template, compiled; a syntax error raises LetterTemplateError with its line."""
    try:
        return _engine().from_string(template_text)
    except TemplateSyntaxError as exc:
        raise _template_error(exc) from exc


def template_context(ctx: LetterContext) -> dict[str, Any]:
    """The names a letter template may use (see the module docstring)."""
    all_triggers = []
    for trigger in ctx.triggers:
        evidence = dict(trigger.get("evidence") or {})
        all_triggers.append(
            {
                "id": trigger.get("id", ""),
                "label": str(trigger.get("label", "")),
                "fired": bool(trigger.get("fired")),
                "evidence": evidence,
                "evidence_text": evidence_text(evidence, ctx.evidence_labels),
            }
        )
    sentences = entitlement_sentences(ctx.entitlements, adviser=ctx.adviser)
    target = ctx.entitlements.get("target")
    return {
        "school": {
            "name": ctx.school_name,
            "urn": ctx.school_urn,
            "address_lines": list(ctx.school_address_lines),
        },
        "head_name": ctx.head_name,
        "chair_name": ctx.chair_name,
        "la_name": ctx.la_name,
        "category": ctx.category,
        "category_label": ctx.category_label,
        "previous_category": ctx.previous_category,
        "category_changed": bool(ctx.previous_category)
        and ctx.previous_category != ctx.category,
        "policy_title": ctx.policy_title,
        "as_of": ctx.as_of,
        "date": ctx.date,
        "reference": ctx.reference,
        "sender_name": ctx.sender_name,
        "sender_role": ctx.sender_role,
        "flags": list(ctx.flags),
        "triggers": [t for t in all_triggers if t["fired"]],
        "all_triggers": all_triggers,
        "entitlements": dict(ctx.entitlements),
        "entitlement_sentences": sentences,
        "entitlement_text": " ".join(sentences),
        "target": target.strip() if isinstance(target, str) else "",
    }


def _clean(text: str) -> str:
    return " ".join(_CONTROL_RE.sub("", text).split())


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, whitespace normalised; a line starting
    ``- `` starts a list item of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINE_RE.split(text):
        current: list[str] = []
        for line in block.split("\n"):
            if _LIST_ITEM_RE.match(line) and current:
                paragraphs.append(_clean(" ".join(current)))
                current = []
            current.append(line)
        paragraphs.append(_clean(" ".join(current)))
    return [p for p in paragraphs if p and p != "-"]


def _address_lines(ctx: LetterContext) -> list[str]:
    head = _clean(ctx.head_name)
    chair = _clean(ctx.chair_name)
    lines = [
        f"{head}, Headteacher" if head else "The Headteacher",
        f"{chair}, Chair of Governors" if chair else "The Chair of Governors",
        _clean(ctx.school_name),
        *(_clean(line) for line in ctx.school_address_lines),
    ]
    return [line for line in lines if line]


def _salutation(ctx: LetterContext) -> str:
    head = _clean(ctx.head_name) or "Headteacher"
    chair = _clean(ctx.chair_name) or "Chair of Governors"
    return f"Dear {head} and {chair}"


def _subject(ctx: LetterContext) -> str:
    school = _clean(ctx.school_name)
    urn = _clean(ctx.school_urn)
    who = f"{school} (URN {urn})" if urn else school
    label = _clean(ctx.category_label)
    category = _clean(ctx.category)
    what = f"{category}, {label}" if label and label != category else category
    return f"{who}: support category {what}"


def render_letter(template_text: str, ctx: LetterContext) -> Letter:
    """The letter for one school: the template rendered as plain text, split into
    paragraphs. Raises LetterTemplateError (with the line where Django knows it) if
    the template does not compile or render, or renders nothing."""
    template = compile_template(template_text)
    context = Context(template_context(ctx), autoescape=False)
    try:
        rendered = template.render(context)
    except Exception as exc:  # any failure inside a user-edited template
        raise _template_error(exc) from exc
    unknown = list(dict.fromkeys(_INVALID_RE.findall(rendered)))
    text = _INVALID_RE.sub("", str(rendered))
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise LetterTemplateError("The letter template produces no text.")
    return Letter(
        la_name=_clean(ctx.la_name),
        date=ctx.date,
        reference=_clean(ctx.reference),
        address_lines=_address_lines(ctx),
        salutation=_salutation(ctx),
        subject=_subject(ctx),
        paragraphs=paragraphs,
        sender_name=_clean(ctx.sender_name),
        sender_role=_clean(ctx.sender_role),
        warnings=[f"Unknown name in the letter template: {name}" for name in unknown],
    )


# --- Word -------------------------------------------------------------------------


def letter_docx(letter: Letter) -> bytes:
    """The letter as a Word document (A4; the LA's name in the page header)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(11)  # type: ignore[attr-defined]
    normal.paragraph_format.space_after = Pt(8)  # type: ignore[attr-defined]

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header_run = header.add_run(letter.la_name)
    header_run.bold = True
    header_run.font.size = Pt(14)

    if letter.reference:
        doc.add_paragraph(f"Our reference: {letter.reference}")
    doc.add_paragraph(letter.date_text)

    address = doc.add_paragraph()
    for i, line in enumerate(letter.address_lines):
        run = address.add_run(line)
        if i < len(letter.address_lines) - 1:
            run.add_break()

    doc.add_paragraph(letter.salutation)
    doc.add_paragraph().add_run(letter.subject).bold = True
    for paragraph in letter.paragraphs:
        if is_list_item(paragraph):
            doc.add_paragraph(paragraph[2:], style="List Bullet")
        else:
            doc.add_paragraph(paragraph)

    doc.add_paragraph(letter.sign_off)
    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(36)
    sign_lines = [
        s for s in (letter.sender_name, letter.sender_role, letter.la_name) if s
    ]
    for i, line in enumerate(sign_lines):
        run = signature.add_run(line)
        run.bold = i == 0
        if i < len(sign_lines) - 1:
            run.add_break()

    props = doc.core_properties
    props.title = letter.subject
    props.author = letter.sender_name or letter.la_name
    props.last_modified_by = props.author
    props.subject = "Support category letter"
    props.category = "School improvement"
    props.keywords = letter.reference
    props.comments = ""
    props.created = props.modified = clock.now()
    props.revision = 1

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------

# Characters outside latin-1 with a plain equivalent; the rest fall back to their
# accent-less letter (NFKD) or "?".
_LATIN1_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2022": "-",
    "\u2026": "...",
    "\u2039": "<",
    "\u203a": ">",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2192": "->",
    "\u2190": "<-",
    "\u20ac": "EUR",
    "\u2122": "(TM)",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u2002": " ",
    "\u2003": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}


def to_latin1(text: str) -> str:
    """``text`` with every character encodable in latin-1 (the PDF core fonts).

    Curly quotes become straight, dashes hyphens, an ellipsis three dots; accented
    letters outside latin-1 lose their accent (``ŵ`` → ``w``); anything else is "?".
    Tabs become spaces; other control characters are dropped; newlines are kept.
    """
    out: list[str] = []
    for char in text:
        if char == "\t":
            out.append(" ")
        elif _CONTROL_RE.match(char):
            continue
        elif ord(char) < 256:
            out.append(char)
        elif char in _LATIN1_REPLACEMENTS:
            out.append(_LATIN1_REPLACEMENTS[char])
        else:
            plain = "".join(
                c
                for c in unicodedata.normalize("NFKD", char)
                if ord(c) < 256 and not unicodedata.combining(c)
            )
            out.append(_CONTROL_RE.sub("", plain) or "?")
    return "".join(out)


def letter_pdf(letter: Letter, *, compress: bool = True) -> bytes:
    """The letter as an A4 PDF in Helvetica; ``compress=False`` leaves the page
    content readable (for tests)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    la_name = to_latin1(letter.la_name)
    footer_text = to_latin1(
        f"Our reference: {letter.reference}" if letter.reference else ""
    )

    class _LetterPDF(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 14)
            self.cell(0, 8, la_name, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            page = f"Page {self.page_no()} of {{nb}}"
            self.cell(
                0, 8, f"{footer_text}    {page}" if footer_text else page, align="C"
            )

    pdf = _LetterPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(left=25, top=20, right=25)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_title(to_latin1(letter.subject))
    pdf.set_author(to_latin1(letter.sender_name or letter.la_name))
    pdf.set_subject("Support category letter")
    pdf.set_creator(la_name)
    pdf.set_creation_date(clock.now())
    pdf.add_page()

    line_height = 5.5

    def block(text: str, style: str = "", gap: float = 3.0) -> None:
        pdf.set_font("Helvetica", style, 11)
        pdf.multi_cell(
            0,
            line_height,
            to_latin1(text),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(gap)

    if letter.reference:
        block(f"Our reference: {letter.reference}", gap=1)
    block(letter.date_text, gap=6)
    block("\n".join(letter.address_lines), gap=6)
    block(letter.salutation)
    block(letter.subject, style="B")
    after_list = False
    for paragraph in letter.paragraphs:
        if is_list_item(paragraph):
            after_list = True
            pdf.set_font("Helvetica", "", 11)
            pdf.set_x(pdf.l_margin + 4)
            pdf.cell(5, line_height, "-")
            pdf.multi_cell(
                pdf.epw - 9,
                line_height,
                to_latin1(paragraph[2:]),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.ln(1.5)
        else:
            if after_list:
                pdf.ln(1.5)
                after_list = False
            block(paragraph)

    # Keep the sign-off and signature together.
    if pdf.will_page_break(40):
        pdf.add_page()
    block(letter.sign_off, gap=16)
    sign_lines = [
        s for s in (letter.sender_name, letter.sender_role, letter.la_name) if s
    ]
    if sign_lines:
        block(sign_lines[0], style="B", gap=0)
        for line in sign_lines[1:]:
            block(line, gap=0)
    return bytes(pdf.output())


# --- notifying the DfE ------------------------------------------------------------

# Category ids that mean intervention, compared whole and case-insensitively: Oxford's
# "I" (Inadequate, seed 001), Oldham's "Red" (intensive, seed 004).
_INTERVENTION_IDS = frozenset({"i", "red", "intervention"})
# Words in an id or label that mean intervention, for every framework.
_INTERVENTION_WORDS: tuple[str, ...] = (
    "inadequate",
    "intervention",
    "intensive",
    "special measures",
)
# Extra words by the inspection framework the policy reads: the categories of concern
# of each (serious weaknesses under the EIF; requires significant improvement under
# report cards, from November 2025).
_FRAMEWORK_WORDS: dict[str, tuple[str, ...]] = {
    "eif": ("serious weaknesses",),
    "report_card": ("requires significant improvement",),
}


def is_intervention_category(
    category: str | None, label: str | None = None, policy_framework: str = ""
) -> bool:
    """True when a category's id or label says intervention, inadequate or special
    measures (see ``notification_needed``)."""
    if not category and not label:
        return False
    if (category or "").strip().lower() in _INTERVENTION_IDS:
        return True
    words = _INTERVENTION_WORDS + _FRAMEWORK_WORDS.get(policy_framework, ())
    text = f"{category or ''} {label or ''}".lower()
    return any(word in text for word in words)


def notification_needed(
    previous: str | None,
    new: str,
    policy_framework: str,
    *,
    previous_label: str | None = None,
    new_label: str | None = None,
) -> str | None:
    """Why the DfE must be told about a school's move, or None.

    The rule (seed 004: "the Regional Schools Commissioner is informed where statute
    requires"; now the DfE regional director, with RISE): a move INTO an intervention
    category from one that is not. A category is an intervention category when its id
    is ``I``, ``Red`` or ``Intervention`` (any case), or its id or label contains
    "inadequate", "intervention", "intensive" or "special measures"; a policy reading
    the EIF adds "serious weaknesses", one reading report cards adds "requires
    significant improvement". A school with no previous category (its first letter)
    that enters one counts as a move into it. Staying in, or moving between,
    intervention categories, and leaving one, need no notification here.
    """
    if not is_intervention_category(new, new_label, policy_framework):
        return None
    if previous is not None and is_intervention_category(
        previous, previous_label, policy_framework
    ):
        return None
    shown = f"{new} ({new_label})" if new_label and new_label != new else new
    return f"Entered {shown}: notify the DfE regional director (support and intervention guidance)"
