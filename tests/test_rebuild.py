"""careerplan.store.rebuild: models back from their own JSON dumps, without validating again."""

from __future__ import annotations

import datetime as dt
import decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

from careerplan.store.rebuild import is_plain, rebuild, rebuild_model


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Block(BaseModel):
    shape: Literal["block"] = "block"
    days: float


class Sessions(BaseModel):
    shape: Literal["sessions"] = "sessions"
    sessions: int
    hours: float


class Band(BaseModel):
    min: float
    max: float


class Entry(BaseModel):
    id: Annotated[str, Field(min_length=1)]
    on: dt.date | None = None
    colour: Colour = Colour.RED
    time: Block | Sessions = Field(discriminator="shape")
    cost: float | int | Band | Literal["unknown"] = "unknown"
    pair: dict[str, tuple[str, str]] = Field(default_factory=dict)
    where: Path | None = None
    tags: list[str] = Field(default_factory=list)
    legacy: Any = Field(default=None, exclude=True)


ENTRIES = [
    Entry(id="a", time=Block(days=2), cost=1500),
    Entry(id="b", on=dt.date(2027, 2, 3), time=Sessions(sessions=6, hours=3), cost=12.5),
    Entry(id="c", colour=Colour.BLUE, time=Block(days=1.5), cost=Band(min=0, max=1710)),
    Entry(id="d", time=Block(days=1), pair={"x": ("y", "z")}, where=Path("/tmp/a"), tags=["t"]),
]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_a_dump_rebuilds_the_same_model(entry: Entry):
    again = rebuild_model(Entry, entry.model_dump(mode="json"))
    assert again == entry
    assert type(again.time) is type(entry.time)  # the discriminated union's own member
    assert type(again.cost) is type(entry.cost)  # 1500 stays an int, 12.5 a float
    assert again.model_fields_set == set(Entry.model_fields)


def test_types_come_back_from_json():
    assert rebuild(dt.date, "2027-02-03") == dt.date(2027, 2, 3)
    assert rebuild(Colour, "blue") is Colour.BLUE
    assert rebuild(float, 2) == 2.0 and isinstance(rebuild(float, 2), float)
    assert rebuild(float | None, None) is None
    assert rebuild(dict[str, tuple[str, str]], {"k": ["a", "b"]}) == {"k": ("a", "b")}
    assert rebuild(tuple[int, ...], [1, 2]) == (1, 2)
    assert rebuild(list[dt.date], ["2027-01-01"]) == [dt.date(2027, 1, 1)]


def test_what_it_cannot_rebuild_is_an_error_not_a_guess():
    with pytest.raises(TypeError):
        rebuild(decimal.Decimal, "1.5")
    with pytest.raises(TypeError):
        rebuild(Block | Sessions, {"shape": "role", "months": 3})
    with pytest.raises(TypeError):
        rebuild_model(Block, {"days": 1, "shape": "block", "surprise": 1})


def test_plain_annotations_need_no_rebuilding():
    assert is_plain(str) and is_plain(list[str]) and is_plain(dict[str, int] | None)
    assert is_plain(Literal["a", "b"]) and is_plain(Annotated[str, Field(min_length=1)])
    assert not is_plain(dt.date | None) and not is_plain(float) and not is_plain(list[Block])
