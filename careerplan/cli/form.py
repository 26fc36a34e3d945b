"""`careerplan form`: the self-assessment as one offline web page, for people who cannot
install careerplan (a managed NHS laptop has a browser but no Python)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli.common import CatalogueOption, ForceOption, TodayOption, emit, load
from careerplan.cli.root import app

FORM_HELP = (
    "Write the self-assessment as one web page to send to someone without careerplan.\n\n"
    "The page asks the same questions as `careerplan assess` (from the same catalogue, "
    "your organisation's own with --catalogue) in any browser (Edge, Chrome, Firefox, "
    "Safari), offline: it fetches nothing and sends nothing. At the end the person checks "
    "their answers and saves a profile file (profile-YYYY-MM-DD.yaml) to send back; "
    "`careerplan plan` plans from it.\n\n"
    "Example: careerplan form --out assessment.html"
)


@app.command(help=FORM_HELP)
def form(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Where to write the page (default careerplan-assessment.html).",
        ),
    ] = Path("careerplan-assessment.html"),
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan form`: the help text is FORM_HELP."""
    from careerplan.assess.form import form_html

    emit(form_html(load(catalogue).assessment), out, force=force)
