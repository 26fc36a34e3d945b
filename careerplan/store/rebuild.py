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

import datetime as dt
import types
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

_NONE = type(None)
_PLAIN = (str, int, bool)


def rebuild(annotation: Any, value: Any) -> Any:
    """`value` (as `model_dump(mode="json")` gave it) as the type `annotation` names."""
    if value is None:
        return None
    return rebuilder(annotation)(value)


Rebuilder = Callable[[Any], Any]
# A rebuilder for each annotation met, made once: reading 20,000 entries meets the same
# few dozen annotations hundreds of thousands of times. Keyed by id, the annotation kept.
_COMPILED: dict[int, tuple[Any, Rebuilder]] = {}
_MODELS: dict[type, tuple[frozenset[str], list[tuple[str, Rebuilder, bool, Any]]]] = {}
_TAGS: dict[type, tuple[frozenset[str], list[tuple[str, tuple[Any, ...]]]]] = {}


def rebuilder(annotation: Any) -> Rebuilder:
    """The function that rebuilds a dumped value (never None) as `annotation` names it."""
    hit = _COMPILED.get(id(annotation))
    if hit is None or hit[0] is not annotation:
        hit = _COMPILED[id(annotation)] = (annotation, _make(annotation))
    return hit[1]


def _same(value: Any) -> Any:
    return value


def _or_none(inner: Rebuilder) -> Rebuilder:
    return lambda v: None if v is None else inner(v)


def _make(annotation: Any) -> Rebuilder:
    if annotation is Any:
        return _same
    origin = get_origin(annotation)
    if origin is Annotated:
        return rebuilder(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        members = tuple(m for m in get_args(annotation) if m is not _NONE)
        if len(members) == 1:
            return _or_none(rebuilder(members[0]))
        return _or_none(lambda v: _union(members, v))
    if origin is Literal:
        return _same
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        each = _or_none(rebuilder(item))
        return lambda v: [each(x) for x in v]
    if origin is tuple:
        return _tuple(get_args(annotation))
    if origin is dict:
        key, item = get_args(annotation) or (Any, Any)
        keys, values = _or_none(rebuilder(key)), _or_none(rebuilder(item))
        return lambda v: {keys(k): values(x) for k, x in v.items()}
    if isinstance(annotation, type):
        return _scalar(annotation)
    return _refuse(f"cannot rebuild a {annotation!r}")


def _refuse(message: str) -> Rebuilder:
    """A rebuilder for what this module does not know: it fails when it is used."""

    def refuse(_value: Any) -> Any:
        raise TypeError(message)

    return refuse


def rebuild_model(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """The `model` whose JSON dump is `data`, every field given (as a dump gives them)."""
    known, fields = _model_fields(model)
    if not data.keys() <= known:
        raise TypeError(f"{model.__name__}: the dump has fields the model does not")
    values = {}
    for name, fn, exclude, default in fields:
        # A field left out of dumps (exclude=True) holds its default.
        value = data[name] if not exclude else default
        values[name] = None if value is None else fn(value)
    return construct(model, values, set(values))


def _model_fields(
    model: type[BaseModel],
) -> tuple[frozenset[str], list[tuple[str, Rebuilder, bool, Any]]]:
    hit = _MODELS.get(model)
    if hit is None:
        fields = model.model_fields
        hit = _MODELS[model] = (
            frozenset(fields),
            [
                (name, rebuilder(info.annotation), bool(info.exclude), info.default)
                for name, info in fields.items()
            ],
        )
    return hit


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


def _scalar(kind: type) -> Rebuilder:
    if issubclass(kind, BaseModel):
        return lambda v: rebuild_model(kind, v)
    if kind in _PLAIN:
        return _same
    if kind is float:
        return float
    if kind is dt.date:
        return dt.date.fromisoformat
    if issubclass(kind, Enum):
        return kind
    if kind is Path:
        return Path
    return _refuse(f"cannot rebuild a {kind.__name__}")


def _tuple(args: tuple[Any, ...]) -> Rebuilder:
    if len(args) == 2 and args[1] is Ellipsis:
        each = _or_none(rebuilder(args[0]))
        return lambda v: tuple(each(x) for x in v)
    fns = [_or_none(rebuilder(a)) for a in args]
    return lambda v: tuple(fn(x) for fn, x in zip(fns, v, strict=True))


def _union(members: tuple[Any, ...], value: Any) -> Any:
    """The member a dumped value came from: a model by its keys and literal tags (a
    discriminated union), else a type the value has exactly, else a literal that holds it,
    else a float for a whole number."""
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
    hit = _TAGS.get(member)
    if hit is None:
        fields = member.model_fields
        hit = _TAGS[member] = (
            frozenset(fields),
            [
                (name, get_args(info.annotation))
                for name, info in fields.items()
                if get_origin(info.annotation) is Literal
            ],
        )
    known, tags = hit
    if not value.keys() <= known:
        return False
    return all(value.get(name) in allowed for name, allowed in tags)
