"""Exporting a plan: markdown, printable HTML, Word (docx), PDF, JSON, YAML and calendar (ICS).

The saved plan is the source; every format is a rendering of it. `render` is the single
entry point (`careerplan export`, `careerplan plan --out` and `assess` all call it);
`format_for` picks the format from `--to` or the output file's extension. No CLI code here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from careerplan.errors import InputError

if TYPE_CHECKING:
    from careerplan.model.assessment import Assessment
    from careerplan.model.frameworks import Framework, Frameworks
    from careerplan.model.plan import Plan
    from careerplan.render.document import Document

FORMATS = ("md", "html", "docx", "pdf", "csv", "txt", "json", "yaml", "ics")
TEMPLATED = ("md", "html")
BINARY = ("docx", "pdf")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".csv": "csv",
    ".txt": "txt",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ics": "ics",
}
ALIASES = {
    "markdown": "md",
    "htm": "html",
    "yml": "yaml",
    "ical": "ics",
    "icalendar": "ics",
    "word": "docx",
    "text": "txt",
}


def format_for(path: Path | str | None, to: str | None = None) -> str:
    """The export format: `to` if given (checked against the extension), else the extension.

    Without either, markdown (what a person reading the terminal wants).
    """
    chosen = None
    if to is not None:
        key = to.strip().lower().lstrip(".")
        chosen = ALIASES.get(key, key)
        if chosen not in FORMATS:
            raise InputError(f"--to {to}: unknown format; use one of {', '.join(FORMATS)}")
    if path is None or str(path) == "-":
        return chosen or "md"
    suffix = Path(path).suffix.lower()
    from_ext = EXTENSIONS.get(suffix)
    # A .txt file holds any text (markdown, the toolkit text, YAML): --to decides.
    if chosen and from_ext and chosen != from_ext and suffix != ".txt":
        raise InputError(
            f"{path}: the extension {suffix} means {from_ext}, but --to asks for "
            f"{chosen}; change one of them"
        )
    if chosen:
        return chosen
    if from_ext:
        return from_ext
    raise InputError(
        f"{path}: cannot tell the format from the extension "
        f"'{suffix or '(none)'}'; use {', '.join('.' + f for f in FORMATS)}, or add "
        f"--to {'|'.join(FORMATS)}"
    )


def render(
    plan: Plan,
    fmt: str,
    *,
    assessment: Assessment | None = None,
    template: Path | None = None,
    frameworks: Frameworks | None = None,
    by: Framework | None = None,
    explain: bool = False,
) -> str | bytes:
    """`plan` in format `fmt` (see FORMATS): text, or bytes for docx and pdf.

    `assessment` gives the labels for ids (the shipped one if None); `template` is an
    organisation's own Jinja2 layout for md or html; `frameworks` the appraisal frameworks
    (the shipped ones if None); `by` a framework to group the self-ratings by; `explain`
    adds an appendix with the scoring arithmetic.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
    if template is not None and fmt not in (*TEMPLATED, "pdf"):
        raise InputError(
            f"--template applies to the md and html layouts only; {fmt} has a "
            "fixed format, so leave out --template"
        )
    if fmt == "json":
        from careerplan.store.planfile import plan_json

        return plan_json(plan)
    if fmt == "yaml":  # a plan file, as `plan --save` writes it: header and all
        from careerplan.store.planfile import PLAN_HEADER, plan_yaml

        return PLAN_HEADER + plan_yaml(plan)

    from careerplan.render.document import build

    if assessment is None:
        from careerplan.store.catalogue import load_catalogue

        assessment = load_catalogue().assessment
    if frameworks is None:
        from careerplan.store.shipped import shipped_frameworks

        frameworks = shipped_frameworks()
    doc = build(plan, assessment, frameworks, by, explain=explain)
    if fmt in ("csv", "txt"):
        from careerplan.render.toolkit import toolkit_csv, toolkit_text

        labels = {t.id: t.label for t in assessment.vocabularies.statuses}
        return (toolkit_csv if fmt == "csv" else toolkit_text)(doc, labels)
    if fmt == "ics":
        from careerplan.render.ics import render_ics

        return render_ics(plan, doc)
    if fmt == "docx":
        from careerplan.render.docx import render_docx

        return render_docx(doc)
    return _laid_out(plan, fmt, doc, template)


def _laid_out(plan: Plan, fmt: str, doc: Document, template: Path | None) -> str | bytes:
    """The templated formats: markdown, HTML, and the PDF printed from the HTML."""
    from careerplan.model.plan import plan_data
    from careerplan.render.html import render_html
    from careerplan.render.templating import check_template

    if template is not None:
        template = check_template(template)
    data = plan_data(plan)
    if fmt == "pdf":
        from careerplan.render.docx import render_docx
        from careerplan.render.pdf import print_pdf

        return print_pdf(lambda: render_html(doc, data, template), lambda: render_docx(doc))
    if fmt == "md":
        from careerplan.render.markdown import render_markdown

        return render_markdown(doc, data, template)
    return render_html(doc, data, template)


def export_plan(
    plan: Plan,
    out: Path,
    *,
    to: str | None = None,
    force: bool = False,
    assessment: Assessment | None = None,
    template: Path | None = None,
    frameworks: Frameworks | None = None,
    by: Framework | None = None,
    explain: bool = False,
) -> Path:
    """Render `plan` and write it to `out` atomically (personal data: owner-only)."""
    from careerplan.store.files import write_atomic

    fmt = format_for(out, to)
    content = render(
        plan,
        fmt,
        assessment=assessment,
        template=template,
        frameworks=frameworks,
        by=by,
        explain=explain,
    )
    return write_atomic(Path(out), content, force=force, private=True)
