"""`careerplan form`: the self-assessment as one offline web page, for people who cannot
install careerplan (a managed NHS laptop has a browser but no Python)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from careerplan.cli import options
from careerplan.cli.common import emit, load
from careerplan.cli.lazy import command_app
from careerplan.cli.options import CatalogueOption, ForceOption, ForOption, TodayOption

FORM_HELP = (
    "Write the self-assessment as one web page to send to someone without careerplan.\n\n"
    "The page asks the same questions as `careerplan assess` (from the same catalogue, "
    "your organisation's own with --catalogue) in any browser (Edge, Chrome, Firefox, "
    "Safari), offline: it fetches nothing and sends nothing. At the end the person checks "
    "their answers and saves a profile file (profile-YYYY-MM-DD.yaml) to send back; "
    "`careerplan plan` plans from it.\n\n"
    "With --rater --for NAME, the page asks a colleague for their view of NAME instead: "
    "only the leadership areas, with their meanings, their relationship to NAME and an "
    "optional comment; it saves a feedback file that `careerplan plan --feedback` sets "
    "beside NAME's own ratings.\n\n"
    "Example: careerplan form --out assessment.html\n\n"
    "Example: careerplan form --rater --for 'Dr A Example' --out view-of-dr-example.html"
)


form_app = command_app()


@form_app.command(help=FORM_HELP)
def form(
    out: Annotated[
        Path | None,
        options.out(
            "Where to write the page (default careerplan-assessment.html, or "
            "careerplan-feedback.html with --rater)."
        ),
    ] = None,
    rater: Annotated[
        bool, options.rater("A page for a colleague's view of someone (with --for NAME).")
    ] = False,
    person: ForOption = None,
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan form`: the help text is FORM_HELP."""
    from careerplan.assess.form import form_html, form_spec, rater_spec
    from careerplan.errors import InputError

    if rater != (person is not None):
        raise InputError("--rater and --for NAME go together: a rater page asks about someone")
    if person is not None and not person.strip():
        raise InputError("--for: give the name of the person the colleague is rating")
    assessment = load(catalogue).assessment
    if person is not None:
        spec = rater_spec(assessment, " ".join(person.split()))
        out = out or Path("careerplan-feedback.html")
    else:
        spec = form_spec(assessment)
        out = out or Path("careerplan-assessment.html")
    emit(form_html(spec), out, force=force)
