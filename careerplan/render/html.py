"""One self-contained, printable HTML file, built from the markdown rendering.

The built-in markdown layout is rendered first and converted with markdown-it-py (GFM
tables on, raw HTML off, so nothing in the plan can become a tag); the HTML layout then
places those sections on A4 pages with inline CSS and inline SVG charts. No scripts, no
fonts, no stylesheets or images from anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from careerplan.render.document import Document
from careerplan.render.markdown import format_value, render_markdown
from careerplan.render.templating import TEMPLATES_DIR
from careerplan.textsafe import one_line

BUILTIN_HTML = "plan.html.j2"


@dataclass(frozen=True)
class Part:
    """A `###` subsection (such as one item in detail), as HTML."""

    title: str
    heading: Markup
    body: Markup


@dataclass(frozen=True)
class Section:
    """One `#` or `##` section of the markdown, as HTML: its heading, the text before its
    first `###`, and its `###` parts. `body` is everything after the heading."""

    id: str
    title: str
    heading: Markup
    intro: Markup
    parts: tuple[Part, ...] = ()

    @property
    def body(self) -> Markup:
        return self.intro + Markup("").join(p.heading + p.body for p in self.parts)

    @property
    def html(self) -> Markup:
        return self.heading + self.body


def markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def to_html(text: str) -> Markup:
    """Markdown text to HTML; any HTML in the text is shown as text, not obeyed."""
    return Markup(markdown_parser().render(str(text)))


def _cuts(md: Any, text: str, tags: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(first line, line after, inline text) of each heading with one of `tags`."""
    tokens = md.parse(text)
    return [
        (tok.map[0], tok.map[1], tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag in tags and tok.map
    ]


def split_sections(markdown: str) -> list[Section]:
    """The markdown cut at each level-1 or level-2 heading (and each part at level 3),
    every piece rendered to HTML on its own. Cutting at headings never splits a block."""
    md = markdown_parser()
    lines = markdown.splitlines(keepends=True)
    cuts = _cuts(md, markdown, ("h1", "h2"))
    sections: list[Section] = []
    if not cuts or "".join(lines[: cuts[0][0]]).strip():
        stop = cuts[0][0] if cuts else len(lines)
        sections.append(
            Section("preamble", "", Markup(""), Markup(md.render("".join(lines[:stop]))))
        )
    seen: dict[str, int] = {}
    for n, (begin, end, title) in enumerate(cuts):
        stop = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        plain = _plain(title)
        if n == 0 and lines[begin].startswith("# "):
            slug = "title"
        else:
            slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"
        if slug in seen:
            seen[slug] += 1
            slug = f"{slug}-{seen[slug]}"
        else:
            seen[slug] = 1
        body = "".join(lines[end:stop])
        body_lines = body.splitlines(keepends=True)
        parts_at = _cuts(md, body, ("h3",))
        intro_stop = parts_at[0][0] if parts_at else len(body_lines)
        parts = []
        for k, (p_begin, p_end, p_title) in enumerate(parts_at):
            p_stop = parts_at[k + 1][0] if k + 1 < len(parts_at) else len(body_lines)
            parts.append(
                Part(
                    title=_plain(p_title),
                    heading=Markup(md.render("".join(body_lines[p_begin:p_end]))),
                    body=Markup(md.render("".join(body_lines[p_end:p_stop]))),
                )
            )
        sections.append(
            Section(
                id=slug,
                title=plain,
                heading=Markup(md.render("".join(lines[begin:end]))),
                intro=Markup(md.render("".join(body_lines[:intro_stop]))),
                parts=tuple(parts),
            )
        )
    return sections


def _plain(inline_markdown: str) -> str:
    """Heading text without markdown escapes or emphasis marks."""
    text = re.sub(r"\\(.)", r"\1", inline_markdown)
    return re.sub(r"[*_`]", "", text).strip()


def stylesheet() -> str:
    return (TEMPLATES_DIR / "plan.css").read_text(encoding="utf-8")


def _finalize(value: Any) -> Any:
    """What a `{{ value }}` prints in an HTML layout: dates and numbers as the plan shows
    them, text as one plain line (careerplan/textsafe.py; then escaped for HTML as usual)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return one_line(value)
    return format_value(value)


def render_html(doc: Document, plan_data: dict[str, Any], template: Path | None = None) -> str:
    from careerplan.render.charts import (
        ratings_chart,
        ratings_table,
        timeline_chart,
        timeline_table,
    )
    from careerplan.render.templating import environment, render_template

    sections = split_sections(render_markdown(doc, plan_data))
    env = environment(markdown=False, custom=template)
    env.finalize = _finalize
    env.filters.update({"date": format_value, "markdown": to_html})
    text = render_template(
        env,
        template,
        BUILTIN_HTML,
        doc=doc,
        plan=plan_data,
        sections=sections,
        charts={
            "ratings": ratings_chart(doc),
            "timeline": timeline_chart(doc),
            "ratings_data": ratings_table(doc),
            "timeline_data": timeline_table(doc),
        },
        css=Markup(stylesheet()),
    )
    return text if text.endswith("\n") else text + "\n"
