"""A command group that imports a command's module only when that command is run.

In the manner of hatch's `cli/lazy.py` and pip's `commands/__init__.py`: the group knows
its commands from a table (careerplan/cli/commands.py) of name -> module, attribute and
one-line summary. Running `careerplan plan` imports careerplan.cli.plan and nothing of the
other commands; the root's help and the shell's list of commands are drawn from the
summaries, with no command module imported at all. A test keeps the summaries equal to
each command's own help (tests/test_import_discipline.py).

Each command module builds its command on a `typer.Typer` of its own (one command, or a
group of subcommands); nothing registers itself anywhere as an import side effect.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup


class Lazy(NamedTuple):
    """Where a command is defined, and what the root's help says of it."""

    module: str  # careerplan.cli.plan
    attribute: str  # the module's typer.Typer holding the command
    summary: str  # the first paragraph of the command's help, as the root's help shows it


class LazyGroup(TyperGroup):
    """A TyperGroup whose commands are loaded from `lazy_commands` on first use.

    Until then each is held as a stand-in that carries only its summary: enough for the
    root's help, the shell's list of commands and typer's "Did you mean …?"."""

    lazy_commands: Mapping[str, Lazy] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._summaries_only = False
        for name, entry in self.lazy_commands.items():
            self.commands.setdefault(name, _NotLoaded(name, entry))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if isinstance(command, _NotLoaded) and not self._summaries_only:
            command = self.commands[cmd_name] = load(cmd_name, command.entry)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._summaries():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._summaries():
            return super().shell_complete(ctx, incomplete)

    @contextlib.contextmanager
    def _summaries(self) -> Iterator[None]:
        """Within: get_command gives a command not loaded yet as its stand-in."""
        before, self._summaries_only = self._summaries_only, True
        try:
            yield
        finally:
            self._summaries_only = before


class _NotLoaded(TyperCommand):
    """A command whose module is not imported yet: its name and summary, nothing to run."""

    def __init__(self, name: str, entry: Lazy) -> None:
        super().__init__(name=name, help=entry.summary)
        self.entry = entry


def load(name: str, entry: Lazy) -> Any:
    """The click command for `name`: its module imported, its typer.Typer built."""
    # __import__ rather than importlib.import_module: `python -X importtime`, which the
    # benchmark and the import tests read, sees only imports made this way.
    __import__(entry.module)
    import sys

    commands = getattr(sys.modules[entry.module], entry.attribute)
    if not isinstance(commands, typer.Typer):
        raise TypeError(f"{entry.module}.{entry.attribute} is not a typer.Typer")
    command = typer.main.get_command(commands)
    command.name = name
    return command


def command_app(**settings: Any) -> typer.Typer:
    """The typer.Typer a command module builds its command (or group of subcommands) on:
    help in markdown like the root's, and no completion options of its own (the root has
    --install-completion and --show-completion)."""
    return typer.Typer(add_completion=False, rich_markup_mode="markdown", **settings)
