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
``chair_name``, ``la_name``, ``category``, ``category_label``,
``category_description`` (the label without a leading "<id> - ", so "Targeted+ -
a Targeted trigger plus..." reads "a Targeted trigger plus..."), ``category_text``
(the id with the description in brackets: "Targeted+ (a Targeted trigger
plus...)"), ``previous_category`` (blank for a school's first category) with its
``previous_category_description`` and ``previous_category_text``,
``category_changed``, ``policy_title``, ``as_of`` (a date:
``{{ as_of|date:"j F Y" }}``), ``date`` (the letter's date), ``reference``,
``sender_name``, ``sender_role``, ``flags``, ``triggers`` (the fired ones only; each
has ``label``, ``evidence``, ``evidence_text`` and ``full_evidence_text``),
``unchecked_triggers`` (those that could not be checked because a fact they need is
missing and the policy asks an officer to look), ``other_trigger_count`` (the rest:
how many of the policy's triggers neither fired nor are unchecked),
``trigger_count`` (all of them), ``all_triggers`` (every trigger, each also has
``fired`` and ``unchecked``), ``entitlements`` (the raw dict),
``entitlement_sentences`` (a list, the target last), ``support_sentences`` (the same
without the target), ``entitlement_text`` (the sentences as one paragraph),
``target`` (the policy's words) and ``target_text`` (the same ending with a full
stop).

The default letter lists the triggers that fired, each with its evidence, then the
unchecked ones, and sums up the rest in one line ("The policy's other 7 triggers do
not apply."), so a letter stays short whatever the size of the policy.

A trigger's ``evidence_text`` is the school's own figures that made it fire, under
the policy's labels (``letter_evidence`` and ``trigger_figures``): the facts its rule
reads, with a yes/no conclusion the policy derives ("attendance concern") replaced by
the figures it was drawn from, and a derived score given as it is. It leaves out the
policy's thresholds (parameters: the policy's page states them), yes/no values (the
trigger's label names them) and values that are not known (unless a missing value is
what made it fire). ``full_evidence_text`` has every value the rule read, as the
school's category page shows them.

A syntax error raises ``LetterTemplateError`` with its line. A name the template uses
that does not exist (``{{ shool.name }}``) renders as nothing and is listed in
``Letter.warnings`` so the template editor can show it. (Caveat: Django skips filters
on such an unknown name, so ``{{ unknown|default:"x" }}`` renders nothing, not "x";
names that exist but are empty, like ``previous_category``, filter as usual.)

Outputs: ``letter_docx`` (python-docx) and ``letter_pdf`` (fpdf2, core Helvetica, so
text is made latin-1 safe by ``to_latin1``); ``write_letters_zip`` puts many letters,
one format, in one ZIP with an ``index.csv``. ``notification_needed`` encodes when a
move must be reported to the DfE.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.template import Context, Engine, Template, TemplateSyntaxError

from engines.categorisation import Policy
from school_improvement.core import clock

__all__ = [
    "DEFAULT_TEMPLATE",
    "DocxWriter",
    "INDEX_COLUMNS",
    "BatchEntry",
    "Letter",
    "LetterContext",
    "LetterTemplateError",
    "category_description",
    "category_text",
    "compile_template",
    "entitlement_sentences",
    "evidence_text",
    "formal_name",
    "is_intervention_category",
    "letter_docx",
    "letter_evidence",
    "letter_file_name",
    "letter_pdf",
    "notification_needed",
    "render_letter",
    "template_context",
    "to_latin1",
    "trigger_figures",
    "write_letters_zip",
]

DEFAULT_TEMPLATE = """\
I am writing to let you know the support category that {{ la_name }} has given \
{{ school.name }} (URN {{ school.urn }}) under our policy, "{{ policy_title }}". We \
write to every school once a year, and whenever a school's category changes. This \
letter is based on the information we held on {{ as_of|date:"j F Y" }}.

{% if category_changed %}The school is now in category {{ category_text }}. Its \
previous category was {{ previous_category_text }}.{% elif previous_category %}The \
school's category is unchanged: it remains in category {{ category_text }}.\
{% else %}The school is in category {{ category_text }}.{% endif %}

We place every school in a category using the same published rules. The rules look \
for clear signs in a school's published data, inspection history and our own \
knowledge of the school (we call these signs "triggers") to decide how much support \
from the local authority is likely to help. A category is not a judgement on the \
school, its staff or its governors. It sets out the support the school can expect \
from us this year. Every trigger, and the thresholds it uses, is set out in the \
policy, which you can read in the school improvement service or ask us for.

{% if triggers %}{% if triggers|length == 1 %}One trigger applies to the school. \
After it is the information we used:{% else %}These {{ triggers|length }} triggers \
apply to the school. After each one is the information we used:{% endif %}
{% for t in triggers %}
- {{ t.label }}{% if t.evidence_text %} – {{ t.evidence_text }}{% endif %}{% endfor %}
{% endif %}

{% if unchecked_triggers %}{% if unchecked_triggers|length == 1 %}We could not \
check one trigger, because we do not hold the information it uses for the school:\
{% else %}We could not check {{ unchecked_triggers|length }} triggers, because we do \
not hold the information they use for the school:{% endif %}
{% for t in unchecked_triggers %}
- {{ t.label }}{% endfor %}
{% endif %}

{% if triggers or unchecked_triggers %}{% if other_trigger_count == 1 %}The \
policy's one other trigger does not apply.{% elif other_trigger_count %}The \
policy's other {{ other_trigger_count }} triggers do not apply.{% endif %}\
{% elif trigger_count == 1 %}The policy's one trigger for additional support does \
not apply to the school at the moment, so its category follows from the type of \
school and its latest inspection.{% else %}None of the policy's {{ trigger_count }} \
triggers for additional support applies to the school at the moment, so its \
category follows from the type of school and its latest inspection.{% endif %}

{% if support_sentences %}While the school is in this category, it will receive:
{% for s in support_sentences %}
- {{ s }}{% endfor %}
{% else %}This category does not carry additional visits or meetings, but the school \
improvement team is always happy to talk with you about any support the school \
needs.{% endif %}

{% if target %}The policy's target for schools in this category: \
{{ target_text }}{% endif %}

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
    # The policy's parameter names, and for each trigger id the facts a letter gives
    # as its evidence (trigger_figures); see letter_evidence.
    parameter_names: frozenset[str] = frozenset()
    trigger_figures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # How the salutation names each ("Mrs Jones", see formal_name); blank: the name.
    head_salutation: str = ""
    chair_salutation: str = ""
    # The previous category's label in the run's policy ("" when not known).
    previous_category_label: str = ""


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


def trigger_figures(policy: Policy) -> dict[str, tuple[str, ...]]:
    """For each trigger, the facts whose values a letter gives as its evidence: the
    facts its rule reads, where a yes/no fact the policy derives (a conclusion, like
    "attendance concern") is replaced by the facts its own rule reads, in turn. A
    derived number (a score) is a figure in itself. Parameters are left out: they
    are the policy's thresholds, stated on its page. The facts come in the order the
    policy declares them."""

    def figures(rule: Any, out: dict[str, None]) -> None:
        for name in rule.reads:
            spec = policy.facts.get(name)
            if spec is None:  # a parameter
                continue
            if spec.derived and spec.type == "boolean" and spec.compiled is not None:
                figures(spec.compiled, out)
            else:
                out.setdefault(name, None)

    # In the order the policy declares its facts, so the school's own figure comes
    # before the England figure it is compared with, as the policy lists them.
    order = {name: i for i, name in enumerate(policy.facts)}
    result = {}
    for trigger_id, trigger in policy.triggers.items():
        out: dict[str, None] = {}
        figures(trigger.compiled, out)
        result[trigger_id] = tuple(sorted(out, key=order.__getitem__))
    return result


def letter_evidence(
    trigger: Mapping[str, Any],
    *,
    parameter_names: frozenset[str] = frozenset(),
    figures: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The part of a trigger's evidence a letter shows: the school's own figures.

    ``figures`` (from ``trigger_figures``) names the facts to show, in order; without
    it, every evidence value but the parameters'. Either way yes/no values are left
    out (the trigger's label says what they mean: "Leadership judged less than
    good"), and so are values that are not known, except the missing facts of a
    trigger that fired because they were missing.
    """
    evidence = trigger.get("evidence") or {}
    missing = (
        set(trigger.get("missing") or ())
        if trigger.get("outcome") == "missing_fired"
        else set()
    )
    names = figures if figures is not None else tuple(evidence)
    shown: dict[str, Any] = {}
    for name in names:
        if name not in evidence or name in parameter_names:
            continue
        value = evidence[name]
        if isinstance(value, bool) or (value is None and name not in missing):
            continue
        shown[name] = value
    return shown


def category_description(category: str, label: str) -> str:
    """The category's label without the id it may start with: "Targeted+ - a
    Targeted trigger plus a significant concern" (id "Targeted+") gives "a Targeted
    trigger plus a significant concern"; a label that does not start with the id, or
    is only the id, is kept whole."""
    label = _clean(label)
    category = _clean(category)
    if category and label.startswith(category):
        rest = label[len(category) :]
        match = re.match(r"^\s*[-\u2013\u2014:]\s+(\S.*)$", rest)
        if match:
            return match.group(1)
    return label


def category_text(category: str, label: str) -> str:
    """A category as a letter names it: its id, then what it means in brackets
    ("Targeted+ (a Targeted trigger plus a significant concern)"); the id alone
    when the label adds nothing."""
    category = _clean(category)
    description = category_description(category, label)
    if description and description != category:
        return f"{category} ({description})" if category else description
    return category


# Titles a salutation keeps with the surname ("Dear Mrs Jones"). Others (Sir, Dame,
# Lord, Lady...) follow their own conventions, so those names are written in full.
_TITLES = frozenset(
    {"mr", "mrs", "miss", "ms", "mx", "dr", "prof", "professor", "rev", "revd"}
)


def formal_name(title: str, first_name: str, last_name: str) -> str:
    """How a letter greets someone: "Mrs Jones" when the title and surname are known
    (British usage), else the name as given ("Ann Jones")."""
    title, first_name, last_name = (
        _clean(title),
        _clean(first_name),
        _clean(last_name),
    )
    if title and last_name and title.rstrip(".").lower() in _TITLES:
        return f"{title} {last_name}"
    return " ".join(p for p in (title, first_name, last_name) if p)


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


@functools.lru_cache(maxsize=16)
def compile_template(template_text: str) -> Template:
    """The template, compiled; a syntax error raises LetterTemplateError with its line.
    Kept for the next letter (a batch renders one template for every school)."""
    try:
        return _engine().from_string(template_text)
    except TemplateSyntaxError as exc:
        raise _template_error(exc) from exc


def template_context(ctx: LetterContext) -> dict[str, Any]:
    """The names a letter template may use (see the module docstring)."""
    all_triggers = []
    for trigger in ctx.triggers:
        evidence = dict(trigger.get("evidence") or {})
        shown = letter_evidence(
            trigger,
            parameter_names=ctx.parameter_names,
            figures=ctx.trigger_figures.get(str(trigger.get("id", ""))),
        )
        all_triggers.append(
            {
                "id": trigger.get("id", ""),
                "label": str(trigger.get("label", "")),
                "fired": bool(trigger.get("fired")),
                # Not checked: a fact it needs is missing and the policy asks an
                # officer to look (the engine's outcome "missing_review").
                "unchecked": not trigger.get("fired")
                and trigger.get("outcome") == "missing_review",
                "evidence": evidence,
                "evidence_text": evidence_text(shown, ctx.evidence_labels),
                "full_evidence_text": evidence_text(evidence, ctx.evidence_labels),
            }
        )
    sentences = entitlement_sentences(ctx.entitlements, adviser=ctx.adviser)
    target = ctx.entitlements.get("target")
    target = " ".join(target.split()) if isinstance(target, str) else ""
    fired = [t for t in all_triggers if t["fired"]]
    unchecked = [t for t in all_triggers if t["unchecked"]]
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
        "category_description": category_description(ctx.category, ctx.category_label),
        "category_text": category_text(ctx.category, ctx.category_label),
        "previous_category": ctx.previous_category,
        "previous_category_description": category_description(
            ctx.previous_category or "", ctx.previous_category_label
        ),
        "previous_category_text": category_text(
            ctx.previous_category or "", ctx.previous_category_label
        ),
        "category_changed": bool(ctx.previous_category)
        and ctx.previous_category != ctx.category,
        "policy_title": ctx.policy_title,
        "as_of": ctx.as_of,
        "date": ctx.date,
        "reference": ctx.reference,
        "sender_name": ctx.sender_name,
        "sender_role": ctx.sender_role,
        "flags": list(ctx.flags),
        "triggers": fired,
        "unchecked_triggers": unchecked,
        "other_trigger_count": len(all_triggers) - len(fired) - len(unchecked),
        "trigger_count": len(all_triggers),
        "all_triggers": all_triggers,
        "entitlements": dict(ctx.entitlements),
        "entitlement_sentences": sentences,
        "support_sentences": entitlement_sentences(
            {k: v for k, v in ctx.entitlements.items() if k != "target"},
            adviser=ctx.adviser,
        ),
        "entitlement_text": " ".join(sentences),
        "target": target,
        "target_text": _sentence(target) if target else "",
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
    head = _clean(ctx.head_salutation) or _clean(ctx.head_name) or "Headteacher"
    chair = (
        _clean(ctx.chair_salutation) or _clean(ctx.chair_name) or "Chair of Governors"
    )
    return f"Dear {head} and {chair}"


def _subject(ctx: LetterContext) -> str:
    school = _clean(ctx.school_name)
    urn = _clean(ctx.school_urn)
    who = f"{school} (URN {urn})" if urn else school
    return f"{who}: support category {category_text(ctx.category, ctx.category_label)}"


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
    return DocxWriter().write(letter)


class DocxWriter:
    """Word letters, one after another, from one document: its styles, page and
    header are set up once and each letter replaces the body. Opening python-docx's
    default document (parsing its styles) was a third of the time a letter took, so
    a batch writes every letter with one writer (``write_letters_zip``)."""

    def __init__(self) -> None:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self._pt = Pt
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

        self._header = section.header.paragraphs[0]
        self._header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Looked up once: python-docx finds a style by name with a search of every
        # style, which was a fifth of the time a letter took.
        self._bullet = doc.styles["List Bullet"].style_id
        self._doc = doc

    def _clear(self) -> None:
        body = self._doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):  # the page settings stay
                body.remove(child)
        for run in self._header.runs:
            self._header._p.remove(run._r)

    def _paragraph(self, text: str = "", style: str | None = None) -> Any:
        paragraph = self._doc.add_paragraph()
        if style is not None:
            paragraph._p.style = style
        if text:
            self._run(paragraph, text)
        return paragraph

    @staticmethod
    def _run(paragraph: Any, text: str) -> Any:
        # The text as one w:t: python-docx's ``run.text`` walks it a character at a
        # time (for tabs and line breaks, which a letter's cleaned text never has).
        run = paragraph.add_run()
        run._r.add_t(text)
        return run

    def write(self, letter: Letter) -> bytes:
        Pt, doc = self._pt, self._doc
        self._clear()
        header_run = self._run(self._header, letter.la_name)
        header_run.bold = True
        header_run.font.size = Pt(14)

        if letter.reference:
            self._paragraph(f"Our reference: {letter.reference}")
        self._paragraph(letter.date_text)

        address = self._paragraph()
        for i, line in enumerate(letter.address_lines):
            run = self._run(address, line)
            if i < len(letter.address_lines) - 1:
                run.add_break()

        self._paragraph(letter.salutation)
        self._run(self._paragraph(), letter.subject).bold = True
        for paragraph in letter.paragraphs:
            if is_list_item(paragraph):
                self._paragraph(paragraph[2:], style=self._bullet)
            else:
                self._paragraph(paragraph)

        self._paragraph(letter.sign_off)
        signature = self._paragraph()
        signature.paragraph_format.space_before = Pt(36)
        sign_lines = [
            s for s in (letter.sender_name, letter.sender_role, letter.la_name) if s
        ]
        for i, line in enumerate(sign_lines):
            run = self._run(signature, line)
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

    def lines(text: str, left: float, width: float) -> None:
        # Wrapped here rather than by multi_cell: fpdf2's general line breaker
        # measures every character through its text-fragment machinery and made a
        # letter take about 50 ms; this takes a few (words measured once, from the
        # core font's width table).
        for line in _wrap_lines(pdf, to_latin1(text), width - 2 * pdf.c_margin):
            if pdf.will_page_break(line_height):
                pdf.add_page()
            pdf.set_x(left)
            pdf.cell(width, line_height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def block(text: str, style: str = "", gap: float = 3.0) -> None:
        pdf.set_font("Helvetica", style, 11)
        lines(text, pdf.l_margin, pdf.epw)
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
            if pdf.will_page_break(line_height):
                pdf.add_page()
            pdf.set_x(pdf.l_margin + 4)
            pdf.cell(5, line_height, "-")
            lines(paragraph[2:], pdf.l_margin + 9, pdf.epw - 9)
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


def _wrap_lines(pdf: Any, text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (user units) in the
    current font; a word too long for a line is cut; newlines are kept."""
    widths = getattr(pdf.current_font, "cw", None)  # a core font's width table
    scale = pdf.font_size / 1000

    def measure(word: str) -> float:
        if widths is None:
            return float(pdf.get_string_width(word))
        return sum(widths.get(c, 500) for c in word) * scale

    space = measure(" ")
    out: list[str] = []
    for raw in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in raw.split():
            size = measure(word)
            if line and used + space + size <= width:
                line.append(word)
                used += space + size
                continue
            if line:
                out.append(" ".join(line))
            while size > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            line, used = [word], size
        out.append(" ".join(line))
    return out


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


# --- many letters in one ZIP ------------------------------------------------------


@dataclass
class BatchEntry:
    """One school's letter in a batch, with what the index says about it."""

    urn: str
    school_name: str
    previous_category: str  # "" when the school had no category before
    category: str
    head_name: str
    notification: str | None  # why the DfE must be told, or None
    review: str  # what to check before sending ("" when nothing)
    letter: Letter


INDEX_NAME = "index.csv"
INDEX_COLUMNS = (
    "URN",
    "School",
    "Previous category",
    "New category",
    "Category changed",
    "Headteacher",
    "DfE notification needed",
    "Why the DfE must be told",
    "Check before sending",
    "Letter file",
)
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9 (),'-]+")
# A spreadsheet would run a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_file_name(text: str, *, max_length: int = 80) -> str:
    """``text`` as a file name every system accepts: accents dropped, "&" as "and",
    anything but letters, digits, spaces, hyphens, apostrophes, commas and brackets
    turned into a space, spaces collapsed, at most ``max_length`` characters."""
    text = to_latin1(text).replace("&", " and ")
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    text = " ".join(_UNSAFE_RE.sub(" ", text).split())
    return text[:max_length].rstrip(" .,-") or "school"


def letter_file_name(urn: str, school_name: str, fmt: str) -> str:
    """``100001 Oak Primary School.docx``: sorts by URN and names the school."""
    return f"{safe_file_name(urn, max_length=12)} {safe_file_name(school_name)}.{fmt}"


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def write_letters_zip(
    out: IO[bytes], entries: Iterable[BatchEntry], *, fmt: str
) -> int:
    """Write each entry's letter (``fmt``: "docx" or "pdf") into a ZIP on ``out``,
    named by ``letter_file_name``, then ``index.csv`` (UTF-8 with a byte-order mark,
    so Excel reads accents) with a row per letter in the same order. Letters are
    rendered one at a time, so memory holds one letter, not the batch. Word and PDF
    files are compressed already and are stored as they are. Returns the number of
    letters."""
    if fmt not in ("docx", "pdf"):
        raise ValueError(f"letters are docx or pdf, not {fmt!r}")
    render = DocxWriter().write if fmt == "docx" else letter_pdf
    index = io.StringIO()
    writer = csv.writer(index, lineterminator="\r\n")
    writer.writerow(INDEX_COLUMNS)
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry in entries:
            name = letter_file_name(entry.urn, entry.school_name, fmt)
            archive.writestr(name, render(entry.letter))
            changed = entry.previous_category != entry.category
            writer.writerow(
                [
                    _cell(_clean(v))
                    for v in (
                        entry.urn,
                        entry.school_name,
                        entry.previous_category or "(none)",
                        entry.category,
                        "yes" if changed else "no",
                        entry.head_name,
                        "yes" if entry.notification else "no",
                        entry.notification or "",
                        entry.review,
                        name,
                    )
                ]
            )
            count += 1
        archive.writestr(
            INDEX_NAME,
            "\ufeff" + index.getvalue(),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return count
