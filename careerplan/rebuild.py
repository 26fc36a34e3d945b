"""Models rebuilt from their own JSON dumps, without validating them again.

The catalogue cache keeps the validated catalogue as JSON (`model_dump(mode="json")`) and
reads it back with `rebuild()`: each value becomes again what its annotation names (a
model, a date, an enum member, a tuple …), and models get their values set directly. No
validator runs and no pydantic schema is built, which is what makes a warm start fast: a
model's schema costs milliseconds to build, and a plan run would otherwise build a dozen.

It is only for data this program dumped itself from valid models. The cache checks,
before it writes anything, that rebuilding gives back exactly the models it holds
(`catalogue_cache.write_cache`); an annotation this module does not know raises
`TypeError`, and the cache is then simply not used.
"""

from __future__ import annotations

import datetime as dt
import types
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

_NONE = type(None)
_PLAIN = (str, int, bool)


def rebuild(annotation: Any, value: Any) -> Any:
    """`value` (as `model_dump(mode="json")` gave it) as the type `annotation` names."""
    if value is None or annotation is Any:
        return value
    origin = get_origin(annotation)
    if origin is Annotated:
        return rebuild(get_args(annotation)[0], value)
    if origin is Union or origin is types.UnionType:
        return _union(get_args(annotation), value)
    if origin is Literal:
        return value
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return [rebuild(item, v) for v in value]
    if origin is tuple:
        return _tuple(get_args(annotation), value)
    if origin is dict:
        key, item = get_args(annotation) or (Any, Any)
        return {rebuild(key, k): rebuild(item, v) for k, v in value.items()}
    if isinstance(annotation, type):
        return _scalar(annotation, value)
    raise TypeError(f"cannot rebuild a {annotation!r}")


def rebuild_model(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """The `model` whose JSON dump is `data`, every field given (as a dump gives them)."""
    fields = model.model_fields
    if not data.keys() <= fields.keys():
        raise TypeError(f"{model.__name__}: the dump has fields the model does not")
    values = {
        # A field left out of dumps (exclude=True) holds its default.
        name: rebuild(info.annotation, data[name] if not info.exclude else info.default)
        for name, info in fields.items()
    }
    return construct(model, values, set(values))


def construct(model: type[BaseModel], values: dict[str, Any], given: set[str]) -> Any:
    """A `model` holding `values` as they are, with `given` as the fields that were set: the
    state validation leaves, set directly."""
    obj = model.__new__(model)
    setattr_ = object.__setattr__
    setattr_(obj, "__dict__", values)
    setattr_(obj, "__pydantic_fields_set__", given)
    setattr_(obj, "__pydantic_extra__", None)
    setattr_(obj, "__pydantic_private__", None)
    return obj


def is_plain(annotation: Any) -> bool:
    """Whether a JSON value already is what `annotation` names (strings, whole numbers,
    flags, literals, and lists and string-keyed dicts of them), so needs no rebuilding."""
    origin = get_origin(annotation)
    if annotation is Any or origin is Literal:
        return True
    if origin is Annotated:
        return is_plain(get_args(annotation)[0])
    if origin in (list, dict, Union, types.UnionType):
        return all(arg is _NONE or is_plain(arg) for arg in get_args(annotation))
    return annotation in _PLAIN


def _scalar(kind: type, value: Any) -> Any:
    if issubclass(kind, BaseModel):
        return rebuild_model(kind, value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return float(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if issubclass(kind, Enum):
        return kind(value)
    if kind is Path:
        return Path(value)
    raise TypeError(f"cannot rebuild a {kind.__name__}")


def _tuple(args: tuple[Any, ...], value: list[Any]) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(rebuild(args[0], v) for v in value)
    return tuple(rebuild(a, v) for a, v in zip(args, value, strict=True))


def _union(members: tuple[Any, ...], value: Any) -> Any:
    """The member a dumped value came from: a model by its keys and literal tags (a
    discriminated union), else a type the value has exactly, else a literal that holds it,
    else a float for a whole number."""
    members = tuple(m for m in members if m is not _NONE)
    if len(members) == 1:
        return rebuild(members[0], value)
    if isinstance(value, dict):
        for member in members:
            if _model_fits(member, value):
                return rebuild_model(member, value)
        raise TypeError("no model in the union fits the value")
    if isinstance(value, list):
        for member in members:
            if get_origin(member) in (list, tuple):
                return rebuild(member, value)
    return _scalar_member(members, value)


def _scalar_member(members: tuple[Any, ...], value: Any) -> Any:
    for member in members:
        if get_origin(member) is Annotated:
            member = get_args(member)[0]
        if isinstance(member, type) and type(value) is member:
            return value
        if get_origin(member) is Literal and value in get_args(member):
            return value
    if type(value) is int and float in members:
        return float(value)
    raise TypeError(f"no member of the union takes {value!r}")


def _model_fits(member: Any, value: dict[str, Any]) -> bool:
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return False
    fields = member.model_fields
    if not value.keys() <= fields.keys():
        return False
    for name, info in fields.items():
        if get_origin(info.annotation) is Literal and value.get(name) not in get_args(
            info.annotation
        ):
            return False
    return True
