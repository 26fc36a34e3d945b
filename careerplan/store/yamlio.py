"""Safe YAML reading that remembers where each value came from.

Every input file (catalogue, profile, plan) is read here: one size limit, safe loading
only (libyaml's C parser when present), a cap on alias expansion and nesting, and a map
from each value's path to its line so that validation messages can say `file:line`.
A catalogue's entry files are first read the quick way (yamlfast.py: events straight to
data, lines kept only down to each entry); any problem sends them back here.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import functools
import gc
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careerplan.errors import InputError, Problem, ValidationFailed
from careerplan.textsafe import CONTROL

MAX_BYTES = 5 * 1024 * 1024
# Values in one document, counting every value an alias repeats. A 5 MiB catalogue of real
# entries holds about 200,000; parsing is stopped early, before composing, on files with
# more parser events than this, so that no file within the size limit takes long to reject.
MAX_NODES = 400_000
# Values produced by repeating anchored content through aliases (`*name`): plenty for a
# shared list of stages reused across thousands of entries, far too few for an alias bomb.
MAX_ALIAS_VALUES = 100_000
MAX_DEPTH = 64
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Control characters other than tab and newline: YAML escapes can put them in a string, and
# printed they could clear or rewrite the user's terminal (careerplan/textsafe.py).
_CONTROL = CONTROL

try:  # libyaml's C parser is much faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
try:  # and libyaml's writer, for text both writers write alike (see dump_yaml)
    from yaml import CSafeDumper as _FastDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _FastDumper = None  # type: ignore[assignment, misc]

_constructor = yaml.constructor.SafeConstructor()

Loc = tuple[str | int, ...]
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class YamlDoc:
    """A parsed YAML document and the line of every value in it.

    A document parsed with `line_depth` records lines only down to that depth (the lines of
    a catalogue's entries, say) and keeps its text: asking for a deeper line parses it
    again once, recording every line. Large files that are valid never pay for the map."""

    name: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    line_depth: int | None = None
    text: str | None = field(default=None, repr=False)

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest ancestor that exists in the file."""
        loc = tuple(loc)
        if self.line_depth is not None and len(loc) > self.line_depth:
            self._record_every_line()
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def _record_every_line(self) -> None:
        if self.text is not None:
            # The quick reading keeps every line too when asked to; where it gives up (an
            # alias, say), the careful one.
            from careerplan.store import yamlfast

            quick = yamlfast.read(self.text, self.name, MAX_DEPTH + 1)
            self.lines = (quick or parse_positioned(self.text, self.name)).lines
        self.line_depth = None
        self.text = None


def read_text(path: Path, *, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, turning every way it can fail into one clear line."""
    name = str(path)
    try:
        raw = read_regular(path, what=what, max_bytes=max_bytes)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except PermissionError:
        raise InputError(
            f"{name}: cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the path") from None
    if b"\x00" in raw:
        raise InputError(f"{name}: is a binary file, not a YAML {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        # A Problem, so that every command shows `file:line:` once, as for any other.
        problem = f"is not valid UTF-8 text (byte {exc.start}); save it as UTF-8"
        raise ValidationFailed([Problem(name, line, None, None, problem)]) from None


@dataclass
class Snapshot:
    """Files as they were read once, served again to every later read of them (see
    `reading_from`): so that a digest of the files and what is parsed from them come from
    the same bytes, whatever is written to the files in between. `missed` names the files
    read that the snapshot did not hold (read from the disk as usual)."""

    files: dict[str, bytes] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def add(self, path: Path, data: bytes) -> None:
        self.files[os.path.realpath(path)] = data

    def get(self, path: Path, max_bytes: int) -> bytes | None:
        data = self.files.get(os.path.realpath(path))
        if data is None or len(data) > max_bytes:
            self.missed.append(str(path))
            return None
        return data


_SNAPSHOT: contextvars.ContextVar[Snapshot | None] = contextvars.ContextVar(
    "careerplan_snapshot", default=None
)


@contextlib.contextmanager
def reading_from(snapshot: Snapshot) -> Iterator[Snapshot]:
    """Within this block, read_regular() serves the files `snapshot` holds from it."""
    token = _SNAPSHOT.set(snapshot)
    try:
        yield snapshot
    finally:
        _SNAPSHOT.reset(token)


def read_regular(path: Path, *, what: str = "file", max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, or InputError: the one place every input is opened.

    A FIFO, a device or a socket is refused before anything is read from it: opened
    without blocking, checked with fstat on the open descriptor (so a swap between the
    check and the read cannot fool it), and read at most one byte past the size limit.
    OSError (missing, permission denied) is left to the caller to word. Within
    `reading_from(snapshot)`, a file the snapshot holds is served from it.
    """
    snapshot = _SNAPSHOT.get()
    if snapshot is not None and (held := snapshot.get(path, max_bytes)) is not None:
        return held
    name = str(path)
    if os.path.isdir(path):
        raise InputError(f"{name}: is a folder, not a {what}; give the path of a YAML file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{name}: is not a regular file (a pipe, device or socket); save the {what} "
                "to a file and give its path"
            )
        if info.st_size > max_bytes:
            raise InputError(
                f"{name}: {info.st_size:,} bytes is larger than the {max_bytes:,}-byte limit "
                f"for a {what}; split it into smaller files"
            )
        raw = read_fd(fd, max_bytes + 1)  # a file that grew since fstat stops here
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise InputError(
            f"{name}: is larger than the {max_bytes:,}-byte limit for a {what}; split it "
            "into smaller files"
        )
    return raw


def read_fd(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes from an open descriptor, to its end."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(limit - size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def load_yaml(
    path: Path, *, what: str = "file", max_bytes: int = MAX_BYTES, line_depth: int | None = None
) -> YamlDoc:
    """Read and parse one YAML file, or raise InputError / ValidationFailed."""
    text = read_text(path, what=what, max_bytes=max_bytes)
    return parse_yaml(text, str(path), line_depth=line_depth)


class _TooMany(Exception):
    pass


def _counting_loader() -> Any:
    """_CountingLoader on the current _Loader (tests swap in the pure-Python one)."""
    loader = _COUNTING.get(_Loader)
    if loader is None:
        loader = _COUNTING[_Loader] = type("_CountingLoader", (_CountingMixin, _Loader), {})
    return loader


class _CountingMixin:
    """The safe loader, counting values as the composer resolves their tags, so that a
    file with too many is stopped part way through composing rather than after it."""

    yaml_implicit_resolvers: dict[Any, Any]
    yaml_path_resolvers: dict[Any, Any]
    DEFAULT_SCALAR_TAG: str

    def __init__(self, stream: str):
        super().__init__(stream)  # type: ignore[call-arg]
        self.values = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        self.values += 1
        if self.values > MAX_NODES:
            raise _TooMany
        if kind is yaml.ScalarNode and implicit[0]:  # BaseResolver.resolve, less general
            resolvers = self.yaml_implicit_resolvers.get(value[:1], _NONE)
            for tag, regexp in resolvers:
                if regexp.match(value):
                    return tag
            if None in self.yaml_implicit_resolvers or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)  # type: ignore[misc]
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[misc]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        if self.yaml_path_resolvers:  # none for the safe loader: skip the call's work
            super().descend_resolver(current_node, current_index)  # type: ignore[misc]

    def ascend_resolver(self) -> None:
        if self.yaml_path_resolvers:
            super().ascend_resolver()  # type: ignore[misc]


_NONE: list[Any] = []
_COUNTING: dict[Any, Any] = {}


def parse_yaml(text: str, name: str, *, line_depth: int | None = None) -> YamlDoc:
    """Parse YAML text into plain Python data plus a line map (down to `line_depth`).

    With `line_depth` (a catalogue's entries) the text is first read the quick way
    (careerplan/store/yamlfast.py), which gives up on anything it would have to word;
    then it is read here, composing nodes with their places, which words it."""
    if line_depth is not None:
        from careerplan.store import yamlfast

        quick = yamlfast.read(text, name, line_depth)
        if quick is not None:
            return quick
    return parse_positioned(text, name, line_depth=line_depth)


def parse_positioned(text: str, name: str, *, line_depth: int | None = None) -> YamlDoc:
    """parse_yaml() by composing nodes, each with its place: the reading that words every
    problem with its line."""
    try:
        # Values with an explicit tag (`!!str x`) are composed without being resolved, so
        # are not counted: a file with very many of them is counted event by event first.
        if text.count("!") * 4 > MAX_NODES and _may_hold_too_many(text):
            _check_event_count(text, name)
        with no_gc():
            node = yaml.compose(text, Loader=_counting_loader())
    except _TooMany:
        raise ValidationFailed([Problem(name, None, None, None, _too_many())]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ValidationFailed(
            [Problem(name, line, None, None, f"YAML syntax error{col}: {problem}")]
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character the YAML spec forbids
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        raise ValidationFailed(
            [
                Problem(
                    name,
                    line,
                    None,
                    None,
                    f"column {column}: the character U+{char:04X} is "
                    "not allowed in YAML; delete it (invisible characters are often pasted in by "
                    "accident)",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise ValidationFailed(
            [Problem(name, None, None, None, f"YAML error: {message}")]
        ) from None
    except RecursionError:  # the pure-Python parser on very deep nesting
        raise ValidationFailed([Problem(name, None, None, None, _too_deep())]) from None
    doc = YamlDoc(name=name, data=None)
    if node is None:
        return doc
    if line_depth is not None:
        doc.line_depth, doc.text = line_depth, text
    builder = _Builder(doc, line_depth, merges=_may_merge(text))
    try:
        with no_gc():
            doc.data = builder.build(node, (), 0, False)
    except RecursionError:
        raise ValidationFailed([Problem(name, None, None, None, _too_deep())]) from None
    return doc


def _may_merge(text: str) -> bool:
    """Whether the text could hold a merge key: `<<`, or a tag that names merge (`!!merge`,
    `!<tag:yaml.org,2002:merge>`, through a %TAG handle, or spelt with %-escapes), which
    needs a `!`. The word in a title ("the merged body") is not one."""
    return "<<" in text or ("!" in text and ("merge" in text or "%" in text))


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; simplify the file"


def _too_many() -> str:
    return f"more than {MAX_NODES:,} values; the file is too large: split it into smaller files"


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Parsing and validating a large catalogue creates hundreds of thousands of objects and
    no reference cycles; the collector's repeated passes over them cost more than the work
    itself (5,000 entries: 1.9 s with, 0.9 s without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _may_hold_too_many(text: str) -> bool:
    """A cheap upper bound: every value after the first needs a separator (`,`, a newline,
    `:`, `-`, `?`, `[` or `{`), and a value makes at most two parser events."""
    separators = sum(text.count(c) for c in ",\n:-?[{")
    return 4 * separators + 8 > MAX_NODES


def _check_event_count(text: str, name: str) -> None:
    """Stop early on a file with too many values: parsing events is cheap, composing is not."""
    for count, event in enumerate(yaml.parse(text, Loader=_Loader)):
        if count > MAX_NODES:
            mark = event.start_mark
            raise ValidationFailed(
                [Problem(name, mark.line + 1 if mark else None, None, None, _too_many())]
            )


class _Builder:
    """Turns composed nodes into plain data, counting values and resolving merge keys."""

    def __init__(self, doc: YamlDoc, line_depth: int | None = None, merges: bool = True):
        self.doc = doc
        self.merges = merges  # whether the text could hold a merge key at all
        self.line_depth = MAX_DEPTH + 1 if line_depth is None else line_depth
        self.count = 0
        self.alias_count = 0
        self.seen: set[int] = set()
        self.merged: dict[int, list[tuple[yaml.Node, yaml.Node]]] = {}

    def fail(self, node: yaml.Node, message: str) -> ValidationFailed:
        return ValidationFailed(
            [Problem(self.doc.name, node.start_mark.line + 1, None, None, message)]
        )

    def build(self, node: yaml.Node, loc: Loc, depth: int, aliased: bool) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, _too_many())
        if depth > MAX_DEPTH:
            raise self.fail(node, _too_deep())
        scalar = type(node) is yaml.ScalarNode
        if not scalar:
            if id(node) in self.seen:
                aliased = True  # the same node again: an alias repeating anchored content
            else:
                self.seen.add(id(node))
        if aliased:
            self.repeated(node)
        if depth <= self.line_depth:
            self.doc.lines.setdefault(loc, node.start_mark.line + 1)
        if scalar:
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"the YAML tag {node.tag} is not supported; remove it")
        if isinstance(node, yaml.MappingNode):
            if not self.merges or not any(k.tag == _MERGE_TAG for k, _ in node.value):
                return self.plain_mapping(node, loc, depth, aliased)
            return self.merged_mapping(node, loc, depth, aliased)
        return [
            self.build(item, (*loc, i), depth + 1, aliased) for i, item in enumerate(node.value)
        ]

    def repeated(self, node: yaml.Node) -> None:
        """Count a value that an alias repeats; too many is an alias bomb."""
        self.alias_count += 1
        if self.alias_count > MAX_ALIAS_VALUES:
            raise self.fail(
                node,
                f"aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values; write the "
                "values out or simplify the file",
            )

    def merged_mapping(self, node: yaml.MappingNode, loc: Loc, depth: int, aliased: bool) -> Any:
        """A mapping with `<<:` merge keys: its own keys, then inherited ones not given."""
        result: dict[Any, Any] = {}
        inherited, own = self.pairs(node, depth)
        for key_node, value_node in own:
            key = self.key(key_node)
            if key in result:
                raise self.fail(key_node, f"'{key}' appears twice in the same mapping; keep one")
            result[key] = self.child(key_node, value_node, loc, key, depth, aliased)
        for key_node, value_node in inherited:  # `<<: *name`: keys not given here
            key = self.key(key_node)
            if key not in result:
                result[key] = self.child(key_node, value_node, loc, key, depth, True)
        return result

    def plain_mapping(self, node: yaml.MappingNode, loc: Loc, depth: int, aliased: bool) -> Any:
        """A mapping without merge keys (nearly all of them), its text values taken here
        rather than through build(): the same checks, a third of the time."""
        result: dict[Any, Any] = {}
        lines = self.doc.lines if depth < self.line_depth else None
        leaf = not aliased and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key in result:
                raise self.fail(key_node, f"'{key}' appears twice in the same mapping; keep one")
            child = (*loc, key)
            if lines is not None:
                lines[child] = key_node.start_mark.line + 1
            if leaf and type(value_node) is yaml.ScalarNode:
                self.count += 1
                if self.count > MAX_NODES:
                    raise self.fail(value_node, _too_many())
                result[key] = self.scalar(value_node)
            else:
                result[key] = self.build(value_node, child, depth + 1, aliased)
        return result

    def child(
        self,
        key_node: yaml.Node,
        value_node: yaml.Node,
        loc: Loc,
        key: Any,
        depth: int,
        aliased: bool,
    ) -> Any:
        child = (*loc, key)
        if depth < self.line_depth:
            self.doc.lines[child] = key_node.start_mark.line + 1
        return self.build(value_node, child, depth + 1, aliased)

    def key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, "a key must be a plain word, not a list or mapping")
        if node.tag == _STR and not _CONTROL.search(node.value):
            return node.value  # nearly every key: a plain word
        key = self.scalar(node)
        if isinstance(key, (_dt.date, float, bool, bytes)):  # `on:`, `yes:` are words here
            key = str(node.value)
        return key

    def pairs(self, node: yaml.MappingNode, depth: int) -> tuple[list, list]:
        """(pairs inherited through `<<:` merge keys, first wins; the mapping's own pairs)."""
        own: list[tuple[yaml.Node, yaml.Node]] = []
        inherited: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _MERGE_TAG:
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise self.fail(
                            source,
                            "`<<:` must be followed by a mapping (`*name`) or a list of them",
                        )
                    inherited.extend(self.flat(source, depth + 1))
            else:
                own.append((key_node, value_node))
        return _first_of_each_key(inherited), own

    def flat(self, node: yaml.MappingNode, depth: int) -> list[tuple[yaml.Node, yaml.Node]]:
        """Every pair of a mapping used as a merge source, its own before inherited ones."""
        if depth > MAX_DEPTH:
            raise self.fail(node, _too_deep())
        cached = self.merged.get(id(node))
        if cached is None:
            inherited, own = self.pairs(node, depth)
            cached = _first_of_each_key(own + inherited)
            self.merged[id(node)] = cached
        return cached

    def scalar(self, node: yaml.Node) -> Any:
        try:
            if node.tag == _STR:  # most values: the text as written
                value = node.value
                if not _CONTROL.search(value):
                    return value
            else:
                construct = _SCALARS.get(node.tag)
                if construct is not None:
                    value = construct(_constructor, node)
                else:  # anything else is refused by PyYAML's own message
                    value = _constructor.construct_object(node, deep=True)
            if isinstance(value, str) and (bad := _CONTROL.search(value)):
                raise self.fail(
                    node,
                    f"the text contains the invisible control character "
                    f"U+{ord(bad.group()):04X} (from an escape such as "
                    "\\e or \\x1b); remove it",
                )
            return value
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise self.fail(node, f"YAML error: {problem}") from None
        except (ValueError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                # Not a real date (2026-02-30): keep the text, so that validation names the
                # field and goes on to report every other problem too.
                return node.value
            if "digits" in str(exc):  # Python's limit on converting huge numbers
                raise self.fail(
                    node, "a number with thousands of digits is not a sensible value; shorten it"
                ) from None
            raise self.fail(node, f"not a valid value: {exc}") from None


_STR = "tag:yaml.org,2002:str"
# The constructors of plain scalars, called directly: going through construct_object would
# also remember every node in the shared constructor for ever.
_SCALARS = {
    tag: yaml.constructor.SafeConstructor.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:binary",
        "tag:yaml.org,2002:timestamp",
    )
}


def _first_of_each_key(
    pairs: list[tuple[yaml.Node, yaml.Node]],
) -> list[tuple[yaml.Node, yaml.Node]]:
    seen: set[tuple[str, Any]] = set()
    out = []
    for key_node, value_node in pairs:
        ident = (
            key_node.tag,
            key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node),
        )
        if ident not in seen:
            seen.add(ident)
            out.append((key_node, value_node))
    return out


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
    """Plain block-style YAML, keys in the order given, unicode kept.

    Written by libyaml's emitter where PyYAML has it (a saved plan: about 1 ms against 60
    ms), except for text the two emitters write differently: a string libyaml would put
    in double quotes and fold differently (one with a control or special character, or
    with a space beside a line break), a key that is empty, long or over two lines, or a
    document that is one value. Such a document is written whole by the pure-Python
    emitter, so that the output is the same byte for byte whichever emitter wrote it (a
    test compares them on generated text).

    For libyaml the document's nodes are made here in one pass (_nodes: the very nodes
    PyYAML's representer makes, without its general machinery), and each text's implicit
    type is looked up once (_resolved), since a plan repeats its keys many times."""
    # A lone value at the top (never a plan) is ended differently too: `...`.
    if _FastDumper is not None and isinstance(data, (dict, list, tuple)):
        try:
            node = _nodes(data, _differs_search())
        except _NotPlain:
            pass  # the pure-Python emitter's, below (or its error, for a value it refuses)
        else:
            stream = io.StringIO()
            writer = _FastDumper(stream, **_WRITER_OPTIONS)
            writer.resolve = _resolve  # type: ignore[method-assign]
            writer.open()
            writer.serialize(node)
            writer.close()
            return stream.getvalue()
    return yaml.dump(to_jsonable(data), Dumper=yaml.SafeDumper, sort_keys=False, **_WRITER_OPTIONS)


_WRITER_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "default_flow_style": False,
    "width": 100,
}
_TAG = "tag:yaml.org,2002:"
_REPRESENTER = yaml.representer.SafeRepresenter()


class _NotPlain(Exception):
    """A value libyaml could write otherwise than PyYAML's emitter, or one that is not plain
    data: the document goes to the pure-Python emitter."""


def _nodes(data: Any, search: Callable[[str], Any]) -> yaml.Node:
    """The nodes SafeRepresenter makes for to_jsonable(`data`) with sort_keys off and block
    style: every container a new one (to_jsonable shares none, so there are no aliases),
    dates as ISO text. _NotPlain for text the two writers could write differently (see
    _DIFFERS_IN_C and _plain_key), and for any value that is not plain data."""
    kind = type(data)
    if kind is str:
        if search(data) is not None:
            raise _NotPlain
        return yaml.ScalarNode(_TAG + "str", data)
    if kind is bool:
        return yaml.ScalarNode(_TAG + "bool", "true" if data else "false")
    if kind is int:
        return yaml.ScalarNode(_TAG + "int", str(data))
    if kind is float:
        return _REPRESENTER.represent_float(data)
    if data is None:
        return yaml.ScalarNode(_TAG + "null", "null")
    if isinstance(data, dict):
        pairs = []
        for key, value in data.items():
            if type(key) is not str or not _plain_key(key, search):
                raise _NotPlain
            pairs.append((yaml.ScalarNode(_TAG + "str", key), _nodes(value, search)))
        return yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
    if isinstance(data, (list, tuple)):
        return yaml.SequenceNode(
            _TAG + "seq", [_nodes(item, search) for item in data], flow_style=False
        )
    if isinstance(data, (_dt.date, _dt.datetime)):
        return _nodes(data.isoformat(), search)
    raise _NotPlain


_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=4096)
def _resolved(value: str, implicit: tuple[bool, bool]) -> str:
    return _RESOLVER.resolve(yaml.ScalarNode, value, implicit)


def _resolve(kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
    """The writer's question, for each text, of which type it would read back as: the
    resolver's answer, looked up once for a text (the resolver has no path rules, so the
    answer depends on the text alone)."""
    if kind is yaml.ScalarNode:
        return _resolved(value, implicit)
    return _RESOLVER.resolve(kind, value, implicit)


# What libyaml may write otherwise than PyYAML's own emitter: any character outside the
# plainly printable ones (controls, tabs, NEL, the line and paragraph separators, the BOM,
# non-characters, and everything beyond the Basic Multilingual Plane), and a line break
# beside a space. Both lead to double quotes, which the two emitters fold differently.
# Compiled when first needed (its ranges make it slow to compile, and most runs write no
# YAML).
_DIFFERS_IN_C = "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]| \n|\n "


@functools.cache
def _differs_search() -> Callable[[str], Any]:
    return re.compile(_DIFFERS_IN_C).search


def _differs_in_c(data: Any) -> bool:
    """Whether libyaml's emitter could write `data` (JSON-like) otherwise than PyYAML's: the
    question dump_yaml asks as it makes the nodes (_nodes)."""
    try:
        _nodes(data, _differs_search())
    except _NotPlain:
        return True
    return False


def _plain_key(key: Any, search: Callable[[str], Any]) -> bool:
    """A key both writers write alike: a short line of plain text (an empty or long key,
    or one over two lines, is written as a complex key `? ...` by one and not the other)."""
    return isinstance(key, str) and 0 < len(key) <= 60 and "\n" not in key and not search(key)


def dump_json(data: Any) -> str:
    return json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n"
