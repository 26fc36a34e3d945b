"""One run of `careerplan assess`: gather answers (prompts, files, flags, a draft), save the
profile, then point to the plan.

The pieces it wires: interview.py (the logic), prompts.py (the terminal, imported only
when asking), drafts.py (autosave and resume), profile.py and files.py (the output).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerplan.errors import CareerplanError, InputError, Interrupted, OutputError
from careerplan.interview import Interview, apply_answers_file, apply_set, conduct

if TYPE_CHECKING:
    from rich.console import Console

    from careerplan.catalogue import Catalogue
    from careerplan.profile import Profile

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


@dataclass
class Outcome:
    path: Path
    profile: Profile
    catalogue: Catalogue
    interactive: bool
    ui: Any = None


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
    today: dt.date | None = None,
    ui: Any = None,
) -> Outcome:
    """Run the assessment; `terminal` says whether stdin is a terminal we may prompt on."""
    from careerplan.cli.common import load
    from careerplan.drafts import Draft, delete_draft, load_draft, save_draft
    from careerplan.profile import load_profile

    today = today or dt.date.today()
    interactive = terminal and not opts.no_input
    if not terminal and not opts.no_input and not (opts.answers or opts.sets or opts.resume):
        raise InputError(NOT_A_TERMINAL)
    if opts.out is not None:
        check_out(opts.out, force=opts.force, interactive=interactive)

    cat = load(opts.catalogue)
    interview = Interview(cat.assessment, today=today)
    draft_options: dict[str, Any] = {}
    resumed = 0
    draft = None
    if opts.resume:
        draft = load_draft()
        if draft is None:
            raise InputError(
                "there is no unfinished assessment to resume; start one with `careerplan assess`"
            )
    elif interactive:
        try:
            draft = load_draft()
        except InputError as exc:
            console.print(f"Note: {exc}. Starting a new assessment.")
            draft = None
        if draft is not None:
            ui = ui or _ui(console)
            try:
                keep = ui.offer_resume(draft.summary())
            except (KeyboardInterrupt, EOFError):
                raise Interrupted(
                    "stopped; the unfinished answers are still saved: "
                    "`careerplan assess --resume` continues them"
                ) from None
            if not keep:
                delete_draft()
                draft = None
    if draft is not None:
        dropped = interview.restore(draft.state)
        draft_options = dict(draft.options)
        resumed = interview.answered_count()
        if dropped:
            console.print(
                f"Note: {len(dropped)} saved answers no longer fit the questions "
                f"and will be asked again ({', '.join(dropped)})."
            )

    previous = draft_options.get("previous")
    if opts.from_profile is not None:
        last = load_profile(opts.from_profile, cat.vocab.ids(), today)
        interview.use_prior(last)
        previous = f"{opts.from_profile}, assessed {last.assessed_on.isoformat()}"
    if opts.answers is not None:
        from careerplan.yamlio import load_yaml

        apply_answers_file(interview, load_yaml(opts.answers, what="answers file"))
    for expr in opts.sets:
        apply_set(interview, expr)

    out = opts.out
    if out is None and draft_options.get("out"):
        out = Path(draft_options["out"])
        check_out(out, force=opts.force, interactive=interactive)

    if not interactive:
        if not interview.is_complete():
            if not opts.no_input:
                names = ", ".join(s.question.field for s in interview.missing())
                raise InputError(
                    f"input is not a terminal and these answers are missing: "
                    f"{names}; add them to --answers FILE or --set key=value, and "
                    "add --no-input"
                )
            interview.profile(today)  # raises, naming every missing question
        profile = interview.profile(today)
        path = out or default_out(today)
        _write(path, profile, force=opts.force)
        if draft is not None:
            delete_draft()
        return Outcome(path, profile, cat, interactive=False)

    ui = ui or _ui(console)
    draft_options = {"out": str(out) if out else None, "previous": previous}

    started = (
        draft.started
        if draft is not None and draft.started
        else dt.datetime.now().replace(microsecond=0).isoformat()
    )

    def autosave(iv: Interview) -> None:
        save_draft(
            Draft(
                state=iv.to_data(),
                options=draft_options,
                answered=iv.answered_count(),
                started=started,
            )
        )

    total = sum(1 for _ in interview.steps())
    ui.welcome(
        total,
        interview.sections(),
        resumed=resumed,
        previous=previous,
        given_from=interview.given_from if interview.given else None,
    )
    try:
        conduct(interview, ui, autosave)
        profile = interview.profile(today)
        path = _save_interactively(ui, console, profile, out, force=opts.force, today=today)
    except (KeyboardInterrupt, EOFError):
        answered = interview.answered_count()
        if answered or interview.given or interview.prior:
            autosave(interview)
            saved = "1 answer is" if answered == 1 else f"{answered} answers are"
            raise Interrupted(
                f"stopped. Your {saved} saved; carry on with `careerplan assess --resume`"
            ) from None
        raise Interrupted(
            "stopped before any answers; run `careerplan assess` to start again"
        ) from None
    delete_draft()
    return Outcome(path, profile, cat, interactive=True, ui=ui)


def _ui(console: Console) -> Any:
    from careerplan.prompts import QuestionaryUI

    return QuestionaryUI(console)


def _write(path: Path, profile: Profile, *, force: bool) -> Path:
    from careerplan.files import write_atomic
    from careerplan.profile import profile_yaml

    return write_atomic(path, profile_yaml(profile), force=force, private=True)


def _save_interactively(
    ui: Any, console: Console, profile: Profile, out: Path | None, *, force: bool, today: dt.date
) -> Path:
    path = out
    while True:
        if path is None:
            path = ui.ask_path(default_out(today))
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
            return _write(path, profile, force=replace)
        except OutputError as exc:
            console.print(f"[red]Could not save:[/red] {exc}")
            path = None


def after_save(outcome: Outcome, console: Console) -> None:
    """Say where the profile is, show the plan for it and offer it as markdown (or say how
    to get them, while the plan engine is not installed)."""
    import shlex

    from rich.markup import escape

    shown = escape(str(outcome.path))
    path = escape(shlex.quote(str(outcome.path)))  # as typed in a shell
    say = partial(console.print, soft_wrap=True)  # commands stay whole, for copying
    if not outcome.interactive:
        say(f"Saved the profile to {shown}")
        return
    say()
    say(f"Saved your profile to [bold]{shown}[/bold] (readable by you only).")
    plan = _show_plan(outcome, console)
    exported = _offer_markdown(plan, outcome, console) if plan is not None else False
    say()
    say("Next steps:")
    if plan is None:
        say("  See your development plan:")
        say(f"    careerplan plan --profile {path}")
    if not exported:
        say("  Save the plan as markdown for your mentor or appraisal:")
        say(f"    careerplan plan --profile {path} --out plan.md")
    say("  Keep the plan's data, for next year's review:")
    say(f"    careerplan plan --profile {path} --save plan.yaml")
    say("  See your answers again, with a chart of your ratings:")
    say(f"    careerplan profile show {path}")


def _show_plan(outcome: Outcome, console: Console) -> Any:
    """Build and print the plan, if the plan engine is installed (it is being written
    alongside this command); None if it is not."""
    try:
        from careerplan.cli.plan import show_plan  # type: ignore[attr-defined]
    except ImportError:
        return None
    console.print()
    return show_plan(outcome.profile, outcome.catalogue, console)


def _offer_markdown(plan: Any, outcome: Outcome, console: Console) -> bool:
    """Offer to write the plan as markdown; True if it was written."""
    try:
        from careerplan.export import export_plan
    except ImportError:
        return False
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
                from rich.markup import escape as _escape

                console.print(f"[red]Could not save:[/red] {_escape(str(exc))}")
                continue
            break
    except (KeyboardInterrupt, EOFError):
        console.print()
        return False
    from rich.markup import escape

    console.print(f"Saved the plan to [bold]{escape(str(target))}[/bold].")
    return True


def _free_name(stem: str, suffix: str, folder: Path | None = None) -> Path:
    folder = folder or Path(".")
    name = folder / f"{stem}{suffix}"
    n = 2
    while name.exists():
        name = folder / f"{stem}-{n}{suffix}"
        n += 1
    return name
