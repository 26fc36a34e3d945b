"""careerplan's commands: name -> where it is defined, and its one line in `careerplan --help`.

The root group (careerplan/cli/root.py) loads a command's module only when the command is
run (careerplan/cli/lazy.py); its help lists every command from this table alone. A test
keeps each summary equal to the first paragraph of the command's own help
(tests/test_import_discipline.py). To add a command: write its module with a
`typer.Typer` of its own (careerplan.cli.lazy.command_app), and add a line here.
"""

from __future__ import annotations

from typing import Any

from careerplan.cli.lazy import Lazy

# In the order `careerplan --help` lists them.
COMMANDS: dict[str, Lazy] = {
    "assess": Lazy(
        "careerplan.cli.assess",
        "assess_app",
        "Answer the self-assessment and save your profile (about ten minutes).",
    ),
    "compare": Lazy(
        "careerplan.cli.compare",
        "compare_app",
        "Show how self-ratings, goals and stage changed between assessments.",
    ),
    "export": Lazy(
        "careerplan.cli.export",
        "export_app",
        "Export a saved plan: Word, PDF, HTML, markdown, toolkit CSV or text, data or calendar.",
    ),
    "form": Lazy(
        "careerplan.cli.form",
        "form_app",
        "Write the self-assessment as one web page to send to someone without careerplan.",
    ),
    "plan": Lazy(
        "careerplan.cli.plan",
        "plan_app",
        "Make a personalised, explained, phased development plan from a profile.",
    ),
    "review": Lazy(
        "careerplan.cli.review",
        "review_app",
        "Record progress on a saved plan: each item's status, with a dated history and notes.",
    ),
    "status": Lazy(
        "careerplan.cli.review",
        "status_app",
        "Show progress on a saved plan at a glance: per phase and overall, what is overdue, "
        "hours spent against plan, and the next review date.",
    ),
    "summary": Lazy(
        "careerplan.cli.summary",
        "summary_app",
        "Summarise a directorate's development needs for a business case: areas of greatest "
        "need (a heat map), demand per opportunity, hours and cost by quarter, what the "
        "apprenticeship levy could fund, and who has no peer support or mentor.",
    ),
    "catalogue": Lazy(
        "careerplan.cli.catalogue",
        "catalogue_app",
        "Browse and check the catalogue of development opportunities.",
    ),
    "config": Lazy(
        "careerplan.cli.config",
        "config_app",
        "Your settings: a mentor name, your organisation's catalogue folders and an export "
        "folder, kept in a small file so you need not retype them. Options on the command "
        "line always win.",
    ),
    "profile": Lazy(
        "careerplan.cli.profile",
        "profile_app",
        "Check, show and describe profile files (the answers of an assessment).",
    ),
}


def load_all() -> None:
    """Import every command's module (before a fork, say)."""
    for entry in COMMANDS.values():
        __import__(entry.module)


def leaf_commands() -> dict[str, Any]:
    """Every command that runs, loaded, by its words after `careerplan`: "plan",
    "catalogue list" … (for tests, and for tools that document or check the commands)."""
    import typer.main

    from careerplan.cli.root import app

    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        if not hasattr(command, "list_commands"):
            found[" ".join(path)] = command
            return
        for name in command.list_commands(None):
            walk(command.get_command(None, name), [*path, name])

    walk(typer.main.get_command(app), [])
    return found
