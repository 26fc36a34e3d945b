"""The parts of `careerplan plan` for mentors and the next cycle: `--batch DIR --out-dir OUT`
(a plan for every profile, with a progress bar) and `--previous OLD_PLAN` (carry forward).

Kept apart from cli/plan.py so that the plan command itself stays short.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from careerplan.engine.planner import Overrides
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.plan import Plan
    from careerplan.model.profile import Profile

BATCH_FORMATS = ("md", "html", "json", "yaml")


def run_batch_command(
    folder: Path,
    out_dir: Path | None,
    fmt: str,
    catalogue: Catalogue,
    *,
    today: dt.date,
    force: bool,
    mentor: str | None,
    profile: Path | None = None,
    previous: Path | None = None,
    save: Path | None = None,
    out: Path | None = None,
    template: Path | None = None,
    overrides: Overrides | None = None,
    jobs: int | None = None,
) -> None:
    """Plan every profile in `folder` into `out_dir`; exit 1 if any could not be planned."""
    from careerplan.cli.common import console
    from careerplan.errors import CareerplanError, InputError
    from careerplan.mentor.batch import BatchOptions, failure_report, plan_folder, write_summary
    from careerplan.mentor.workers import default_jobs
    from careerplan.textsafe import terminal
    from careerplan.wording import plural

    clashing = [
        flag
        for flag, value in (
            ("--profile", profile),
            ("--previous", previous),
            ("--save", save),
            ("--out", out),
        )
        if value is not None
    ]
    if clashing:
        raise InputError(
            f"--batch plans a whole folder, so leave out {', '.join(clashing)} "
            "(each plan goes to --out-dir)"
        )
    if out_dir is None:
        raise InputError(
            "--batch needs --out-dir OUT, the folder to write the plans to (or export_dir "
            "in the settings file: `careerplan config init`)"
        )
    if fmt not in BATCH_FORMATS:
        raise InputError(f"--to {fmt}: a batch writes one of {', '.join(BATCH_FORMATS)}")
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs {jobs}: give the number of worker processes, 1 or more")
    options = BatchOptions(
        today=today,
        fmt=fmt,
        force=force,
        mentor=mentor,
        overrides=overrides,
        template=template,
        jobs=default_jobs() if jobs is None else jobs,
    )
    bar = BatchProgress(console(stderr=True))
    with bar.progress:
        files, result = plan_folder(
            folder, out_dir, catalogue, options, start=bar.start, step=bar.step
        )
    people = len(files) - len(result.skipped)
    lines = failure_report(result, people)
    typer.echo(terminal(f"{lines[0][:-1]} to {out_dir}."))
    failed = bool(result.failed)
    if result.plans:
        try:
            path = write_summary(result, out_dir, catalogue, options)
            typer.echo(
                terminal(
                    f"Summary of {plural(len(result.plans), 'plan')} (no individual ratings): "
                    f"{path}"
                )
            )
        except CareerplanError as exc:
            lines.insert(1, f"The summary was not written: {exc}")
            failed = True
    for line in lines[1:]:  # file names and messages from other people's files: escaped
        typer.echo(terminal(line), err=True)
    if failed:
        raise typer.Exit(1)


class BatchProgress:
    """The batch's progress bar: count, elapsed time and time left, and the file just done.

    Redrawn from this process as plans finish (at most ten times a second), never from a
    thread of its own: the batch's worker processes are forked, and a fork must not copy
    a thread that is part way through drawing."""

    def __init__(self, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("Planning"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            TextColumn("{task.description}", markup=False),  # a file name "[/]" is not markup
            console=console,
            transient=True,
            auto_refresh=False,
        )
        self.task: Any = None
        self.drawn = 0.0

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("", total=total)
        self.progress.refresh()

    def step(self, path: Path) -> None:
        if self.task is None:
            return
        from careerplan.textsafe import terminal

        self.progress.update(self.task, advance=1, description=terminal(path.name))
        now = time.monotonic()
        if now - self.drawn >= 0.1:
            self.drawn = now
            self.progress.refresh()


def carry_from(
    previous: Path, profile: Profile, catalogue: Catalogue, *, today: dt.date, **options
) -> Plan:
    """Next year's plan for `profile`, carrying forward from the plan saved at `previous`."""
    from careerplan.engine.planner import build_plan
    from careerplan.review.carry_forward import name_mismatch, next_plan
    from careerplan.store.planfile import check_not_export, load_plan

    check_not_export(previous)
    old = load_plan(previous, catalogue.vocab.ids())
    warning = name_mismatch(profile, old)
    if warning:  # names from two files: shown, not obeyed
        from careerplan.textsafe import terminal

        typer.echo(terminal(f"careerplan: warning: {warning}"), err=True)
    return next_plan(
        profile,
        catalogue,
        old,
        today=today,
        build=build_plan,
        source=f"previous plan: {previous.name}",
        **options,
    )
