"""Reading a YAML file that holds no problem, quickly: libyaml's events straight to data.

yamlio.parse_yaml composes a tree of nodes and then turns it into data, keeping each
value's place. For a large catalogue that is most of its loading time, and the places
are needed only to name a problem. So a catalogue file is read here first, from libyaml's
parser events to plain data, recording lines only down to the depth asked for (each
entry's own line; every line when a message needs a deeper one). Where anything is out
of the ordinary (a syntax error, a duplicate key, a tag, a merge key, a control
character, a value that will not convert, a limit nearly reached, an alias above the depth
its anchor was written at where lines are kept) this reading gives up and yamlio reads
the file again the careful way, which finds and words the problem exactly as it always
has. So the data, the lines and every message are the same whichever reading produced
them (tests compare the two), and the limits hold on both: nesting, values and aliases
are counted here too, and an alias costs as little as a reference to what it repeats.

The data may share lists and mappings where aliases repeat them: it is for reading only.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from careerplan.errors import Problem, ValidationFailed
from careerplan.store import yamlio
from careerplan.store.yamlio import (
    _CONTROL,
    _PLAIN_TAGS,
    _SCALARS,
    _STR,
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_NODES,
    Loc,
    YamlDoc,
    _constructor,
    _too_many,
    no_gc,
)

try:
    from yaml import CSafeLoader as _CLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CLoader = None  # type: ignore[assignment, misc]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NO_KEY: Any = object()
# An anchor's lines: its depth, its own line, and (path below it, line) of its descendants.
_Lines = tuple[int, int, list[tuple[Loc, int]]]  # a mapping waiting for its next key
_MISS: Any = object()


class _GiveUp(Exception):
    """Something this reading leaves to yamlio's careful one, which words it exactly."""


def read(text: str, name: str, line_depth: int) -> YamlDoc | None:
    """The document, with lines down to `line_depth`; None where the careful reading must
    decide (see the module's docstring). Raises ValidationFailed only for a file with too
    many values, with the very message the careful reading gives."""
    loader = yamlio._Loader
    if _CLoader is None or loader is not _CLoader or yamlio._may_merge(text):
        return None  # the pure-Python parser (tests), or merge keys: the careful reading
    if None in loader.yaml_implicit_resolvers or loader.yaml_path_resolvers:
        return None  # pragma: no cover - resolvers this reading does not mirror
    reader = _Reader(text, name, line_depth)
    try:
        with no_gc():
            data = reader.read(loader(text))
    except (_GiveUp, yaml.YAMLError):
        return None
    doc = YamlDoc(name=name, data=data)
    if reader.started:
        doc.lines, doc.line_depth, doc.text = reader.lines, line_depth, text
    return doc


class _Reader:
    """Events to data. The open collections are a stack of frames; the current one's
    state is kept in attributes: `data` (the dict or list, None before the document's
    first value), `key` (a mapping's key waiting for its value), `loc` (its path, kept
    only where the lines of its children are recorded) and `depth`."""

    def __init__(self, text: str, name: str, line_depth: int):
        self.name = name
        self.line_depth = line_depth
        self.lines: dict[Loc, int] = {}
        # No control character can reach a value from text without one, nor through an
        # escape from text without a backslash: then values need no check one by one.
        self.clean = _CONTROL.search(text) is None and "\\" not in text
        self.tagged = "!" in text
        self.resolvers = yamlio._Loader.yaml_implicit_resolvers
        self.tags: dict[str, str] = {}  # plain text -> its resolved tag
        self.converted: dict[tuple[str, str], Any] = {}  # (tag, text) -> its value
        # anchor -> (value, values it repeats, how deep it reaches (None for a scalar), and
        # its lines: its depth, its own line, its descendants' (by path below it))
        self.anchors: dict[str, tuple[Any, int, int | None, _Lines]] = {}
        # Every line recorded, in order, where anchors may need them again for aliases.
        self.journal: list[tuple[Loc, int]] | None = [] if "&" in text else None
        self.open: set[str] = set()  # anchored collections not yet closed
        self.composed = 0  # nodes, as yamlio's composer counts them
        self.keys = 0  # of which mapping keys
        self.expanded = 0  # values that aliases stand for
        self.repeated = 0  # values repeated through aliases
        self.deepest = 0  # deepest depth any value (or its children) may reach
        self.documents = 0
        self.started = False
        self.root: Any = None
        self.stack: list[tuple[Any, ...]] = []
        self.data: Any = None
        self.is_map = False
        self.key: Any = _NO_KEY
        self.loc: Loc | None = None
        self.depth = -1

    def read(self, parser: Any) -> Any:
        get = parser.get_event
        scalar = self.scalar
        try:
            while True:
                event = get()
                kind = type(event)
                if kind is ScalarEvent:
                    scalar(event)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    self.start(event, kind is MappingStartEvent)
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    self.end()
                elif kind is AliasEvent:
                    self.alias(event)
                elif kind is DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        raise _GiveUp  # "expected a single document": the careful reading
                elif kind is StreamEndEvent:
                    if self.values() > MAX_NODES:
                        raise _GiveUp
                    return self.root
        finally:
            parser.dispose()

    def values(self) -> int:
        """Values so far, counting every value an alias repeats (as the builder counts):
        every node composed that is not a key, and what aliases repeat."""
        return self.composed - self.keys + self.expanded

    def too_many(self) -> None:
        if self.tagged:  # tagged values are counted otherwise: the careful reading
            raise _GiveUp
        # The careful reading stops at this very node with this message.
        raise ValidationFailed([Problem(self.name, None, None, None, _too_many())])

    def scalar(self, event: Any) -> None:
        self.composed += 1
        if self.composed > MAX_NODES:
            self.too_many()
        text = event.value
        tag = event.tag
        if tag is None and event.implicit[0]:
            tag = self.tags.get(text) or self.resolve(text)
        else:
            tag = self.tag_of(tag, text, event.implicit[0])
        if self.is_map and self.key is _NO_KEY:
            self.take_key(tag, text, event)
            return
        value = text if tag == _STR and self.clean else self.value(tag, text)
        if event.anchor is not None:
            self.anchor(event.anchor)
            lines: _Lines = (self.depth + 1, event.start_mark.line + 1, [])
            self.anchors[event.anchor] = (value, 1, None, lines)
        if self.is_map:
            self.data[self.key] = value
            self.key = _NO_KEY
        else:
            self.put(value, event)

    def tag_of(self, tag: str | None, text: str, plain: bool) -> str:
        """The tag of a scalar other than plain untagged text (as the composer gives it:
        the non-specific `!` is resolved like no tag)."""
        if tag is None or tag == "!":
            return self.resolve(text) if plain else _STR
        return tag

    def resolve(self, text: str) -> str:
        """The tag of a plain scalar, as the loader's resolver gives it."""
        tag = _STR
        for candidate, regexp in self.resolvers.get(text[:1], ()):
            if regexp.match(text):
                tag = candidate
                break
        self.tags[text] = tag
        return tag

    def value(self, tag: str, text: str) -> Any:
        """A scalar's value where it is not plain text known to be clean."""
        if tag == _STR:
            if _CONTROL.search(text):
                raise _GiveUp
            return text
        value = self.converted.get((tag, text), _MISS)
        if value is _MISS:
            value = self.converted[(tag, text)] = _convert(tag, text)
        return value

    def take_key(self, tag: str, text: str, event: Any) -> None:
        """A mapping's key, as yamlio's builder takes it."""
        if event.anchor is not None:
            raise _GiveUp  # an anchored key
        self.keys += 1
        if tag == _STR and self.clean:
            key: Any = text
        else:
            key = self.value(tag, text)
            if isinstance(key, (_dt.date, float, bool, bytes)):  # `on:`, `yes:` are words
                key = text
        if key in self.data:
            raise _GiveUp  # a duplicate key
        if self.loc is not None:
            self.mark((*self.loc, key), event.start_mark.line + 1)
        self.key = key

    def mark(self, path: Loc, line: int) -> None:
        self.lines[path] = line
        if self.journal is not None:
            self.journal.append((path, line))

    def put(self, value: Any, event: Any) -> None:
        """A value into the open collection (or as the document)."""
        data = self.data
        if self.is_map:
            data[self.key] = value
            self.key = _NO_KEY
        elif data is not None:
            if self.loc is not None:
                self.mark((*self.loc, len(data)), event.start_mark.line + 1)
            data.append(value)
        else:
            self.root = value
            self.started = True
            self.mark((), event.start_mark.line + 1)

    def anchor(self, name: str) -> None:
        if name in self.anchors or name in self.open:
            raise _GiveUp  # "found duplicate anchor"

    def start(self, event: Any, is_map: bool) -> None:
        self.composed += 1
        if self.composed > MAX_NODES:
            self.too_many()
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            raise _GiveUp
        if self.is_map and self.key is _NO_KEY:
            raise _GiveUp  # a list or mapping as a key
        depth = self.depth + 1
        if depth >= MAX_DEPTH:
            raise _GiveUp  # its values would be too deep (or nearly)
        loc = self.child_loc(depth)
        new: Any = {} if is_map else []
        self.put(new, event)
        anchored = None
        if event.anchor is not None:
            self.anchor(event.anchor)
            self.open.add(event.anchor)
            journal = self.journal
            start = (len(journal) if journal is not None else 0, event.start_mark.line + 1)
            anchored = (event.anchor, self.values() - 1, self.deepest, start)
            self.deepest = 0
        self.deepest = max(self.deepest, depth + 1)
        self.stack.append((self.data, self.is_map, self.key, self.loc, self.depth, anchored))
        self.data, self.is_map, self.key, self.depth = new, is_map, _NO_KEY, depth
        self.loc = loc

    def child_loc(self, depth: int) -> Loc | None:
        """The path of a new collection at `depth`, where its children's lines are kept."""
        if depth >= self.line_depth:
            return None
        if depth == 0:
            return ()
        assert self.loc is not None  # a shallower parent keeps its path
        return (*self.loc, self.key if self.is_map else len(self.data))

    def end(self) -> None:
        data, is_map, key, loc, depth, anchored = self.stack.pop()
        if anchored is not None:
            name, before, deepest, (first, line) = anchored
            reach = self.deepest - self.depth
            below = [] if self.loc is None or self.journal is None else self.journal[first:]
            lines = (self.depth, line, [(path[self.depth :], n) for path, n in below])
            self.anchors[name] = (self.data, self.values() - before, reach, lines)
            self.open.discard(name)
            self.deepest = max(deepest, self.deepest)
        self.data, self.is_map, self.key, self.loc, self.depth = data, is_map, key, loc, depth

    def alias(self, event: Any) -> None:
        """`*name`: what the anchor holds, counted as every value it repeats."""
        if self.is_map and self.key is _NO_KEY:
            raise _GiveUp  # an alias as a key
        found = self.anchors.get(event.anchor)
        if found is None:
            raise _GiveUp  # undefined, or still open (it holds itself)
        depth = self.depth + 1
        value, size, reach, lines = found
        if reach is None:
            self.expanded += 1
        else:
            self.expanded += size
            self.repeated += size
            if self.repeated > MAX_ALIAS_VALUES or depth + reach > MAX_DEPTH:
                raise _GiveUp
            self.deepest = max(self.deepest, depth + reach)
        if self.values() > MAX_NODES:
            raise _GiveUp
        if depth <= self.line_depth:
            self.replay(lines, depth)
        if self.is_map:
            self.data[self.key] = value
            self.key = _NO_KEY
        else:
            self.data.append(value)

    def replay(self, lines: _Lines, depth: int) -> None:
        """The lines an alias at `depth` stands for, where lines are kept: the builder
        records those of the anchored value's own nodes under the alias's path."""
        defined_at, line, below = lines
        if depth < defined_at:
            raise _GiveUp  # lines deeper than were kept where the anchor is
        assert self.loc is not None  # kept at this depth
        if self.is_map:
            path: Loc = (*self.loc, self.key)  # its line is its key's, kept already
        else:
            path = (*self.loc, len(self.data))
            self.mark(path, line)
        room = self.line_depth - depth
        for suffix, n in below:
            if len(suffix) <= room:
                self.mark((*path, *suffix), n)


def _convert(tag: str, text: str) -> Any:
    """A plain scalar that is not text (a number, date, true/false …), as yamlio's builder
    converts it; anything it would refuse or word is given up on."""
    construct = _SCALARS.get(tag)
    if construct is None:
        raise _GiveUp
    try:
        value = construct(_constructor, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError):
        if tag == _TIMESTAMP:
            return text  # not a real date: kept as text, as the builder keeps it
        raise _GiveUp from None
    except yaml.YAMLError:
        raise _GiveUp from None
    if isinstance(value, str) and _CONTROL.search(value):
        raise _GiveUp
    return value
