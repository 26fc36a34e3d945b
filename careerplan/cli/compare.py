"""`careerplan compare`: how a person's self-assessment changed over time."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from careerplan.cli import options
from careerplan.cli.common import console, emit, load, out_path
from careerplan.cli.lazy import command_app
from careerplan.cli.options import CatalogueOption, ForceOption, TodayOption


class CompareFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"
    json = "json"


COMPARE_HELP = (
    "Show how self-ratings, goals and stage changed between assessments.\n\n"
    "Each area's rating at every assessment, as a chart, with the change from first "
    "to last; --out change.docx or change.pdf for the appraisal portfolio.\n\n"
    "Example: careerplan compare profile-2026.yaml profile-2027.yaml"
)


compare_app = command_app()


@compare_app.command(help=COMPARE_HELP)
def compare(
    profiles: Annotated[
        list[Path],
        typer.Argument(
            metavar="OLD_PROFILE NEW_PROFILE [MORE...]",
            help="Two or more profiles of the same person, in any order (sorted by date).",
        ),
    ],
    to: Annotated[
        CompareFormat | None,
        options.to(
            "terminal (a chart), md, html, docx (Word), pdf or json; with --out, taken "
            "from the file's extension when not given.",
            metavar=None,
        ),
    ] = None,
    out: Annotated[Path | None, options.out()] = None,
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    today: TodayOption = None,
) -> None:
    """`careerplan compare`: the help text is COMPARE_HELP."""
    from careerplan.render import compare as render
    from careerplan.review.compare import compare_profiles, comparison_data
    from careerplan.store.profiles import load_profile

    out = out_path(out)  # a bare file name: into the settings' export folder, if set
    to = to or _format_of(out)
    cat = load(catalogue)
    vocab_ids = cat.vocab.ids()
    from careerplan.store.feedback_files import feedback_paths, load_feedback

    named = [(str(p), load_profile(p, vocab_ids)) for p in profiles]
    others = {
        source: load_feedback(feedback_paths(prof, Path(source), []), prof, cat)
        for source, prof in named
    }
    comparison = compare_profiles(named, cat.assessment, others)
    if to is CompareFormat.terminal and out is None:
        console().print(render.terminal_view(comparison, cat.vocab))
        return
    if to in (CompareFormat.docx, CompareFormat.pdf):
        _write_document(comparison, cat.vocab, to, out, force)
        return
    if to is CompareFormat.json:
        from careerplan.store.yamlio import dump_json

        text = dump_json(comparison_data(comparison))
    elif to is CompareFormat.html:
        text = render.html_page(comparison, cat.vocab)
    elif to is CompareFormat.md:
        text = render.markdown(comparison, cat.vocab)
    else:
        from careerplan.render.text import to_text

        text = to_text(render.terminal_view(comparison, cat.vocab))
    emit(text, out, force=force, private=True)


def _write_document(comparison, vocab, to: CompareFormat, out: Path | None, force: bool) -> None:
    """Word or PDF, for the appraisal portfolio: written to --out (never to a terminal)."""
    import sys

    from careerplan.errors import InputError
    from careerplan.render import compare as render
    from careerplan.store.files import write_atomic

    if out is None and sys.stdout.isatty():
        kind = "a PDF" if to is CompareFormat.pdf else "a Word file"
        raise InputError(
            f"--to {to.value}: {kind} cannot be shown in the terminal; add --out change.{to.value}"
        )
    if to is CompareFormat.docx:
        data = render.docx_bytes(comparison, vocab)
    else:
        from careerplan.render.pdf import print_pdf

        data = print_pdf(
            lambda: render.html_page(comparison, vocab),
            lambda: render.docx_bytes(comparison, vocab),
        )
    if out is None or str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(out, data, force=force, private=True)
    typer.echo(f"Wrote {out}", err=True)


_EXTENSIONS = {
    ".json": CompareFormat.json,
    ".md": CompareFormat.md,
    ".markdown": CompareFormat.md,
    ".html": CompareFormat.html,
    ".htm": CompareFormat.html,
    ".docx": CompareFormat.docx,
    ".pdf": CompareFormat.pdf,
    ".txt": CompareFormat.terminal,
}


def _format_of(out: Path | None) -> CompareFormat:
    """The format --out's extension names (terminal text when printing), or one line."""
    if out is None:
        return CompareFormat.terminal
    found = _EXTENSIONS.get(out.suffix.lower())
    if found is None:
        from careerplan.errors import InputError

        raise InputError(
            f"{out}: cannot tell the format from the extension '{out.suffix or '(none)'}'; "
            "use .md, .html, .docx, .pdf, .json or .txt, or add "
            "--to md|html|docx|pdf|json|terminal"
        )
    return found
