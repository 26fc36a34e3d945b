"""One run of `careerplan assess`: gather answers (prompts, files, flags, a draft), save the
profile, then show the plan.

The pieces it wires, all in this package: interview.py (state and order), sources.py
(--answers, --set), drafts.py (autosave and resume), prompts.py (the terminal, imported
only when asking). The command (careerplan/cli/assess.py) hands in how to load the
catalogue and show a plan, so nothing here imports the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from careerplan import clock, wording
from careerplan.assess.drafts import (
    Draft,
    delete_draft,
    interview_state,
    load_draft,
    restore_interview,
    save_draft,
)
from careerplan.assess.interview import Interview, conduct
from careerplan.assess.sources import apply_answers_file, apply_set, overridden
from careerplan.errors import CareerplanError, InputError, Interrupted, OutputError

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.assess.ui import UI
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.plan import Plan
    from careerplan.model.profile import Profile

LoadCatalogue = Callable[[list[Path] | None], "Catalogue"]
"""Reads the catalogue, with the organisation folders given (cli.common.load)."""

ShowPlan = Callable[["Profile", "Catalogue", "Console"], "Plan"]
"""Builds the plan for a profile and prints it (cli.plan.show_plan)."""

NOT_A_TERMINAL = (
    "assess asks its questions in a terminal, and input is not one; in a script, give the "
    "answers with --answers FILE (a profile) and --set key=value, and add --no-input"
)


@dataclass
class AssessOptions:
    out: Path | None = None
    force: bool = False
    resume: bool = False
    from_profile: Path | None = None
    answers: Path | None = None
    sets: list[str] = field(default_factory=list)
    no_input: bool = False
    catalogue: list[Path] | None = None
    plain: bool = False  # ask line by line (assess --plain, TERM=dumb)


@dataclass
class Outcome:
    path: Path
    profile: Profile
    catalogue: Catalogue
    interactive: bool
    ui: UI | None = None


def default_out(today: dt.date, folder: Path | None = None) -> Path:
    """`profile-YYYY-MM-DD.yaml` in the current folder, numbered if that name is taken."""
    return _free_name(f"profile-{today.isoformat()}", ".yaml", folder)


def check_out(path: Path, *, force: bool, interactive: bool) -> None:
    """Fail before the questions, not after, if the profile could not be written."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give --out a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"{path}: the folder {parent} does not exist; create it first or choose another --out"
        )
    if path.exists() and not force and not interactive:
        raise OutputError(
            f"{path}: already exists; use --force to replace it, or choose another --out"
        )


def run_assess(
    opts: AssessOptions,
    *,
    console: Console,
    terminal: bool,
    load: LoadCatalogue,
    today: dt.date | None = None,
    ui: UI | None = None,
) -> Outcome:
    """Run the assessment; `terminal` says whether stdin is a terminal we may prompt on;
    `load` reads the catalogue (with any organisation folders) named by --catalogue."""
    today = today or clock.today()
    interactive = terminal and not opts.no_input
    if not terminal and not opts.no_input and not (opts.answers or opts.sets or opts.resume):
        raise InputError(NOT_A_TERMINAL)
    if opts.out is not None:
        check_out(opts.out, force=opts.force, interactive=interactive)

    cat = load(opts.catalogue)
    interview = Interview(cat.assessment, today=today)
    run = _Run(opts, console, interview, today, interactive)
    if interactive and not opts.resume:
        ui = ui or _ui(console, plain=opts.plain)
    run.draft = _open_draft(opts, console, interactive, ui)
    run.resumed = _restore(run)
    _apply_sources(run)

    out = opts.out
    if out is None and run.draft_options.get("out"):
        out = Path(run.draft_options["out"])
        check_out(out, force=opts.force, interactive=interactive)
    if not interactive:
        return _finish_without_asking(run, out, cat)
    return _ask_and_save(run, ui or _ui(console, plain=opts.plain), out, cat)


@dataclass
class _Run:
    """One run's state, passed between its steps."""

    opts: AssessOptions
    console: Console
    interview: Interview
    today: dt.date
    interactive: bool
    draft: Draft | None = None
    draft_options: dict[str, Any] = field(default_factory=dict)
    resumed: int = 0
    previous: str | None = None


def _open_draft(
    opts: AssessOptions, console: Console, interactive: bool, ui: UI | None
) -> Draft | None:
    """The unfinished assessment to carry on: asked for (--resume), or offered."""
    if opts.resume:
        draft = load_draft()
        if draft is None:
            raise InputError(
                "there is no unfinished assessment to resume; start one with `careerplan assess`"
            )
        return draft
    if not interactive or ui is None:
        return None
    try:
        draft = load_draft()
    except InputError as exc:
        console.print(f"Note: {exc}. Starting a new assessment.")
        return None
    if draft is None:
        return None
    try:
        keep = ui.offer_resume(draft.summary())
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(
            "stopped; the unfinished answers are still saved: "
            "`careerplan assess --resume` continues them"
        ) from None
    if not keep:
        delete_draft()
        return None
    return draft


def _restore(run: _Run) -> int:
    """Load the draft's answers into the interview; how many were answered."""
    if run.draft is None:
        return 0
    dropped = restore_interview(run.interview, run.draft.state)
    run.draft_options = dict(run.draft.options)
    run.previous = run.draft_options.get("previous")
    if dropped:
        run.console.print(
            f"Note: {len(dropped)} saved answers no longer fit the questions "
            f"and will be asked again ({', '.join(dropped)})."
        )
    return run.interview.answered_count()


def _apply_sources(run: _Run) -> None:
    """Last time's profile (--from), an answers file (--answers) and --set, in that order."""
    opts, interview = run.opts, run.interview
    if opts.from_profile is not None:
        from careerplan.store.profiles import load_profile

        last = load_profile(opts.from_profile, interview.vocab.ids(), run.today)
        interview.use_prior(last)
        run.previous = f"{opts.from_profile}, assessed {wording.date(last.assessed_on)}"
    if opts.answers is not None:
        from careerplan.store.yamlio import load_yaml

        doc = load_yaml(opts.answers, what="answers file")
        apply_answers_file(interview, doc, skip=overridden(interview, list(opts.sets)))
    for expr in opts.sets:
        understood = apply_set(interview, expr)
        if understood:
            run.console.print(f"--set {escape(expr)}: understood as {escape(understood)}")


def _finish_without_asking(run: _Run, out: Path | None, cat: Catalogue) -> Outcome:
    interview = run.interview
    if not interview.is_complete():
        if not run.opts.no_input:
            names = ", ".join(s.question.field for s in interview.missing())
            raise InputError(
                f"input is not a terminal and these answers are missing: "
                f"{names}; add them to --answers FILE or --set key=value, and "
                "add --no-input"
            )
        interview.profile(run.today)  # raises, naming every missing question
    profile = interview.profile(run.today)
    path = out or default_out(run.today)
    _write(path, profile, _scale(cat), force=run.opts.force)
    if run.draft is not None:
        delete_draft()
    return Outcome(path, profile, cat, interactive=False)


def _ask_and_save(run: _Run, ui: UI, out: Path | None, cat: Catalogue) -> Outcome:
    interview = run.interview
    options = {"out": str(out) if out else None, "previous": run.previous}
    started = (
        run.draft.started
        if run.draft is not None and run.draft.started
        else dt.datetime.now().replace(microsecond=0).isoformat()
    )

    def autosave(iv: Interview) -> None:
        state = interview_state(iv)
        save_draft(Draft(state, options, answered=iv.answered_count(), started=started))

    ui.welcome(
        interview.planned_total(),
        interview.sections(),
        resumed=run.resumed,
        previous=run.previous,
        given_from=interview.given_from if interview.given else None,
    )
    try:
        conduct(interview, ui, autosave)
        profile = interview.profile(run.today)
        path = _save_interactively(ui, run.console, profile, out, _scale(cat), force=run.opts.force)
    except (KeyboardInterrupt, EOFError):
        answered = interview.answered_count()
        if answered or interview.given or interview.prior:
            autosave(interview)
            saved = wording.plural(answered, "answer")
            raise Interrupted(
                f"stopped. Your {saved} {wording.noun(answered, 'is', 'are')} saved; "
                "carry on with `careerplan assess --resume`"
            ) from None
        raise Interrupted(
            "stopped before any answers; run `careerplan assess` to start again"
        ) from None
    delete_draft()
    return Outcome(path, profile, cat, interactive=True, ui=ui)


def _ui(console: Console, *, plain: bool = False) -> UI:
    if plain:
        from careerplan.assess.plain import PlainUI

        return PlainUI(console)
    from careerplan.assess.prompts import QuestionaryUI

    return QuestionaryUI(console)


def _scale(cat: Catalogue) -> dict[int, str]:
    return {level.value: level.label for level in cat.assessment.scale}


def _write(path: Path, profile: Profile, scale: dict[int, str], *, force: bool) -> Path:
    from careerplan.store.files import write_atomic
    from careerplan.store.profiles import profile_yaml

    return write_atomic(path, profile_yaml(profile, scale), force=force, private=True)


def _save_interactively(
    ui: UI,
    console: Console,
    profile: Profile,
    out: Path | None,
    scale: dict[int, str],
    *,
    force: bool,
) -> Path:
    def write(path: Path, replace: bool) -> Path:
        return _write(path, profile, scale, force=replace)

    return save_asking(ui, console, default_out(profile.assessed_on), out, write, force=force)


def save_asking(
    ui: UI,
    console: Console,
    default: Path,
    out: Path | None,
    write: Callable[[Path, bool], Path],
    *,
    force: bool,
    message: str = "Save your profile as",
) -> Path:
    """Ask where to save (unless `out`), ask before replacing a file, and ask again when it
    cannot be written; `write(path, replace)` writes it."""
    path = out
    while True:
        if path is None:
            path = ui.ask_path(default, message)
        replace = force
        if path.exists() and not force:
            replace = ui.confirm(
                f"{path} already exists. Replace it?",
                default=False,
                help="Choose No to save under another name.",
            )
            if not replace:
                path = None
                continue
        try:
            return write(path, replace)
        except OutputError as exc:
            console.print(f"[red]Could not save:[/red] {escape(str(exc))}")
            path = None


def after_save(outcome: Outcome, console: Console, show_plan: ShowPlan) -> None:
    """Say where the profile is, show the plan for it and offer it as markdown."""
    import shlex

    shown = escape(str(outcome.path))
    path = escape(shlex.quote(str(outcome.path)))  # as typed in a shell
    say = partial(console.print, soft_wrap=True)  # commands stay whole, for copying
    if not outcome.interactive:
        say(f"Saved the profile to {shown}")
        return
    say()
    say(f"Saved your profile to [bold]{shown}[/bold] (readable by you only).")
    console.print()
    plan = show_plan(outcome.profile, outcome.catalogue, console)
    exported = _offer_markdown(plan, outcome, console)
    say()
    say("Next steps:")
    if not exported:
        say("  Save the plan as markdown for your mentor or appraisal:")
        say(f"    careerplan plan {path} --out plan.md")
        say("  Keep the plan's data, for reviews and next year's plan:")
        say(f"    careerplan plan {path} --save plan.yaml")
    say("  See your answers again, with a chart of your ratings:")
    say(f"    careerplan profile show {path}")


def _offer_markdown(plan: Plan, outcome: Outcome, console: Console) -> bool:
    """Offer to write the plan as markdown; True if it was written."""
    from careerplan.render.export import export_plan

    ui = outcome.ui
    if ui is None:
        return False
    today = outcome.profile.assessed_on
    try:
        if not ui.confirm(
            "Save this plan as markdown, for your mentor or appraisal?", default=True
        ):
            return False
        while True:
            target = ui.ask_path(
                _free_name(f"plan-{today.isoformat()}", ".md"), message="Save the plan as"
            )
            if target.exists() and not ui.confirm(
                f"{target} already exists. Replace it?", default=False
            ):
                continue
            try:
                export_plan(
                    plan, target, to="md", force=True, assessment=outcome.catalogue.assessment
                )
            except CareerplanError as exc:
                console.print(f"[red]Could not save:[/red] {escape(str(exc))}")
                continue
            break
    except (KeyboardInterrupt, EOFError):
        console.print()
        return False
    console.print(f"Saved the plan to [bold]{escape(str(target))}[/bold].")
    _save_data_beside(plan, target, console)
    return True


def _save_data_beside(plan: Plan, export: Path, console: Console) -> None:
    """Markdown cannot be read back: keep the plan's data beside it (same name, .yaml) for
    `review`, `status` and next year's `--previous`, unless a file of that name exists."""
    from careerplan.store.planfile import save_plan

    data = export.with_suffix(".yaml")
    try:
        save_plan(plan, data, force=False)
    except CareerplanError as exc:
        console.print(f"The plan's data was not saved beside it: {escape(str(exc))}")
        return
    console.print(
        f"Saved the plan's data to [bold]{escape(str(data))}[/bold], for "
        f"`careerplan review` and `careerplan status`."
    )


def _free_name(stem: str, suffix: str, folder: Path | None = None) -> Path:
    folder = folder or Path(".")
    name = folder / f"{stem}{suffix}"
    n = 2
    while name.exists():
        name = folder / f"{stem}-{n}{suffix}"
        n += 1
    return name
