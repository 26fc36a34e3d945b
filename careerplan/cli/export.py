"""`careerplan export`: a saved plan as markdown, HTML, Word, JSON, YAML or a calendar file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli import complete, options
from careerplan.cli.common import load, out_path
from careerplan.cli.lazy import command_app
from careerplan.cli.options import (
    CatalogueOption,
    ForceOption,
    FrameworkOption,
    TemplateOption,
    TodayOption,
)

export_app = command_app()


@export_app.command("export")
def export(
    plan: Annotated[
        Path,
        typer.Argument(help="A saved plan (YAML or JSON), as written by `careerplan plan --save`."),
    ],
    to: Annotated[
        str | None,
        options.to(
            "md, html, docx (Word), pdf, json, yaml or ics. Default: from the --out file's "
            "extension; markdown when printing.",
            completion=complete.export_formats,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        options.out("Write to FILE (atomically, readable by you alone). Without it, print."),
    ] = None,
    force: ForceOption = False,
    template: TemplateOption = None,
    by: FrameworkOption = None,
    explain: Annotated[
        bool,
        options.explain(
            "Add an appendix with the arithmetic behind the priorities and each item's "
            "score (md, html, docx, pdf)."
        ),
    ] = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """Export a saved plan: Word, PDF, HTML, markdown, toolkit CSV or text, data or calendar.

    Word, PDF, HTML and markdown open with the personal development plan table in
    appraisal form (each row with the Good medical practice domain it evidences) and a
    paragraph on why each item is there; --explain adds the arithmetic as an appendix. pdf
    prints the HTML with your browser (Edge, Chrome or Chromium; else LibreOffice). csv and
    txt give each item in the fields an appraisal toolkit asks for (need, action, target
    date, how it will be shown, status), to import or paste. ics holds the start and target
    dates and the reviews, with stable ids so that importing again updates rather than
    duplicates. For a medical director the exports add a board appraisal section.

    Example: careerplan export plan.yaml --out plan.docx
    """
    from careerplan.errors import InputError
    from careerplan.render.export import BINARY, export_plan, format_for, render
    from careerplan.store.planfile import check_not_export, load_plan

    check_not_export(plan)
    to_stdout = out is None or str(out) == "-"
    if not to_stdout:
        out = out_path(out)  # a bare file name: into the settings' export folder, if set
    fmt = format_for(None if to_stdout else out, to)
    cat = load(catalogue)
    framework = framework_for(by, cat)
    saved = load_plan(plan, cat.vocab.ids())
    if to_stdout:
        if fmt in BINARY and sys.stdout.isatty():
            raise InputError(
                f"--to {fmt}: a {'PDF' if fmt == 'pdf' else 'Word file'} cannot be shown in "
                f"the terminal; add --out plan.{fmt}"
            )
        content = render(
            saved,
            fmt,
            assessment=cat.assessment,
            template=template,
            frameworks=cat.frameworks,
            by=framework,
            explain=explain,
        )
        if isinstance(content, bytes) and fmt in BINARY:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        typer.echo(content, nl=False)
        return
    assert out is not None
    export_plan(
        saved,
        out,
        to=fmt,
        force=force,
        assessment=cat.assessment,
        template=template,
        frameworks=cat.frameworks,
        by=framework,
        explain=explain,
    )
    typer.echo(f"Wrote {out} ({fmt})", err=True)


def framework_for(by: str | None, cat):
    """The framework `--by` names, or None; an unknown id is one line naming the choices."""
    if by is None:
        return None
    from careerplan.errors import InputError
    from careerplan.model.types import then

    found = cat.frameworks.get(by.strip().lower())
    if found is None:
        ids = cat.frameworks.ids()
        raise InputError(
            f"--by {by}: unknown framework" + then(by, ids, f"use one of: {', '.join(ids)}")
        )
    return found
