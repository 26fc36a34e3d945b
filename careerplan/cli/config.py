"""`careerplan config …`: the settings file (mentor name, catalogue folders, export folder)."""

from __future__ import annotations

import typer

from careerplan.cli.lazy import command_app
from careerplan.cli.options import ForceOption, TerminalOrJsonOption, TodayOption, terminal_or_json

config_app = command_app(
    help="Your settings: a mentor name, your organisation's catalogue folders and an export "
    "folder, kept in a small file so you need not retype them. Options on the command line "
    "always win.\n\n"
    "Example: careerplan config show",
    no_args_is_help=True,
)


@config_app.command()
def path(today: TodayOption = None) -> None:
    """Print where the settings file is (or would be): the platform's config folder, or
    $CAREERPLAN_CONFIG.

    Example: careerplan config path
    """
    from careerplan.store.config import config_path

    typer.echo(str(config_path()))


@config_app.command()
def show(
    to: TerminalOrJsonOption = "terminal",
    today: TodayOption = None,
) -> None:
    """Show each setting, its value and what it does, and where the file is.

    Example: careerplan config show
    """
    from careerplan.store.config import SETTINGS, settings

    fmt = terminal_or_json(to)
    found = settings()
    values = {
        "mentor": found.mentor,
        "catalogue": [str(f) for f in found.catalogue],
        "export_dir": str(found.export_dir) if found.export_dir else None,
    }
    if fmt == "json":
        from careerplan.store.yamlio import dump_json

        typer.echo(dump_json({"file": str(found.path), "exists": found.exists, **values}), nl=False)
        return
    if found.exists:
        typer.echo(f"Settings file: {found.path}")
    else:
        typer.echo(
            f"Settings file: {found.path} (not there yet; `careerplan config init` writes one "
            "to fill in)"
        )
    for key, what in SETTINGS.items():
        value = values[key]
        shown = ", ".join(value) if isinstance(value, list) else value
        typer.echo(f"\n{key} = {shown or '(not set)'}\n  {what}")


@config_app.command()
def init(force: ForceOption = False, today: TodayOption = None) -> None:
    """Write a settings file to fill in, every setting explained and commented out
    (readable by you alone; never over an existing file without --force).

    Example: careerplan config init
    """
    from careerplan.errors import OutputError
    from careerplan.store.config import config_path, template
    from careerplan.store.files import make_private_dir, write_atomic

    where = config_path()
    try:
        make_private_dir(where.parent)
    except OSError as exc:
        raise OutputError(f"{where.parent}: cannot create the folder ({exc.strerror})") from None
    write_atomic(where, template(), force=force, private=True)
    typer.echo(f"Wrote {where}: remove the # before a setting to use it.")
