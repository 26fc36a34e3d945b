"""Words that fit the person: {ask}, {org} and {when_new} in catalogue texts.

An entry's `summary`, `action` and `evidence` (and the advice texts) may name who to ask,
the organisation and a timing word as placeholders; the words come from
catalogue/wording.yaml, chosen by the profile's role, organisation type and years in role.
Validation rejects an unknown placeholder name, so a typo never reaches a plan.
"""

import re
from typing import TYPE_CHECKING, Any

from pydantic import Field
from pydantic_core import PydanticCustomError

from careerplan.model.assessment import Strict
from careerplan.model.types import new_dict

if TYPE_CHECKING:
    from careerplan.model.profile import Profile

#: The placeholder names an entry text may use.
NAMES = ("ask", "org", "when_new")
_BRACED = re.compile(r"\{([^{}]*)\}")


def check_placeholders(text: str, allowed: tuple[str, ...] = NAMES) -> str:
    """`text` unchanged, or a validation error naming the first unknown placeholder."""
    for name in _BRACED.findall(text):
        if name not in allowed:
            raise PydanticCustomError(
                "placeholder",
                "unknown placeholder {{name}}; use one of: {names}",
                {"name": name, "names": ", ".join("{" + n + "}" for n in allowed)},
            )
    return text


class ByKey(Strict):
    """Words chosen by an id, with a default for any id not listed."""

    by: dict[str, str] = Field(default_factory=new_dict)
    default: str = Field(min_length=1)

    def words(self, key: str | None) -> str:
        return self.by.get(key or "", self.default)


class WhenNew(Strict):
    """A timing word from years in role: `new` under `under_years`, else `otherwise`."""

    under_years: float = Field(gt=0)
    new: str = Field(min_length=1)
    otherwise: str = Field(min_length=1)


class Wording(Strict):
    """catalogue/wording.yaml: the words behind each placeholder."""

    version: int = 1
    ask: ByKey = Field(description="Who to ask, by role id")
    org: ByKey = Field(description="The organisation, by organisation type id")
    when_new: WhenNew

    def values(self, role: str | None, organisation: str | None, years: float | None) -> dict:
        new = years is not None and years < self.when_new.under_years
        return {
            "ask": self.ask.words(role),
            "org": self.org.words(organisation),
            "when_new": self.when_new.new if new else self.when_new.otherwise,
        }


DEFAULT_WORDING: dict[str, Any] = {
    "version": 1,
    "ask": {"by": {}, "default": "your line manager"},
    "org": {"by": {"nhs-trust": "your trust"}, "default": "your organisation"},
    "when_new": {"under_years": 1, "new": "in your first months in post", "otherwise": "this year"},
}


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known {name}; a sentence that starts with one gets a capital letter."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        word = values[name]
        before = text[: match.start()].rstrip(" \"'(")
        if not before or before.endswith((".", "!", "?", ":", "\n")):
            return word[:1].upper() + word[1:]
        return word

    return _BRACED.sub(one, text)


def resolve(text: str, profile: "Profile", wording: "Wording") -> str:
    """`text` with {ask}, {org} and {when_new} in the words that fit this person."""
    return fill(
        text,
        wording.values(profile.role, profile.organisation, float(profile.years_in_role)),
    )
