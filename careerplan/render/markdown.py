"""GitHub-flavoured markdown from the Document, through a Jinja2 template.

Every value a template prints is escaped for markdown unless a filter marked it safe, so
a `|`, `*`, `<`, backtick or newline in a name or a catalogue title can neither break the
PDP table nor inject markup, in the built-in layout or in an organisation's own.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from careerplan import wording
from careerplan.render.document import Document, safe_url
from careerplan.textsafe import md_inline as md_inline  # re-exported for layouts and tests

BUILTIN_MARKDOWN = "plan.md.j2"

# Left as they are in a link destination; everything else that could end the link or a
# table cell is percent-encoded.
_URL_UNSAFE = re.compile(r"[\s<>()\[\]|\"'`\\]")


def md_url(url: str) -> str:
    """A link destination that cannot end the link or the table cell it sits in."""
    encoded = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return encoded.replace("&", "\\&")


def url_text(url: str) -> str:
    """The address as a reader would type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    rest = url.split("//", 1)[-1] if parts.netloc else url
    return rest[:-1] if rest.endswith("/") and rest.count("/") == 1 else rest


def format_value(value: Any, style: str = "long") -> str:
    """Dates and numbers as the plan shows them; `style` is long, short or iso for dates."""
    if isinstance(value, dt.date):
        if style == "iso":
            return value.isoformat()
        if style == "short":
            return wording.date(value)
        if style == "month":
            return wording.month(value)
        return wording.long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return wording.number(value)
    if value is None:
        return ""
    return str(value)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return md_inline(format_value(value))


def _md(value: Any) -> Markup:
    return Markup(md_inline(format_value(value)))


def _link(url: str | None, text: Any = None) -> Markup:
    """[text](url) for a web address; just the (escaped) text when there is no safe URL."""
    safe = safe_url(url)
    if text is None:
        text = url_text(safe) if safe else (url or "")
    if not safe:
        return Markup(md_inline(format_value(text)))
    return Markup(f"[{md_inline(format_value(text))}]({md_url(safe)})")


def _date(value: Any, style: str = "long") -> str:
    return format_value(value, style)


def _cell(value: Any) -> Markup:
    """A table cell: escaped, one line, never empty (an empty cell reads as a mistake)."""
    text = md_inline(format_value(value))
    return Markup(text or "-")


def markdown_filters() -> dict[str, Any]:
    return {"md": _md, "link": _link, "date": _date, "cell": _cell}


def render_markdown(doc: Document, plan_data: dict[str, Any], template: Path | None = None) -> str:
    from careerplan.render.templating import environment, render_template

    env = environment(markdown=True, custom=template)
    env.finalize = _finalize
    env.filters.update(markdown_filters())
    text = render_template(env, template, BUILTIN_MARKDOWN, doc=doc, plan=plan_data)
    return tidy(text)


def tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
