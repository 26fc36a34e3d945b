"""The catalogue as one typed value: the assessment, weights, opportunities, advice,
funding routes, wording, frameworks and programmes, with where each entry came from.
`careerplan.store.catalogue` reads and checks the files that make one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from careerplan.errors import InputError, Problem
from careerplan.model.advice import DEFAULT_ADVICE, Advice
from careerplan.model.assessment import Assessment, Weights
from careerplan.model.frameworks import Frameworks
from careerplan.model.funding import FundingRoutes
from careerplan.model.opportunity import Opportunity
from careerplan.model.placeholders import DEFAULT_WORDING, Wording
from careerplan.model.programmes import Programmes
from careerplan.model.types import then


class Origin(NamedTuple):
    """Where a catalogue entry was read: its file and line (None: not known)."""

    file: str
    line: int | None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass
class Catalogue:
    assessment: Assessment
    weights: Weights
    opportunities: dict[str, Opportunity]
    origins: dict[str, Origin] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    advice: Advice = field(default_factory=lambda: Advice.model_validate(DEFAULT_ADVICE))
    funding: FundingRoutes | None = None
    wording: Wording = field(default_factory=lambda: Wording.model_validate(DEFAULT_WORDING))
    frameworks: Frameworks = field(default_factory=Frameworks)
    programmes: Programmes = field(default_factory=Programmes)

    @property
    def vocab(self):
        return self.assessment.vocabularies

    def get(self, id_: str) -> Opportunity:
        try:
            return self.opportunities[id_]
        except KeyError:
            raise InputError(
                f"no opportunity with id '{id_}'"
                + then(id_, self.opportunities, "`careerplan catalogue list` shows them all")
            ) from None
