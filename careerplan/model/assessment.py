"""The assessment definition: vocabularies, rating scale, questions, weights and stage rules.

All of it is data in `catalogue/assessment.yaml` and `catalogue/weights.yaml`; this module
holds only its schema and the small pure functions that read it (such as deriving a stage).
"""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from careerplan.model.facts import ReviewAges
from careerplan.model.types import Slug, new_dict, new_list
from careerplan.model.weights import Scoring

VOCABULARY_NAMES = (
    "roles",
    "stages",
    "organisations",
    "goals",
    "areas",
    "support",
    "formats",
    "kinds",
    "funding",
    "statuses",
    "cost_bands",
    "qualification_funding",
    "situations",
    "held_roles",
    "characteristics",
    "cqc_ratings",
    "regions",
    "grades",
)

MIN_SCALE, MAX_SCALE = 3, 10
"""How many levels a rating scale may have: 3 to 10, valued 1, 2, 3 ... in order."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Term(Strict):
    """One id of a vocabulary with the words a user sees for it."""

    id: Slug
    label: str = Field(min_length=1)
    help: str = Field(min_length=1, description="One line shown beside the choice.")


class CostBand(Term):
    """A price band used where a provider gives a range rather than a price (GBP)."""

    min_gbp: float = Field(ge=0)
    max_gbp: float | None = Field(default=None, ge=0)


class Vocabularies(Strict):
    roles: list[Term]
    stages: list[Term]
    organisations: list[Term]
    goals: list[Term]
    areas: list[Term]
    support: list[Term]
    formats: list[Term]
    kinds: list[Term]
    funding: list[Term] = Field(
        default_factory=new_list,
        description="Filled from catalogue/funding.yaml when the catalogue loads; any list "
        "here is replaced by the routes defined there",
    )
    statuses: list[Term]
    cost_bands: list[CostBand]
    qualification_funding: list[Term] = Field(
        description="Answers to whether the employer will pay for a qualification "
        "(the profile's constraints.employer_funds_qualification)"
    )
    situations: list[Term] = Field(
        default_factory=new_list,
        description="Situations the plan adapts to (an interim post, leaving, less than full "
        "time, caring, regulatory scrutiny, self-ratings to check); entries name those they "
        "suit or are only for",
    )
    held_roles: list[Term] = Field(
        default_factory=new_list,
        description="Statutory and portfolio roles a person may already hold (the profile's "
        "situation.roles_held); an entry names the one it asks someone to take up",
    )
    characteristics: list[Term] = Field(
        default_factory=new_list,
        description="Characteristics that open targeted (positive action) programmes, given "
        "only if the person chooses; never required, never guessed",
    )
    cqc_ratings: list[Term] = Field(
        default_factory=new_list,
        description="The Care Quality Commission's overall ratings (the profile's "
        "situation.cqc_rating)",
    )
    regions: list[Term] = Field(
        default_factory=new_list,
        description="NHS England regions, for regional offers (the profile's region)",
    )
    grades: list[Term] = Field(
        default_factory=new_list,
        description="Doctors' contracts (consultant, SAS, resident ...), for the profile's "
        "optional grade: study leave differs by contract, and some routes are for one grade",
    )
    scale_values: list[int] = Field(
        default_factory=new_list,
        description="Filled from the assessment's scale when it loads (its values, 1 to the "
        "top), so that profiles are checked against the top; any list here is replaced",
    )

    @model_validator(mode="after")
    def _unique(self) -> "Vocabularies":
        for name in VOCABULARY_NAMES:
            ids = [t.id for t in getattr(self, name)]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{name}: id '{dupes[0]}' is listed twice")
        return self

    def ids(self) -> dict[str, list[str]]:
        """Every vocabulary's ids, and under `scale` the rating scale's values ('1' ..
        'top') when these vocabularies came with an assessment."""
        out = {name: [t.id for t in getattr(self, name)] for name in VOCABULARY_NAMES}
        if self.scale_values:
            out["scale"] = [str(v) for v in self.scale_values]
        return out

    def term(self, vocabulary: str, id_: str) -> Term:
        for t in getattr(self, vocabulary):
            if t.id == id_:
                return t
        raise KeyError(f"{vocabulary}: {id_}")

    def label(self, vocabulary: str, id_: str) -> str:
        try:
            return self.term(vocabulary, id_).label
        except KeyError:
            return id_


class ScaleLevel(Strict):
    value: int = Field(ge=1, le=MAX_SCALE)
    label: str
    help: str


class StageRule(Strict):
    """`role` in post for less than `below_years` (or any time, if absent) is `stage`."""

    role: str
    below_years: float | None = Field(default=None, gt=0)
    stage: str


QuestionKind = Literal[
    "text", "select", "checkbox", "order", "number", "date", "confirm", "ratings"
]


class Condition(Strict):
    """A test on one earlier answer. Every test given must hold.

    A question (or choice) whose condition names a field with no answer yet is not asked
    (or not offered).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    in_: list[Any] | None = Field(
        default=None,
        alias="in",
        description="The answer is one of these (a list answer: has one of these)",
    )
    not_in: list[Any] | None = Field(
        default=None, description="The answer is none of these (a list answer: has none of these)"
    )
    min_items: int | None = Field(
        default=None, ge=0, description="A list answer has at least this many items"
    )
    max_items: int | None = Field(
        default=None, ge=0, description="A list answer has at most this many items"
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`role: [a, b]` is short for `role: {in: [a, b]}`."""
        if isinstance(value, list):
            return {"in": value}
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> "Condition":
        if all(v is None for v in (self.in_, self.not_in, self.min_items, self.max_items)):
            raise ValueError("a condition needs at least one of in, not_in, min_items, max_items")
        return self

    def holds(self, value: Any) -> bool:
        if value is None:
            return False
        items = list(value) if isinstance(value, (list, tuple, dict)) else [value]
        if self.in_ is not None and not any(v in self.in_ for v in items):
            return False
        if self.not_in is not None and any(v in self.not_in for v in items):
            return False
        if self.min_items is not None and len(items) < self.min_items:
            return False
        return self.max_items is None or len(items) <= self.max_items


When = dict[str, Condition]
"""Profile field (dotted path) -> the condition its answer must meet; all must hold."""


class Question(Strict):
    """One question of `careerplan assess`, answered into the profile field `field`.

    Ranges (numbers, how many items a list may hold) are not repeated here: they come
    from the profile format itself (careerplan/profile.py), so a typed answer, an answers
    file and a hand-written profile are held to the same limits.
    """

    id: Slug
    section: str = Field(min_length=1)
    label: str = Field(min_length=1, description="Short name shown on the review screen")
    kind: QuestionKind
    field: str = Field(description="Dotted path in the profile, e.g. constraints.budget_gbp")
    prompt: str = Field(min_length=1)
    help: str = Field(default="", description="One line shown while the question is asked")
    choices: str | None = Field(default=None, description="Vocabulary the choices come from")
    only: list[str] | None = Field(
        default=None, description="Offer only these ids of the vocabulary"
    )
    offer_when: dict[str, When] = Field(
        default_factory=new_dict,
        description="Choice id -> conditions: offer that choice only when they hold",
    )
    options: list[int] | None = Field(
        default=None,
        description="The allowed whole numbers for a number question, offered as a list",
    )
    merge: Literal["replace", "extend"] = Field(
        default="replace",
        description="extend: add the chosen items to those an earlier "
        "question put in the same list field",
    )
    required: bool = Field(
        default=True, description="An answer is needed (with --no-input, a missing one is an error)"
    )
    default: Any = None
    if_none: str = Field(default="none", description="How the review shows no answer")
    display: str | None = Field(
        default=None,
        description="How to show a number answer: 'money' (£1,500), or its unit's words "
        "with the first in the plural, such as 'days a week' (1 day a week, 2 days a week)",
    )
    unit: Literal["years"] | None = Field(
        default=None,
        description="The unit of a number answer; with `years`, '6 months' is read as 0.5",
    )
    reuse: Literal["yes", "no", "add-elapsed-years"] = Field(
        default="yes",
        description="With --from: offer last time's answer as the default (yes), do not "
        "(no), or add the years since that assessment when the role is unchanged",
    )
    when: When | None = Field(
        default=None,
        description="Ask only when every named profile field's answer meets its condition",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        needs_choices = self.kind in ("select", "checkbox", "ratings")
        if needs_choices and self.choices is None:
            raise ValueError(f"{self.id}: a {self.kind} question needs `choices:` (a vocabulary)")
        if self.kind == "number" and self.options is not None and not self.options:
            raise ValueError(f"{self.id}: `options:` is empty")
        if self.merge == "extend" and self.kind != "checkbox":
            raise ValueError(f"{self.id}: `merge: extend` is only for checkbox questions")
        if self.display is not None and not re.fullmatch(r"[a-z]+s?( [a-z']+)*", self.display):
            raise ValueError(
                f"{self.id}: display '{self.display}' should be 'money' or the unit in "
                "words, plural first, such as 'days a week'"
            )
        return self


class Relationship(Term):
    """How a rater works with the person they rate."""

    plural: str = Field(min_length=1, description="The word for several, as in '3 peers'")
    may_be_named: bool = Field(
        default=False, description="A rater of this kind may agree to be shown alone, by name"
    )


def _person_only(text: str) -> str:
    from careerplan.model.placeholders import check_placeholders

    return check_placeholders(text, ("person",))


PersonText = Annotated[str, Field(min_length=1), AfterValidator(_person_only)]


class RaterQuestions(Strict):
    """What a colleague is asked about someone ({person}: their name)."""

    relationships: list[Relationship] = Field(min_length=1)
    intro: PersonText
    relationship: PersonText
    ratings: PersonText
    ratings_help: PersonText
    comment: PersonText
    share_comment: PersonText
    named: PersonText
    rater: PersonText

    def ids(self) -> list[str]:
        return [r.id for r in self.relationships]

    def nameable(self) -> frozenset[str]:
        return frozenset(r.id for r in self.relationships if r.may_be_named)

    def plural(self, relationship: str) -> str:
        return next(r.plural for r in self.relationships if r.id == relationship)

    def label(self, relationship: str) -> str:
        return next(r.label for r in self.relationships if r.id == relationship)


class Assessment(Strict):
    version: Literal[1]
    scale: list[ScaleLevel] = Field(
        min_length=MIN_SCALE,
        max_length=MAX_SCALE,
        description=f"The self-rating scale, lowest first: {MIN_SCALE} to {MAX_SCALE} levels "
        "valued 1, 2, 3 ... in order. The last is the top, from which needs are measured: "
        "need = (top - rating) x importance.",
    )
    vocabularies: Vocabularies
    stage_rules: list[StageRule] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    rater: RaterQuestions | None = Field(
        default=None, description="What `form --rater` and `assess --rater` ask a colleague"
    )
    nouns: dict[str, tuple[str, str]] = Field(
        default_factory=new_dict,
        description="Vocabulary -> the word for one of its ids and for several, as in "
        "'choose at most three goals'",
    )

    @property
    def top(self) -> int:
        """The highest rating on the scale."""
        return max(level.value for level in self.scale)

    @model_validator(mode="after")
    def _scale_counts_from_one(self) -> "Assessment":
        values = [level.value for level in self.scale]
        if values != list(range(1, len(values) + 1)):
            shown = ", ".join(map(str, values))
            raise ValueError(
                f"scale: levels are valued {shown}; value them 1, 2, 3 ... in order, "
                "lowest first, with no gaps"
            )
        if self.vocabularies.scale_values != values:  # the vocabularies carry the scale
            vocabularies = self.vocabularies.model_copy(update={"scale_values": values})
            object.__setattr__(self, "vocabularies", vocabularies)
        return self

    def noun(self, vocabulary: str, count: int = 1) -> str:
        one, many = self.nouns.get(vocabulary, ("choice", "choices"))
        return one if count == 1 else many

    @model_validator(mode="after")
    def _nouns_name_vocabularies(self) -> "Assessment":
        for name in self.nouns:
            if name not in VOCABULARY_NAMES:
                raise ValueError(f"nouns: '{name}' is not a vocabulary")
        return self

    @model_validator(mode="after")
    def _cross_references(self) -> "Assessment":
        ids = self.vocabularies.ids()
        for i, rule in enumerate(self.stage_rules):
            if rule.role not in ids["roles"]:
                raise ValueError(f"stage_rules[{i}]: unknown role '{rule.role}'")
            if rule.stage not in ids["stages"]:
                raise ValueError(f"stage_rules[{i}]: unknown stage '{rule.stage}'")
        for role in ids["roles"]:
            if not any(r.role == role and r.below_years is None for r in self.stage_rules):
                raise ValueError(
                    f"stage_rules: role '{role}' has no rule without below_years, "
                    "so some people in that role would have no stage"
                )
        seen = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"questions: id '{q.id}' is used twice")
            seen.add(q.id)
            if q.choices is not None and q.choices not in ids:
                raise ValueError(f"questions: {q.id}: choices '{q.choices}' is not a vocabulary")
            offered = ids.get(q.choices or "", [])
            for choice in [*(q.only or []), *q.offer_when]:
                if choice not in offered:
                    raise ValueError(f"questions: {q.id}: '{choice}' is not an id of {q.choices}")
        return self

    def stage_for(self, role: str, years_in_role: float) -> str:
        """The career stage of someone `years_in_role` years into `role` (rules in order)."""
        for rule in self.stage_rules:
            if rule.role == role and (rule.below_years is None or years_in_role < rule.below_years):
                return rule.stage
        raise KeyError(role)

    def scale_label(self, value: int) -> str:
        for level in self.scale:
            if level.value == value:
                return level.label
        return str(value)


class Weights(Strict):
    """How goals, stages and priorities make an area matter (catalogue/weights.yaml).

    importance(area) = base
                       + sum over goals of goal_rank[i] * goals[goal][area]
                       + stages[stage][area]
                       + priority_bonus if the person named the area a priority
    need(area) = (top - rating) * importance(area)
    (top: the highest rating on the assessment's scale)
    """

    version: Literal[1]
    base: float = Field(ge=0)
    goal_rank: list[float] = Field(min_length=3, description="Multiplier for goal 1, 2, 3")
    priority_bonus: float = Field(ge=0)
    unrated: int = Field(
        ge=1,
        le=MAX_SCALE,
        description="Rating assumed for an area not rated (at most the top of the "
        "assessment's scale; a larger number counts as the top)",
    )
    goals: dict[str, dict[str, float]]
    stages: dict[str, dict[str, float]]
    scoring: Scoring = Field(description="Named constants of the plan engine")
    review_after_months: ReviewAges = Field(
        default_factory=ReviewAges,
        description="Months after which a fact (price, link, rule, a programme's dates) "
        "should be checked again: `catalogue validate` lists those past it",
    )
