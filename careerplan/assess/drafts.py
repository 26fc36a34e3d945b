"""The unfinished assessment: autosaved after every answer so that nothing typed is lost.

One draft at a time, in the user's state folder (platformdirs; `CAREERPLAN_STATE_DIR`
overrides it, which the tests use). The file is JSON, written atomically and readable by
the user alone; the folder is created 0700.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerplan import wording
from careerplan.errors import InputError, OutputError
from careerplan.parsing import AnswerError
from careerplan.store.files import write_atomic

if TYPE_CHECKING:
    from careerplan.assess.interview import Interview

ENV_VAR = "CAREERPLAN_STATE_DIR"
DRAFT_NAME = "assess-draft.json"
DRAFT_VERSION = 1


def state_dir() -> Path:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("careerplan", appauthor=False))


def draft_path() -> Path:
    return state_dir() / DRAFT_NAME


@dataclass
class Draft:
    """The interview's state plus the options the run was started with."""

    state: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)
    started: str = ""
    saved: str = ""
    answered: int = 0

    def summary(self) -> str:
        when = "an earlier run"
        if self.saved:
            try:
                saved = dt.datetime.fromisoformat(self.saved)
                when = f"{wording.date(saved.date())} at {saved:%H:%M}"
            except ValueError:
                when = self.saved[:16].replace("T", " at ")
        return f"{self.answered} answers, last saved {when}"


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def save_draft(draft: Draft, path: Path | None = None) -> Path:
    path = path or draft_path()
    try:
        from careerplan.store.files import make_private_dir

        make_private_dir(path.parent)  # parents too, not only the last folder
    except OSError as exc:
        raise OutputError(
            f"{path.parent}: cannot create the folder for saved answers "
            f"({exc.strerror}); set {ENV_VAR} to a folder you can write"
        ) from None
    draft.started = draft.started or _now()
    draft.saved = _now()
    body = {
        "version": DRAFT_VERSION,
        "started": draft.started,
        "saved": draft.saved,
        "answered": draft.answered,
        "options": draft.options,
        "state": draft.state,
    }
    return write_atomic(
        path, json.dumps(body, indent=2, ensure_ascii=False) + "\n", force=True, private=True
    )


#: The largest draft read back (a real one is a few kilobytes).
MAX_DRAFT_BYTES = 1024 * 1024


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:20]} is out of range")
    return number


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a draft holds")


def _depth(value: Any) -> int:
    """How deeply lists and mappings nest in `value` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend(
                (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _read(path: Path) -> str | None:
    """The draft's text, read with the guards of every other input (a regular file, not a
    pipe that would never end; at most MAX_DRAFT_BYTES; UTF-8), None if there is none."""
    from careerplan.store.yamlio import read_regular

    try:
        return read_regular(path, what="saved draft", max_bytes=MAX_DRAFT_BYTES).decode("utf-8")
    except FileNotFoundError:
        return None
    except InputError:  # a folder, a pipe, a device, or too large
        raise InputError(
            f"{path}: the saved answers cannot be read (it is not a regular file of at most "
            f"{MAX_DRAFT_BYTES // 1024:,} KB); delete it to start again"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise InputError(
            f"{path}: the saved answers cannot be read ({reason}); delete the file to start again"
        ) from None


def load_draft(path: Path | None = None) -> Draft | None:
    """The saved draft, None if there is none, InputError if it cannot be read."""
    path = path or draft_path()
    raw = _read(path)
    if raw is None:
        return None
    try:
        try:
            body = json.loads(raw, parse_float=_finite, parse_constant=_no_constant)
        except RecursionError:
            raise ValueError("it nests too deeply") from None
        from careerplan.store.yamlio import MAX_DEPTH

        if _depth(body) > MAX_DEPTH:
            raise ValueError("it nests too deeply")
        if (
            not isinstance(body, dict)
            or body.get("version") != DRAFT_VERSION
            or not isinstance(body.get("state"), dict)
        ):
            raise ValueError("not a careerplan draft")
        _check_shapes(body)
        return Draft(
            state=body["state"],
            options=dict(body.get("options") or {}),
            started=str(body.get("started") or ""),
            saved=str(body.get("saved") or ""),
            answered=int(body.get("answered") or 0),
        )
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(
            f"{path}: the saved answers are damaged ({exc}); delete the file to start again"
        ) from None


#: The shape of each part of a draft's state: what Interview.restore can take.
_STATE_SHAPES: dict[str, tuple[type, ...]] = {
    "answers": (dict,),
    "given": (dict,),
    "prior": (dict,),
    "prior_assessed_on": (str,),
    "given_from": (str,),
}


def _check_shapes(body: dict[str, Any]) -> None:
    """ValueError, naming the part, if the draft holds a value of the wrong shape (a list
    where answers belong, a date that is not one), so a damaged draft is one clean line."""
    if not isinstance(body.get("options") or {}, dict):
        raise ValueError("'options' is not a mapping")
    for key, shapes in _STATE_SHAPES.items():
        value = body["state"].get(key)
        if value is not None and not isinstance(value, shapes):
            raise ValueError(f"'{key}' has the wrong shape")
    when = body["state"].get("prior_assessed_on")
    if when is not None:
        try:
            dt.date.fromisoformat(when)
        except ValueError:
            raise ValueError("'prior_assessed_on' is not a date") from None


def delete_draft(path: Path | None = None) -> None:
    path = path or draft_path()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def interview_state(interview: Interview) -> dict[str, Any]:
    """What a draft keeps of an interview (JSON-friendly)."""
    from careerplan.store.yamlio import to_jsonable

    return to_jsonable(
        {
            "answers": interview.answers,
            "given": interview.given,
            "prior": interview.prior,
            "prior_assessed_on": interview.prior_assessed_on,
            "given_from": interview.given_from,
        }
    )


def restore_interview(interview: Interview, state: dict[str, Any]) -> list[str]:
    """Load a draft's state; answers no longer valid are dropped and named."""
    from careerplan.parsing import parse_date

    dropped: list[str] = []
    known = {q.id: q for q in interview.questions}
    for qid, value in (state.get("answers") or {}).items():
        q = known.get(qid)
        if q is None:
            dropped.append(qid)
            continue
        try:
            interview.answers[qid] = interview.kind(q).restore(value)
        except (AnswerError, ValueError):
            dropped.append(qid)
    for path, value in (state.get("given") or {}).items():
        try:
            interview.given[path] = interview.check_field(path, value)
        except (AnswerError, StopIteration):
            dropped.append(path)
    interview.prior = dict(state.get("prior") or {})
    when = state.get("prior_assessed_on")
    interview.prior_assessed_on = parse_date(when) if when else None
    interview.given_from = state.get("given_from") or interview.given_from
    return dropped
