"""Plans for many people at once (`careerplan plan --batch DIR`), and reading a folder of
plans or profiles (`careerplan summary DIR`).

One broken file never stops the others: each failure is kept with its message and
reported at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careerplan.catalogue import Catalogue
from careerplan.errors import AlreadyExists, CareerplanError, InputError, OutputError
from careerplan.plan import Plan

INPUT_SUFFIXES = (".yaml", ".yml", ".json")
EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json", "yaml": ".yaml"}


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

    @property
    def ok(self) -> bool:
        return not self.failed


def input_files(folder: Path) -> list[Path]:
    """The YAML and JSON files directly inside `folder`, in name order (hidden ones left out)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: is not a folder; give the folder that holds the profiles")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise InputError(
            f"{folder}: has no .yaml, .yml or .json files to read (profiles, or "
            "plans saved as YAML or JSON)"
        )
    return files


def error_text(exc: BaseException) -> str:
    if isinstance(exc, CareerplanError):
        return "\n".join(exc.lines())
    return f"unexpected error ({type(exc).__name__}: {exc}); please report it"


def output_path(out_dir: Path, source: Path, fmt: str) -> Path:
    return Path(out_dir) / f"{source.stem}-plan{EXTENSIONS[fmt]}"


def load_plan_or_profile(
    path: Path, catalogue: Catalogue, *, today: dt.date, build: Callable[..., Plan], **options
) -> Plan:
    """A saved plan as it is, or a plan built from a profile."""
    from careerplan.plan import validate_plan
    from careerplan.profile import validate_profile
    from careerplan.yamlio import load_yaml

    doc = load_yaml(Path(path), what="profile or plan")
    vocab = catalogue.vocab.ids()
    if isinstance(doc.data, dict) and "items" in doc.data and "profile" in doc.data:
        return validate_plan(doc.data, doc, vocab)
    profile = validate_profile(doc.data, doc, vocab, today)
    return build(profile, catalogue, today=today, **options)


def run_batch(
    files: list[Path],
    *,
    make: Callable[[Path], Plan],
    write: Callable[[Path, Plan], Path],
    step: Callable[[Path], None] = lambda _p: None,
) -> BatchResult:
    """make(file) -> Plan and write(file, plan) -> written path, for each file in turn."""
    result = BatchResult()
    for path in files:
        try:
            plan = make(path)
            result.written.append(write(path, plan))
            result.plans.append((path, plan))
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # one broken profile must not stop the others
            exists = Path(exc.path) if isinstance(exc, AlreadyExists) else None
            result.failed.append(Failure(path, error_text(exc), exists))
        finally:
            step(path)
    return result


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


def with_mentor(plan: Plan, mentor: str | None) -> Plan:
    """The plan with the mentor's name recorded (exports then show "agreed with")."""
    if not mentor or not mentor.strip():
        return plan
    return plan.model_copy(update={"mentor": mentor.strip()})


def make_out_dir(out_dir: Path) -> None:
    """Create the output folder (and its parents) if it is not there yet."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            f"{out_dir}: is a file, not a folder; give --out-dir a folder to write the plans to"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: could not create the output folder ({exc.strerror or exc})"
        ) from exc


def plan_folder(
    folder: Path,
    out_dir: Path,
    fmt: str,
    catalogue: Catalogue,
    *,
    today: dt.date,
    build: Callable[..., Plan],
    render: Callable[[Plan, str], str | bytes],
    force: bool = False,
    mentor: str | None = None,
    start: Callable[[int], None] = lambda _n: None,
    step: Callable[[Path], None] = lambda _p: None,
    **options,
) -> tuple[list[Path], BatchResult]:
    """A plan for every profile in `folder`, each written to `out_dir` as `fmt`."""
    from careerplan.files import write_atomic

    files = input_files(folder)
    out_dir = Path(out_dir)
    make_out_dir(out_dir)
    start(len(files))

    def make(path: Path) -> Plan:
        plan = load_plan_or_profile(path, catalogue, today=today, build=build, **options)
        return with_mentor(plan, mentor)

    def write(path: Path, plan: Plan) -> Path:
        return write_atomic(
            output_path(out_dir, path, fmt), render(plan, fmt), force=force, private=True
        )

    return files, run_batch(files, make=make, write=write, step=step)
