"""Safe YAML reading that remembers where each value came from.

Every input file (catalogue, profile, plan) is read here: one size limit, safe loading
only (libyaml's C parser when present), a cap on alias expansion and nesting, and a map
from each value's path to its line so that validation messages can say `file:line`.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careerplan.errors import InputError, Problem, ValidationFailed

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64

try:  # libyaml's C parser is much faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_constructor = yaml.constructor.SafeConstructor()

Loc = tuple[str | int, ...]
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class YamlDoc:
    """A parsed YAML document and the line of every value in it."""

    name: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest ancestor that exists in the file."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def read_text(path: Path, *, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, turning every way it can fail into one clear line."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a folder, not a {what}; give the path of a YAML file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for a "
                f"{what}; split it into smaller files"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{name}: cannot be read (permission denied); check its permissions") \
            from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the path") from None
    if b"\x00" in raw:
        raise InputError(f"{name}: is a binary file, not a YAML {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}:{line}: is not valid UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def load_yaml(path: Path, *, what: str = "file", max_bytes: int = MAX_BYTES) -> YamlDoc:
    """Read and parse one YAML file, or raise InputError / ValidationFailed."""
    return parse_yaml(read_text(path, what=what, max_bytes=max_bytes), str(path))


def parse_yaml(text: str, name: str) -> YamlDoc:
    """Parse YAML text into plain Python data plus a line map."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ValidationFailed(
            [Problem(name, line, None, None, f"YAML syntax error{col}: {problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise ValidationFailed([Problem(name, None, None, None, f"YAML error: {exc}")]) from None
    doc = YamlDoc(name=name, data=None)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    return doc


class _Builder:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.count = 0

    def fail(self, node: yaml.Node, message: str) -> ValidationFailed:
        return ValidationFailed([Problem(self.doc.name, node.start_mark.line + 1, None, None,
                                         message)])

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES:,} values (too large, or aliases that "
                                  "expand without end); simplify the file")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep; simplify the file")
        self.doc.lines.setdefault(loc, node.start_mark.line + 1)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"the YAML tag {node.tag} is not supported; remove it")
        if isinstance(node, yaml.MappingNode):
            try:
                _constructor.flatten_mapping(node)
            except yaml.YAMLError as exc:
                raise self.fail(node, f"YAML error: {exc}") from None
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a key must be a plain word, not a list or mapping")
                key = self.scalar(key_node)
                if isinstance(key, (_dt.date, float, bool)):  # `on:`, `yes:` are words here
                    key = str(key_node.value)
                if key in result:
                    raise self.fail(key_node, f"'{key}' appears twice in the same mapping; "
                                              "keep one")
                child = (*loc, key)
                self.doc.lines[child] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return _constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise self.fail(node, f"YAML error: {problem}") from None
        except ValueError as exc:  # e.g. a timestamp that is not a real date
            raise self.fail(node, f"not a valid value: {exc}") from None


def to_jsonable(data: Any) -> Any:
    """Dates to ISO strings, recursively; everything else as it is."""
    if isinstance(data, dict):
        return {k: to_jsonable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [to_jsonable(v) for v in data]
    if isinstance(data, (_dt.date, _dt.datetime)):
        return data.isoformat()
    return data


def dump_yaml(data: Any) -> str:
    """Plain block-style YAML, keys in the order given, unicode kept."""
    return yaml.safe_dump(
        to_jsonable(data), sort_keys=False, allow_unicode=True, default_flow_style=False,
        width=100,
    )


def dump_json(data: Any) -> str:
    return json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n"
