"""Programmes of work and pathways as data (catalogue/programmes.yaml).

A programme is a sequence of steps that build on each other: each step names the step it
follows (the one before it, unless it says otherwise), so "build the directorate" runs
structure review -> job planning -> expectations for each role -> an OD lead -> an
investment case. A qualification ladder is a programme whose steps are rungs (certificate,
diploma, master's): each rung carries its credits into the next.

A pathway says which kinds of work suit each year of a plan of several years for a
situation (stepping up: year 1 board basics and a coach, year 2 a national programme or a
postgraduate certificate, year 3 acting up).

The engine reads these as facts: a step that continues work already in the plan is
progress, not a second helping of the same thing; a step starts after the one it follows
ends; a rung of a ladder is taken only as the next rung of the one in the plan.
"""

from functools import cached_property
from typing import Any, Literal

from pydantic import Field, model_validator

from careerplan.model.advice import When
from careerplan.model.assessment import Strict
from careerplan.model.types import GoalId, KindId, Slug, new_dict, new_list

Rung = Literal["certificate", "diploma", "masters"]
RUNG_ORDER = ("certificate", "diploma", "masters")


class Step(Strict):
    """One step of a programme: a catalogue entry and the step it follows."""

    id: Slug = Field(description="The catalogue entry this step is")
    follows: Slug | None = Field(
        default=None,
        description="The step it builds on (an earlier step of the same programme); "
        "by default the step before it, none for the first",
    )
    rung: Rung | None = Field(
        default=None, description="In a qualification ladder: certificate, diploma or masters"
    )


class Programme(Strict):
    """A programme of work: steps that build on each other towards one aim."""

    id: Slug
    title: str = Field(
        min_length=1, description="What the work builds, e.g. 'Build the directorate'"
    )
    goals: list[GoalId] = Field(default_factory=new_list, description="The goals it serves")
    source: str = Field(min_length=1, description="The report section (or provider) it follows")
    steps: list[Step] = Field(min_length=2)
    stands_for: dict[Slug, Rung] = Field(
        default_factory=new_dict,
        description="In a qualification ladder: qualifications taken whole (not entries of "
        "the ladder) and the rung each reaches, e.g. a master's taken in one go: when one "
        "does not fit a plan, the ladder's lower rungs are tried in its place",
    )

    def resolved(self) -> list[Step]:
        """The steps with what each follows filled in (the step before, by default)."""
        out: list[Step] = []
        for step in self.steps:
            if out and step.follows is None:
                step = step.model_copy(update={"follows": out[-1].id})
            out.append(step)
        return out

    @model_validator(mode="after")
    def _order(self) -> "Programme":
        seen: list[str] = []
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"steps: '{step.id}' is listed twice")
            if step.follows is not None and step.follows not in seen:
                raise ValueError(
                    f"steps: '{step.id}' follows '{step.follows}', which is not an earlier "
                    "step of this programme"
                )
            seen.append(step.id)
        rungs = [s.rung for s in self.steps if s.rung is not None]
        if rungs and (
            len(rungs) != len(self.steps)
            or [RUNG_ORDER.index(r) for r in rungs] != sorted(RUNG_ORDER.index(r) for r in rungs)
        ):
            raise ValueError(
                "steps: a ladder gives every step a rung, lowest first "
                "(certificate, diploma, masters)"
            )
        if self.stands_for and not rungs:
            raise ValueError("stands_for: only a qualification ladder (steps with rungs) has it")
        both = sorted(set(self.stands_for) & set(seen))
        if both:
            raise ValueError(f"stands_for: '{both[0]}' is a step of this ladder already")
        return self

    def rung_of(self, opp_id: str) -> Rung | None:
        """The rung an entry reaches on this ladder: as a step, or taken whole."""
        for step in self.steps:
            if step.id == opp_id:
                return step.rung
        return self.stands_for.get(opp_id)


class PathwayYear(Strict):
    year: int = Field(ge=1, le=5)
    label: str = Field(min_length=1, description="What the year is for, in a few words")
    kinds: list[KindId] = Field(min_length=1, description="The kinds of work that suit it")


class Pathway(Strict):
    """Which kinds of work suit each year of a plan of several years, for a situation."""

    id: Slug
    title: str = Field(min_length=1)
    when: When = Field(default_factory=When, description="Whom it is for (as in advice.yaml)")
    source: str = Field(min_length=1)
    years: list[PathwayYear] = Field(min_length=2)

    @model_validator(mode="after")
    def _years(self) -> "Pathway":
        numbers = [y.year for y in self.years]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("years: number them 1, 2, 3 ... in order")
        return self


class Programmes(Strict):
    version: Literal[1] = 1
    programmes: list[Programme] = Field(default_factory=new_list)
    pathways: list[Pathway] = Field(default_factory=new_list)

    @model_validator(mode="after")
    def _unique(self) -> "Programmes":
        for name, items in (("programmes", self.programmes), ("pathways", self.pathways)):
            ids = [x.id for x in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{name}: '{dupes[0]}' is listed twice")
        steps = [s.id for p in self.programmes for s in p.steps]
        dupes = sorted({i for i in steps if steps.count(i) > 1})
        if dupes:
            raise ValueError(f"programmes: '{dupes[0]}' is a step of two programmes")
        return self

    @cached_property
    def _steps(self) -> dict[str, tuple[Programme, Step]]:
        return {s.id: (p, s) for p in self.programmes for s in p.resolved()}

    def step(self, opp_id: str) -> tuple[Programme, Step] | None:
        """The programme an entry is a step of, and the step; None if it is in none."""
        return self._steps.get(opp_id)

    def follows(self, opp_id: str) -> str | None:
        got = self._steps.get(opp_id)
        return got[1].follows if got else None

    def next_steps(self, opp_id: str) -> list[str]:
        got = self._steps.get(opp_id)
        if got is None:
            return []
        return [s.id for s in got[0].resolved() if s.follows == opp_id]

    def ids(self) -> list[str]:
        return list(self._steps)

    def rung(self, opp_id: str) -> tuple[str, Rung] | None:
        """The ladder an entry is on and the rung it reaches (as a step, or taken whole)."""
        for p in self.programmes:
            rung = p.rung_of(opp_id)
            if rung is not None:
                return p.id, rung
        return None

    def lower_rungs(self, opp_id: str) -> list[str]:
        """The steps of a ladder below the rung `opp_id` reaches (a master's: the diploma,
        then the certificate), highest first; empty when it is on no ladder."""
        for p in self.programmes:
            rung = p.rung_of(opp_id)
            if rung is None:
                continue
            top = RUNG_ORDER.index(rung)
            below = [s.id for s in p.steps if s.rung and RUNG_ORDER.index(s.rung) < top]
            return below[::-1]
        return []


def programmes_json_schema(vocabularies: dict[str, list[str]]) -> dict[str, Any]:
    """JSON Schema of catalogue/programmes.yaml, with goal, kind and stage ids as enums."""
    from careerplan.model.types import fill_vocabularies

    schema = Programmes.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "careerplan programmes and pathways file"
    return fill_vocabularies(schema, vocabularies)
