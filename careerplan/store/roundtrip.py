"""A changed plan written back into the user's own YAML file, keeping what they wrote
around the data: their comments, blank lines, key order, quoting and line breaks.

`careerplan review` changes an item's status, date and history; the rest of the file is
the user's, who may have annotated it for their appraisal. The change is found by
comparing the plan's data before and after it; ruamel.yaml's round-trip reader finds where
each changed value sits in the file (line and column), and only those lines are written
again, in the plan writer's own style (PyYAML, as yamlio.dump_yaml writes a plan). Every
other line is kept byte for byte, including a comment at the end of a changed line. A
field the file lacks (a plan written before the field existed) is added after the last
line of its entry. The caller checks that the result reads back as the changed plan;
None means "write the plan afresh", as before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

#: The line width of careerplan's own plan files (yamlio.dump_yaml).
WIDTH = 100


@dataclass(frozen=True)
class _Edit:
    first: int  # 0-based line numbers, [first, last)
    last: int
    lines: list[str]


class _CannotSplice(Exception):
    """Not a change a line splice can make faithfully here: rewrite the enclosing value,
    or (at the top) write the plan afresh."""


def updated_text(original: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """`original`, a plan file's text holding the data `before`, changed to hold `after`
    (both plain data as plan.plan_data gives it), or None when that cannot be done."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    try:
        doc = YAML(typ="rt").load(original)
    except (YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(doc, CommentedMap) or not doc:
        return None
    newline = "\r\n" if "\r\n" in original else "\n"  # a file saved on Windows stays so
    lines = [line + "\n" for line in original.replace("\r\n", "\n").split("\n")]
    if lines[-1] == "\n":
        lines.pop()  # the file's last line break, not an empty line after it
    try:
        edits = _mapping_edits(doc, before, after, lines, len(lines))
    except _CannotSplice:
        return None
    for edit in sorted(edits, key=lambda e: (e.first, e.last), reverse=True):
        lines[edit.first : edit.last] = edit.lines
    text = "".join(lines)
    return text if newline == "\n" else text.replace("\n", newline)


def _mapping_edits(
    node: Any, before: dict[str, Any], after: dict[str, Any], lines: list[str], end: int
) -> list[_Edit]:
    """The edits that make the block mapping `node` (its lines end before `end`), which
    holds `before`, hold `after`."""
    keys = list(node)
    if _flow(node) or not keys or not isinstance(before, dict) or not isinstance(after, dict):
        raise _CannotSplice
    edits: list[_Edit] = []
    for n, key in enumerate(keys):
        if key not in after:
            if key in before:
                raise _CannotSplice  # a field dropped: not a review's change
            continue  # something the user keeps in the file that the plan does not read
        if key in before and _same(before[key], after[key]):
            continue
        line, column = node.lc.key(key)
        stop = node.lc.key(keys[n + 1])[0] if n + 1 < len(keys) else end
        where = (line, column, stop)
        try:
            edits += _nested_edits(node[key], before.get(key), after[key], lines, where)
        except _CannotSplice:
            edits.append(_rewrite(key, after[key], lines, where))
    added = {
        key: value
        for key, value in after.items()
        if key not in node and not (key in before and _same(before[key], value))
    }
    if added:
        last_line, column = node.lc.key(keys[-1])
        at = _trimmed(lines, last_line, column, end)
        edits.append(_Edit(at, at, _block(added, column)))
    return edits


def _nested_edits(
    node: Any, before: Any, after: Any, lines: list[str], where: tuple[int, int, int]
) -> list[_Edit]:
    """Edits inside a block mapping or list that starts under its key; _CannotSplice for
    anything else (the caller rewrites the key's value whole)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line, _, stop = where
    nested = isinstance(node, (CommentedMap, CommentedSeq)) and bool(node) and not _flow(node)
    if not nested or node.lc.line <= line:
        raise _CannotSplice
    if isinstance(node, CommentedMap):
        return _mapping_edits(node, before, after, lines, stop)
    if not (isinstance(before, list) and isinstance(after, list)):
        raise _CannotSplice
    if not len(node) == len(before) == len(after):
        raise _CannotSplice
    edits: list[_Edit] = []
    for i, (was, now) in enumerate(zip(before, after, strict=True)):
        if _same(was, now):
            continue
        if not isinstance(node[i], CommentedMap):
            raise _CannotSplice  # a changed entry of a plain list: rewrite the list
        end = node.lc.item(i + 1)[0] if i + 1 < len(node) else stop
        edits += _mapping_edits(node[i], was, now, lines, end)
    return edits


def _block(data: dict[str, Any], column: int) -> list[str]:
    """`data` as careerplan's plan writer (PyYAML) writes it, indented to `column`."""
    import yaml

    text = yaml.safe_dump(
        data,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=max(40, WIDTH - column),
    )
    return [(" " * column + line).rstrip() + "\n" for line in text.splitlines()]


def _rewrite(key: str, value: Any, lines: list[str], where: tuple[int, int, int]) -> _Edit:
    """`key: value` written afresh over its old lines, at its column, keeping what stood
    before the key on its line ('- ' of a list entry) and a comment at the end of it."""
    first, column, stop = where
    last = _trimmed(lines, first, column, stop)
    head = lines[first]
    prefix = head[:column]
    if prefix.strip(" -") or "\t" in prefix:
        raise _CannotSplice
    new = _block({key: value}, column)
    comment = _end_comment(head) if last == first + 1 and len(new) == 1 else ""
    return _Edit(first, last, [prefix + new[0][column:-1] + comment + "\n", *new[1:]])


def _trimmed(lines: list[str], first: int, column: int, stop: int) -> int:
    """The end of a value's lines: before `stop`, without the blank lines and comments that
    follow it at its own indentation or less (they belong to what comes next)."""
    while stop > first + 1:
        text = lines[stop - 1]
        stripped = text.strip()
        indent = len(text) - len(text.lstrip(" "))
        if stripped and not (stripped.startswith("#") and indent <= column):
            break
        stop -= 1
    return stop


_END_COMMENT = re.compile(r"(\s+#[^'\"]*)$")


def _end_comment(line: str) -> str:
    """The comment at the end of a one-line `key: value`, with the spaces before it."""
    found = _END_COMMENT.search(line.rstrip("\n"))
    return found.group(1) if found else ""


def _flow(node: Any) -> bool:
    """Whether a collection read from the file is written in flow style ([a, b], {})."""
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _same(old: Any, new: Any) -> bool:
    """Whether two plain values are equal (a date and its ISO text count as equal)."""
    if isinstance(old, dt.date):
        old = old.isoformat()
    if isinstance(new, dt.date):
        new = new.isoformat()
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return bool(type(old) is type(new) and old == new) or (
        isinstance(old, (int, float)) and isinstance(new, (int, float)) and old == new
    )
