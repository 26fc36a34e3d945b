"""The assessment as one offline web page (`careerplan form`): the questions of
`catalogue/assessment.yaml`, with their parts, options, conditions, help, ranges and
limits, written as data into a self-contained HTML file whose script asks them and saves
the profile in the browser. Nothing is fetched and nothing is sent.

`form_spec` is pure (assessment in, plain data out); `form_html` puts it into the page.
The profile the page saves is the one `assess` would write from the same answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from careerplan.assess.fields import bounds, max_length
from careerplan.assess.kinds import KINDS, START_AHEAD_YEARS
from careerplan.errors import InputError
from careerplan.model.assessment import Assessment, Question, RaterQuestions
from careerplan.model.feedback import COMMENT_MAX, FEEDBACK_VERSION, NAME_MAX
from careerplan.model.profile import MAX_ITEMS, PROFILE_VERSION, Profile

FORM_KINDS = frozenset(
    {"text", "confirm", "number", "date", "select", "checkbox", "order", "ratings"}
)
"""The kinds of question the page knows how to ask (every kind `assess` has)."""


def _terms(assessment: Assessment, q: Question) -> list[dict[str, Any]]:
    if q.choices is None:
        return []
    terms = getattr(assessment.vocabularies, q.choices)
    if q.only is not None:
        terms = [t for t in terms if t.id in q.only]
    return [
        {
            "value": t.id,
            "label": t.label,
            "help": t.help,
            "when": _conditions(q.offer_when.get(t.id)),
        }
        for t in terms
    ]


def _conditions(when: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A `when` as a list of tests the page's script evaluates like Condition.holds."""
    if not when:
        return []
    return [
        {
            "field": path,
            "in": cond.in_,
            "not_in": cond.not_in,
            "min_items": cond.min_items,
            "max_items": cond.max_items,
        }
        for path, cond in when.items()
    ]


def _options(assessment: Assessment, q: Question) -> list[dict[str, Any]]:
    if q.kind == "confirm":
        return [
            {"value": True, "label": "Yes", "when": []},
            {"value": False, "label": "No", "when": []},
        ]
    if q.options:
        return [{"value": v, "label": str(v), "when": []} for v in q.options]
    return _terms(assessment, q)


def _question(assessment: Assessment, q: Question) -> dict[str, Any]:
    if q.kind not in FORM_KINDS or q.kind not in KINDS:
        raise InputError(
            f"question {q.id}: the web form cannot ask a question of kind '{q.kind}' yet; "
            "use careerplan assess"
        )
    lo = hi = None
    if q.kind == "number":
        lo, hi = bounds(q.field)
    spec: dict[str, Any] = {
        "id": q.id,
        "section": q.section,
        "label": q.label,
        "kind": q.kind,
        "field": q.field,
        "prompt": q.prompt,
        "help": q.help,
        "required": q.required,
        "default": q.default,
        "if_none": q.if_none,
        "display": q.display,
        "unit": q.unit,
        "merge": q.merge,
        "when": _conditions(q.when),
        "options": _options(assessment, q),
        "min": lo,
        "max": hi,
        "max_items": MAX_ITEMS.get(q.field),
        "max_length": max_length(q.field) if q.kind == "text" else None,
    }
    return spec


def form_spec(assessment: Assessment) -> dict[str, Any]:
    """Everything the page needs to ask the assessment, as JSON-ready data."""
    return {
        "title": "Your self-assessment",
        "intro": "At the end you save your answers as a profile file, which you can give "
        "to your mentor or use with careerplan plan.",
        "file_prefix": "profile",
        "date_field": "assessed_on",
        "fixed": {},
        "version": PROFILE_VERSION,
        "fields": list(Profile.model_fields),
        "start_ahead_years": START_AHEAD_YEARS,
        "scale": [
            {"value": level.value, "label": level.label, "help": level.help}
            for level in assessment.scale
        ],
        "questions": [_question(assessment, q) for q in assessment.questions],
    }


def _relationships(rater: RaterQuestions) -> list[dict[str, Any]]:
    return [
        {"value": r.id, "label": r.label, "help": r.help, "when": []} for r in rater.relationships
    ]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-") or "them"


def _when(field: str, values: list[Any]) -> list[dict[str, Any]]:
    return [{"field": field, "in": values, "not_in": None, "min_items": None, "max_items": None}]


def rater_spec(assessment: Assessment, person: str) -> dict[str, Any]:
    """The rater's page: only the areas, with their meanings, the rater's relationship to
    `person`, and an optional comment shown only with the rater's consent (the words are
    the assessment's `rater:` texts)."""
    words = assessment.rater
    if words is None:
        raise InputError(
            "this catalogue's assessment.yaml has no `rater:` questions; add them as the "
            "shipped one does to ask colleagues for their view"
        )
    ratings = next(q for q in assessment.questions if q.kind == "ratings")
    section = f"Your view of {person}"

    def text(template: str) -> str:
        return template.replace("{person}", person)

    def ask(qid: str, kind: str, field: str, prompt: str, label: str, **more: Any) -> dict:
        return {
            "id": qid, "section": section, "label": label, "kind": kind, "field": field,
            "prompt": text(prompt), "help": "", "required": False, "default": None,
            "if_none": "none", "display": None, "unit": None, "merge": "replace", "when": [],
            "options": [], "min": None, "max": None, "max_items": None, "max_length": None,
            **more,
        }  # fmt: skip

    yes_no = _options(assessment, ratings.model_copy(update={"kind": "confirm"}))
    nameable = sorted(words.nameable())
    questions = [
        ask("relationship", "select", "relationship", words.relationship, "Relationship",
            required=True, options=_relationships(words)),
        {**_question(assessment, ratings), "section": section, "required": False,
         "label": "Your ratings", "prompt": text(words.ratings),
         "help": text(words.ratings_help)},
        ask("comment", "text", "comment", words.comment, "Comment",
            max_length=COMMENT_MAX),
        ask("share-comment", "confirm", "share_comment", words.share_comment,
            "Show the comment", default=False, options=yes_no),
        ask("named", "confirm", "named", words.named, "Shown by name", default=False,
            options=yes_no, when=_when("relationship", nameable)),
        ask("rater", "text", "rater", words.rater, "Your name", max_length=NAME_MAX,
            when=_when("named", [True])),
    ]  # fmt: skip
    return {
        "title": section,
        "intro": text(words.intro) + " At the end you save a file to send back to them.",
        "file_prefix": f"feedback-for-{slug(person)}",
        "date_field": "given_on",
        "fixed": {"for": person},
        "version": FEEDBACK_VERSION,
        "fields": ["relationship", "ratings", "comment", "share_comment", "rater", "named"],
        "start_ahead_years": START_AHEAD_YEARS,
        "scale": form_spec(assessment)["scale"],
        "questions": questions,
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no closing tag, no comment opener)."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form_html(spec: dict[str, Any]) -> str:
    """The self-contained page: its style, its script and the questions (a `form_spec` or
    a `rater_spec`) as data."""
    page = (Path(__file__).parent.parent / "templates" / "form.html").read_text("utf-8")
    return page.replace("/*FORM_SPEC*/null", _script_json(spec))
