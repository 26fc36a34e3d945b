"""Reading and writing a saved plan file, in the format its name says (YAML or JSON).

Every writer of a plan goes through here: it holds the plan's lock (files.locked), a change
to an existing plan is made to the file as it is now (read again under the lock), and a plan
is written only if this careerplan would read it back.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from careerplan.clock import PLAN_LATEST
from careerplan.errors import InputError, OutputError, Problem, ValidationFailed
from careerplan.model.plan import PLAN_VERSION, Plan, plan_data, upgrade_plan_data
from careerplan.store.validation import (
    duplicate_problems,
    problem_at,
    problems_from,
    value_problems,
)
from careerplan.store.yamlio import YamlDoc, dump_json, dump_yaml, load_yaml

PLAN_HEADER = (
    "# careerplan plan: personal data, keep it private.\n"
    "# Render it with `careerplan export`; update it with `careerplan review`.\n"
)


def plan_text(plan: Plan, path: Path) -> str:
    """The plan as JSON for a .json file, otherwise as YAML."""
    if Path(path).suffix.lower() == ".json":
        return plan_json(plan)
    return PLAN_HEADER + plan_yaml(plan)


#: Exports made for reading: they cannot be read back as a plan.
EXPORT_SUFFIXES = {
    ".md": "a markdown export",
    ".markdown": "a markdown export",
    ".html": "an HTML export",
    ".htm": "an HTML export",
    ".docx": "a Word export",
    ".pdf": "a PDF",
    ".ics": "a calendar export",
    ".txt": "a text export",
}


def export_hint(path: Path) -> str | None:
    """For an export given where the plan's data is wanted, which file to give instead."""
    path = Path(path)
    kind = EXPORT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None
    beside = [path.with_suffix(s) for s in (".yaml", ".yml", ".json")]
    found = next((p for p in beside if p.is_file()), None)
    if found is not None:
        use = f"give the plan's data beside it, {found.name}, instead"
    else:
        use = (
            f"give the plan's data instead (such as {path.with_suffix('.yaml').name}, "
            "saved by `careerplan plan --save FILE`)"
        )
    return f"{path.name} is {kind}, for reading, not the plan's data; {use}"


def check_not_export(path: Path) -> None:
    """InputError, naming the file to use, if `path` is an export rather than plan data."""
    hint = export_hint(path)
    if hint is not None:
        raise InputError(f"{path}: {hint[len(Path(path).name) + 1 :]}")


def check_readable(plan: Plan, text: str, path: Path) -> None:
    """OutputError unless `text`, the plan written out, is a file this careerplan reads back:
    not too large, no control character in any text (the reader refuses them), and the
    plan's data validating as a read plan does (finite numbers, dates in range, one id an
    item). The data is checked rather than the text parsed again: as sure, 20 times quicker."""
    from careerplan.model.plan import plan_data
    from careerplan.store import yamlio
    from careerplan.store.planfile import validate_plan
    from careerplan.textsafe import refused_char

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > yamlio.MAX_BYTES:
        raise OutputError(
            f"{path}: not written: the plan would be too large to read back "
            f"({size:,} bytes; at most {yamlio.MAX_BYTES:,}); plan fewer items"
        )
    data = plan_data(plan)
    try:
        for where, value in _texts(data, ()):
            if refused_char(value):
                raise ValidationFailed(
                    [
                        Problem(
                            str(path),
                            None,
                            None,
                            ".".join(map(str, where)),
                            "holds a control character",
                        )
                    ]
                )
        validate_plan(data, yamlio.YamlDoc(name=str(path), data=data), {})
    except ValidationFailed as exc:
        first = exc.lines()[0] if exc.lines() else "it does not validate"
        raise OutputError(
            f"{path}: not written: the plan would not read back ({first}); please report it"
        ) from None


def _texts(value: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in plain data, keys included, with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(key, where)
            yield from _texts(inner, (*where, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, (*where, index))


def _write(plan: Plan, path: Path, *, force: bool, mode: int | None = None) -> Path:
    from careerplan.store.files import write_atomic

    text = plan_text(plan, path)
    check_readable(plan, text, path)
    return write_atomic(Path(path), text, force=force, private=True, mode=mode)


def save_plan(plan: Plan, path: Path, *, force: bool) -> Path:
    """Write the plan atomically, readable by its owner alone, holding the plan's lock.
    A symbolic link at `path` is never written through (with `force`, the link itself
    is replaced: see files.write_atomic)."""
    from careerplan.store.files import locked

    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        raise OutputError(f"{path}: is a folder; give a file name for the plan")
    with locked(path):
        return _write(plan, path, force=force)


def writable_target(path: Path) -> Path:
    """The file a change to `path` is written to: a link's target, never the link itself,
    and only through a link the user made (files.followed_link).

    InputError if the plan is read-only (it is left as it is, mode and all)."""
    from careerplan.store.files import followed_link

    target = followed_link(Path(path))
    try:
        info = target.stat()
    except OSError:
        return target  # reading it says what is wrong
    if stat.S_ISREG(info.st_mode) and (
        not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK)
    ):
        raise InputError(
            f"{path}: is read-only, so progress cannot be recorded in it; make it "
            f"writable (chmod u+w {path}) or review a copy"
        )
    return target


def update_plan(
    path: Path, vocabularies: dict[str, list[str]], change: Callable[[Plan], Plan]
) -> Plan:
    """Read the plan at `path` under its lock, apply `change`, write it back; the new plan.

    The change is made to the file as it is now, so a change saved meanwhile by another
    run is kept; a change that no longer fits raises InputError and writes nothing."""
    from careerplan.store.files import locked
    from careerplan.store.planfile import load_plan

    target = writable_target(Path(path))
    with locked(target):
        plan = load_plan(Path(path), vocabularies)
        updated = change(plan)
        mode = stat.S_IMODE(target.stat().st_mode)
        kept = _kept_layout(plan, updated, target)
        if kept is None:
            _write(updated, target, force=True, mode=mode)
        else:
            from careerplan.store.files import write_atomic

            check_readable(updated, kept, target)
            write_atomic(target, kept, force=True, private=True, mode=mode)
    return updated


def _kept_layout(before: Plan, after: Plan, target: Path) -> str | None:
    """For a YAML plan, its file as the user keeps it (comments, blank lines, layout) with
    only the changed values written again (careerplan.store.roundtrip); None to write the plan
    afresh. Used only when the result reads back as exactly the changed plan."""
    if target.suffix.lower() == ".json":
        return None
    from careerplan.errors import CareerplanError
    from careerplan.model.plan import plan_data
    from careerplan.store import yamlio
    from careerplan.store.planfile import validate_plan
    from careerplan.store.roundtrip import updated_text

    wanted = plan_data(after)
    try:
        original = yamlio.read_text(target, what="plan")
        text = updated_text(original, plan_data(before), wanted)
        if text is None:
            return None
        doc = yamlio.parse_yaml(text, str(target))
        read = validate_plan(doc.data, doc, {})
    except CareerplanError:
        return None
    return text if plan_data(read) == wanted else None


def plan_json(plan: Plan) -> str:
    return dump_json(plan_data(plan))


def plan_yaml(plan: Plan) -> str:
    return dump_yaml(plan_data(plan))


def validate_plan(data: Any, doc: YamlDoc, vocabularies: dict[str, list[str]]) -> Plan:
    if not isinstance(data, dict) or "items" not in data or "profile" not in data:
        raise ValidationFailed(
            [
                problem_at(
                    doc,
                    (),
                    "is not a careerplan plan (no `profile` and `items`); "
                    "save one with `careerplan plan --save FILE`",
                )
            ]
        )
    version = data.get("version")
    if version != PLAN_VERSION:
        raise ValidationFailed(
            [
                Problem(
                    doc.name,
                    doc.line_of(("version",)),
                    None,
                    "version",
                    f"plan version {version!r} is not understood by this "
                    f"careerplan (it reads version {PLAN_VERSION})",
                )
            ]
        )
    try:
        # A saved plan may be older than its assessed_on check allows: today is not checked.
        plan = Plan.model_validate(
            upgrade_plan_data(data), context={"vocabularies": vocabularies, "today": dt.date.max}
        )
    except ValidationError as exc:
        raise ValidationFailed(problems_from(exc, doc)) from None
    problems = value_problems(plan.model_dump(), doc, latest=PLAN_LATEST)
    problems += duplicate_problems([i.id for i in plan.items], ("items",), "id", doc)
    if problems:
        raise ValidationFailed(problems)
    return plan


def load_plan(path: Path, vocabularies: dict[str, list[str]]) -> Plan:
    doc = load_yaml(Path(path), what="plan")
    return validate_plan(doc.data, doc, vocabularies)
