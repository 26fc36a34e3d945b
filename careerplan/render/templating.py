"""The Jinja2 environment for built-in and organisation layouts, and its error messages.

Built-in layouts ship in `careerplan/templates/` and are reachable from a custom layout as
`careerplan/<name>` (so `{% extends "careerplan/plan.md.j2" %}` overrides single blocks).
Templates run sandboxed: a layout file can format the plan, not reach into Python.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from careerplan.errors import InputError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
MAX_TEMPLATE_BYTES = 1024 * 1024


def environment(*, markdown: bool, custom: Path | None = None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    builtin = FileSystemLoader(str(TEMPLATES_DIR))
    loaders: list[Any] = [PrefixLoader({"careerplan": builtin})]
    if custom is not None:
        loaders.append(FileSystemLoader(str(Path(custom).resolve().parent)))
    else:
        loaders.append(builtin)
    return ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=not markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def check_template(path: Path) -> Path:
    """The template file, or one clear InputError saying what is wrong with the path."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; --template takes a template file")
    if not path.is_file():
        raise InputError(f"{path}: no such template file; check the path")
    try:
        size = path.stat().st_size
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
    if size > MAX_TEMPLATE_BYTES:
        raise InputError(f"{path}: {size:,} bytes is too large for a template")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: is not UTF-8 text; save the template as UTF-8") from None
    return path


def render_template(env: Any, custom: Path | None, builtin: str, **context: Any) -> str:
    """Render `custom` (a file) or the built-in layout `builtin` with `context`."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    name = Path(custom).name if custom is not None else builtin
    shown = str(custom) if custom is not None else f"built-in layout {builtin}"
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateSyntaxError as exc:
        where = _where(shown, exc.filename, exc.lineno)
        raise InputError(
            f'{where}: template syntax error: {exc.message}; see "Custom layouts" in the README'
        ) from None
    except TemplateNotFound as exc:
        raise InputError(
            f"{shown}: the template refers to '{exc.name}', which was not "
            "found; built-in layouts are named careerplan/plan.md.j2 and "
            "careerplan/plan.html.j2"
        ) from None
    except TemplateError as exc:
        line = _template_line(exc)
        where = f"{shown}:{line}" if line else shown
        raise InputError(
            f'{where}: template error: {exc}; see "Custom layouts" in the '
            "README for the variables a layout receives"
        ) from None


def _where(shown: str, filename: str | None, line: int | None) -> str:
    if filename and not filename.endswith(shown.split("/")[-1]):
        shown = filename
    return f"{shown}:{line}" if line else shown


def _template_line(exc: BaseException) -> int | None:
    """The template line where a runtime error happened, from Jinja's rewritten traceback."""
    tb = exc.__traceback__ or sys.exc_info()[2]
    line = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".j2", ".md", ".html", ".jinja", ".txt")) or code.co_name in (
            "top-level template code",
            "template",
        ):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
