"""Plans for many people at once (`careerplan plan --batch DIR`), and reading a folder of
plans or profiles (`careerplan summary DIR`).

One broken file never stops the others: each failure is kept with its message and
reported at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerplan import textsafe
from careerplan.errors import AlreadyExists, CareerplanError, InputError, OutputError
from careerplan.model.catalogue import Catalogue
from careerplan.model.plan import Plan

if TYPE_CHECKING:
    from careerplan.engine.planner import Overrides

INPUT_SUFFIXES = (".yaml", ".yml", ".json")
EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json", "yaml": ".yaml"}
#: Formats that cannot be read back as a plan: the plan's data is saved beside them.
READ_ONLY_FORMATS = ("md", "html")
#: The longest mentor's name (as in a profile).
MENTOR_MAX = 200


@dataclass(frozen=True)
class BatchOptions:
    """How to plan (and write) a folder: one typed value handed through, not callbacks."""

    today: dt.date
    fmt: str = "md"
    force: bool = False
    mentor: str | None = None
    overrides: Overrides | None = None
    template: Path | None = None
    #: Whether plans say what 'N more hours a month' would let in (costs re-planning;
    #: a summary does not show it).
    what_if_hours: bool = True
    #: Worker processes to plan in (1: all in this process); see careerplan.mentor.workers.
    jobs: int = 1


@dataclass
class Failure:
    path: Path
    message: str
    exists: Path | None = None  # the output file that is already there (no --force)


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    plans: list[tuple[Path, Plan]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # summaries from an earlier batch

    @property
    def ok(self) -> bool:
        return not self.failed


def input_files(folder: Path) -> list[Path]:
    """The YAML and JSON files directly inside `folder`, in name order (hidden ones left out)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: is not a folder; give the folder that holds the profiles")
    visible = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    files = [p for p in visible if p.suffix.lower() in INPUT_SUFFIXES]
    if not files:
        from careerplan.store.planfile import export_hint

        hints = [hint for p in visible if (hint := export_hint(p))]
        also = f"; {hints[0]}" if hints else ""
        raise InputError(
            f"{folder}: has no .yaml, .yml or .json files to read (profiles, or "
            f"plans saved as YAML or JSON){also}"
        )
    return files


def error_text(exc: BaseException) -> str:
    if isinstance(exc, CareerplanError):
        return "\n".join(exc.lines())
    return f"unexpected error ({type(exc).__name__}: {exc}); please report it"


def output_names(files: list[Path]) -> dict[Path, str]:
    """Each input's output name before the suffix: `NAME-plan`, or `NAME-yaml-plan` and
    `NAME-json-plan` where two inputs share a name (a.yaml, a.json), so that neither
    plan replaces the other."""
    stems: dict[str, int] = {}
    for path in files:
        stems[path.stem.lower()] = stems.get(path.stem.lower(), 0) + 1
    return {
        path: (
            f"{path.stem}-{path.suffix.lstrip('.').lower()}-plan"
            if stems[path.stem.lower()] > 1
            else f"{path.stem}-plan"
        )
        for path in files
    }


def output_path(out_dir: Path, source: Path, fmt: str, name: str | None = None) -> Path:
    return Path(out_dir) / f"{name or source.stem + '-plan'}{EXTENSIONS[fmt]}"


def is_summary(data: Any) -> bool:
    """Is this the data of a summary written by `plan --batch --to yaml|json`?"""
    return isinstance(data, dict) and {"people", "left_out", "areas"} <= set(data)


def load_plan_or_profile(path: Path, catalogue: Catalogue, options: BatchOptions) -> Plan | None:
    """A saved plan as it is, a plan built from a profile, or None for a batch's summary."""
    from careerplan.store.planfile import validate_plan
    from careerplan.store.profiles import validate_profile
    from careerplan.store.yamlio import load_yaml

    doc = load_yaml(Path(path), what="profile or plan")
    vocab = catalogue.vocab.ids()
    if isinstance(doc.data, dict) and "items" in doc.data and "profile" in doc.data:
        return validate_plan(doc.data, doc, vocab)
    if is_summary(doc.data):
        return None
    profile = validate_profile(doc.data, doc, vocab, options.today)
    from careerplan.engine.planner import build_plan
    from careerplan.store.feedback_files import feedback_paths, load_feedback

    others = load_feedback(feedback_paths(profile, Path(path), []), profile, catalogue)
    return build_plan(
        profile,
        catalogue,
        today=options.today,
        overrides=options.overrides,
        what_if_hours=options.what_if_hours,
        others=others,
        profile_file=textsafe.shell_word(path),
    )


def run_batch(
    files: list[Path],
    *,
    make: Callable[[Path], Plan | None],
    write: Callable[[Path, Plan], Path],
    step: Callable[[Path], None] = lambda _p: None,
    jobs: int = 1,
) -> BatchResult:
    """make(file) -> Plan (None: not a person's file) and write(file, plan) -> written path,
    for each file: in `jobs` worker processes (see careerplan.mentor.workers), the results taken
    in the files' order, so that the result is the same whatever the number of workers."""
    from careerplan.mentor.workers import ordered_map

    result = BatchResult()
    outcomes = ordered_map(lambda path: _attempt(path, make, write), files, jobs)
    done = 0
    try:
        for path, (written, plan, failure) in zip(files, outcomes, strict=False):
            done += 1
            if failure is not None:
                result.failed.append(failure)
            elif plan is None or written is None:
                result.skipped.append(path)
            else:
                result.written.append(written)
                result.plans.append((path, plan))
            step(path)
    finally:
        if done < len(files):  # interrupted: the file in hand still counts as a step
            step(files[done])
    return result


_Outcome = tuple[Path | None, Plan | None, Failure | None]


def _attempt(
    path: Path, make: Callable[[Path], Plan | None], write: Callable[[Path, Plan], Path]
) -> _Outcome:
    """(written path, plan, None), (None, None, None) for a file that is not a person's,
    or (None, None, Failure): one broken profile must not stop the others."""
    try:
        plan = make(path)
        if plan is None:
            return None, None, None
        return write(path, plan), plan, None
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - one person's failure is listed; the batch goes on
        exists = Path(exc.path) if isinstance(exc, AlreadyExists) else None
        return None, None, Failure(path, error_text(exc), exists)


def failure_report(result: BatchResult, total: int) -> list[str]:
    """'N of M plans written.', then the files left alone and the profiles to fix, each
    listed two spaces in, one problem a line."""
    lines = [f"{len(result.written)} of {total} plans written."]
    existing = [f for f in result.failed if f.exists is not None]
    broken = [f for f in result.failed if f.exists is None]
    if existing:
        if len(existing) == 1:
            lines.append("1 plan already exists and was left as it is; use --force to replace it:")
        else:
            lines.append(
                f"{len(existing)} plans already exist and were left as they are; "
                "use --force to replace them:"
            )
        lines.extend(f"  {f.exists}" for f in existing)
    if broken:
        lines.append(f"{len(broken)} could not be planned; fix these and run again:")
        for failure in broken:
            for line in failure.message.splitlines() or [""]:
                named = line.startswith(str(failure.path))
                lines.append(f"  {line}" if named else f"  {failure.path.name}: {line}")
    return lines


def clean_mentor(mentor: str | None) -> str | None:
    """The mentor's name as one plain line, or InputError (an escape sequence, too long)."""
    from careerplan.model.types import plain_text

    if mentor is None:
        return None
    return plain_text(mentor, "--mentor", one_line=True, most=MENTOR_MAX) or None


def with_mentor(plan: Plan, mentor: str | None) -> Plan:
    """The plan with the mentor's name recorded (exports then show "agreed with")."""
    name = clean_mentor(mentor)
    if not name:
        return plan
    return plan.model_copy(update={"mentor": name})


def make_out_dir(out_dir: Path, folder: Path | None = None) -> None:
    """Create the output folder (and its parents) if it is not there yet; refuse the input
    folder itself (the next run would plan its own outputs)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            f"{out_dir}: is a file, not a folder; give --out-dir a folder to write the plans to"
        )
    if folder is not None and out_dir.is_dir() and out_dir.samefile(folder):
        raise InputError(
            f"--out-dir {out_dir}: is the folder of the profiles; write the plans to "
            "another folder, so that the next run does not read them as profiles"
        )
    try:
        from careerplan.store.files import make_private_dir

        make_private_dir(out_dir)  # plans are personal data: the folder is 0700
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: could not create the output folder ({exc.strerror or exc})"
        ) from exc


def plan_folder(
    folder: Path,
    out_dir: Path,
    catalogue: Catalogue,
    options: BatchOptions,
    *,
    start: Callable[[int], None] = lambda _n: None,
    step: Callable[[Path], None] = lambda _p: None,
) -> tuple[list[Path], BatchResult]:
    """A plan for every profile in `folder`, each written to `out_dir` as `options.fmt`.

    md and html cannot be read back, so each plan's data is saved beside them as YAML
    (for `review`, `status` and `summary`). Two inputs never write the same output.
    `start(n)` and `step(path)` report progress.
    """
    from careerplan.render.export import render
    from careerplan.store.files import write_atomic

    files = input_files(folder)
    out_dir = Path(out_dir)
    make_out_dir(out_dir, folder)
    mentor = clean_mentor(options.mentor)
    names = output_names(files)
    taken: dict[Path, Path] = {}
    start(len(files))

    def make(path: Path) -> Plan | None:
        plan = load_plan_or_profile(path, catalogue, options)
        return None if plan is None else with_mentor(plan, mentor)

    def claim(target: Path, path: Path) -> Path:
        other = taken.setdefault(target, path)
        if other != path:
            raise OutputError(
                f"{target}: was just written for {other.name}; rename one of the two inputs"
            )
        return target

    def write(path: Path, plan: Plan) -> Path:
        target = claim(output_path(out_dir, path, options.fmt, names[path]), path)
        if target.exists() and not options.force:
            raise AlreadyExists(target)
        if options.fmt in READ_ONLY_FORMATS:
            data = claim(output_path(out_dir, path, "yaml", names[path]), path)
            if data.exists() and not options.force:
                raise AlreadyExists(data)
        content = render(
            plan, options.fmt, assessment=catalogue.assessment, template=options.template
        )
        if options.fmt in READ_ONLY_FORMATS:  # the document and its data, or neither
            return write_together(plan, data, target, content, force=options.force)
        return write_atomic(target, content, force=options.force, private=True)

    jobs = options.jobs if not _shared_targets(files, names, out_dir, options.fmt) else 1
    return files, run_batch(files, make=make, write=write, step=step, jobs=jobs)


def _shared_targets(files: list[Path], names: dict[Path, str], out_dir: Path, fmt: str) -> bool:
    """Whether two inputs would write the same output file (`claim` refuses the second):
    such a batch is planned in one process, where `claim` sees every file."""
    targets = [output_path(out_dir, path, fmt, names[path]) for path in files]
    if fmt in READ_ONLY_FORMATS:
        targets += [output_path(out_dir, path, "yaml", names[path]) for path in files]
    return len(set(targets)) < len(targets)


def write_together(
    plan: Plan, data: Path, target: Path, content: str | bytes, *, force: bool
) -> Path:
    """Write a plan's data (`data`, YAML) and its document (`target`, md or html) together
    or not at all: the data first (it is checked to read back before anything is
    written), then the document; if the document cannot be written, the data is put back
    as it was (removed, or its earlier text restored), so no document is ever left
    without the data that `review` and `summary` read, nor data without its document."""
    from careerplan.store.files import write_atomic
    from careerplan.store.planfile import save_plan

    before = _previous_text(data) if force else None
    save_plan(plan, data, force=force)
    try:
        return write_atomic(target, content, force=force, private=True)
    except BaseException:
        with contextlib.suppress(Exception):
            if before is None:
                data.unlink()
            else:
                write_atomic(data, before, force=True, private=True)
        raise


def _previous_text(path: Path) -> bytes | None:
    """The bytes of the regular file at `path` (not through a link), None if there is none."""
    import stat

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_bytes()
    except OSError:
        return None


def write_summary(
    result: BatchResult, out_dir: Path, catalogue: Catalogue, options: BatchOptions
) -> Path:
    """The directorate summary of a batch (no individual ratings), written beside the plans
    as `summary.FMT`; raises CareerplanError if it cannot be written."""
    from careerplan.mentor.summary import summarise
    from careerplan.model.funding import route_ids
    from careerplan.render.summary import summary_text
    from careerplan.store.files import write_atomic

    summary = summarise(
        [(p.stem, plan) for p, plan in result.plans],
        catalogue.vocab,
        advice=catalogue.advice,
        scale={lv.value: lv.label for lv in catalogue.assessment.scale},
        levy_routes=route_ids(catalogue.funding, "levy"),
        left_out=[f.path.name for f in result.failed],
    )
    path = Path(out_dir) / f"summary{EXTENSIONS[options.fmt]}"
    return write_atomic(path, summary_text(summary, options.fmt), force=options.force, private=True)
