"""The Jinja2 environment for built-in and organisation layouts, and its error messages.

Built-in layouts ship in `careerplan/templates/` and are reachable from a custom layout as
`careerplan/<name>` (so `{% extends "careerplan/plan.md.j2" %}` overrides single blocks).
A custom layout can reach nothing else: the loader serves the built-in layouts and the one
file named by --template, never a search of the folders around it (so `{% include %}`
cannot read a key, or any file linked into that folder). Templates run sandboxed (a
layout can format the plan, not reach into Python), and a custom layout runs in a worker
process with a deadline, a memory limit and an output limit, so that a template with
nested loops ends with one line rather than running for ever.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careerplan.errors import CareerplanError, InputError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
MAX_TEMPLATE_BYTES = 1024 * 1024
BUILTIN_PREFIX = "careerplan/"
# Limits for a custom layout: a whole plan renders in well under a second and a megabyte.
MAX_SECONDS = 10.0
MAX_OUTPUT_CHARS = 20 * 1024 * 1024
MAX_EXTRA_MEMORY = 1024 * 1024 * 1024


def _loader(custom: Path | None, text: str | None) -> Any:
    from jinja2 import BaseLoader, TemplateNotFound

    builtins = {p.name: p for p in TEMPLATES_DIR.glob("*.j2") if p.is_file()}
    own = None
    if custom is not None and text is not None:
        own = (Path(custom).name, str(custom), text)

    class LayoutLoader(BaseLoader):
        """The built-in layouts (as careerplan/NAME, or as NAME without a custom layout)
        and the custom layout itself, by its file name: nothing else."""

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable]:
            if own is not None and template == own[0]:
                return own[2], own[1], lambda: True
            name = template
            if template.startswith(BUILTIN_PREFIX):
                name = template[len(BUILTIN_PREFIX) :]
            elif own is not None:
                raise TemplateNotFound(template)
            path = builtins.get(name)
            if path is None:
                raise TemplateNotFound(template)
            return path.read_text(encoding="utf-8"), str(path), lambda: True

    return LayoutLoader()


class _TooLarge(Exception):
    """A template expression that would make more text than a layout may write."""


# Environments already made in this process, by (markdown, layout file, layout text): a
# batch renders hundreds of plans, and making an environment and compiling its layout
# again for each one cost more than planning (46 ms a plan against 10 ms).
_ENVIRONMENTS: dict[tuple[bool, str | None, str | None], Any] = {}
_MOST_ENVIRONMENTS = 8


def environment(*, markdown: bool, custom: Path | None = None) -> Any:
    """The sandboxed environment for the built-in layouts, or for `custom` as its text is
    now: made once per process and kept (with the layouts it has compiled)."""
    text = read_template(Path(custom)) if custom is not None else None
    key = (markdown, None if custom is None else str(custom), text)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= _MOST_ENVIRONMENTS:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(markdown, custom, text)
    return env


def _new_environment(markdown: bool, custom: Path | None, text: str | None) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class Sandbox(ImmutableSandboxedEnvironment):
        """Refuses `'x' * 10**9` and `10 ** 10**9` before Python builds them (a single
        operation cannot be stopped by the deadline)."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            ints = _is_int(left) and _is_int(right)
            if operator == "**" and ints and abs(right) > 1000 and abs(left) > 1:
                raise SecurityError("a power that large is not allowed in a layout")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, (str, list, tuple)) and _is_int(times)
                    if sized and len(seq) * times > MAX_OUTPUT_CHARS:
                        raise _TooLarge
            return super().call_binop(context, operator, left, right)

    return Sandbox(
        loader=_loader(custom, text),
        undefined=StrictUndefined,
        autoescape=not markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_template(path: Path) -> str:
    """The text of a template file (a regular file, UTF-8, at most MAX_TEMPLATE_BYTES), or
    one clear InputError."""
    from careerplan.yamlio import read_regular

    try:
        raw = read_regular(path, what="template", max_bytes=MAX_TEMPLATE_BYTES)
    except FileNotFoundError:
        raise InputError(f"{path}: no such template file; check the path") from None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: is not UTF-8 text; save the template as UTF-8") from None


def check_template(path: Path) -> Path:
    """The template file, or one clear InputError saying what is wrong with the path."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; --template takes a template file")
    read_template(path)
    return path


def render_template(env: Any, custom: Path | None, builtin: str, **context: Any) -> str:
    """Render `custom` (a file) or the built-in layout `builtin` with `context`; a custom
    layout in a worker process with a deadline (where the system can fork)."""
    name = Path(custom).name if custom is not None else builtin
    shown = str(custom) if custom is not None else f"built-in layout {builtin}"
    if custom is None or not hasattr(os, "fork"):
        return _render(env, name, shown, context)
    return _in_worker(lambda: _render(env, name, shown, context), shown)


def _render(env: Any, name: str, shown: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        template = env.get_template(name)
        parts: list[str] = []
        size = 0
        for part in template.generate(**context):
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise InputError(_too_large(shown))
            parts.append(part)
        return "".join(parts)
    except TemplateSyntaxError as exc:
        where = _where(shown, exc.filename, exc.lineno)
        raise InputError(
            f'{where}: template syntax error: {exc.message}; see "Custom layouts" in the README'
        ) from None
    except TemplateNotFound as exc:
        raise InputError(
            f"{shown}: the template refers to '{exc.name}', which is not a built-in layout; "
            "a layout can include or extend only careerplan/plan.md.j2 and "
            "careerplan/plan.html.j2"
        ) from None
    except TemplateError as exc:
        line = _template_line(exc)
        where = f"{shown}:{line}" if line else shown
        raise InputError(
            f'{where}: template error: {exc}; see "Custom layouts" in the '
            "README for the variables a layout receives"
        ) from None
    except _TooLarge:
        raise InputError(_too_large(shown)) from None
    except (MemoryError, OverflowError, RecursionError):
        raise InputError(
            f"{shown}: the template needs more memory than a layout may use; simplify it"
        ) from None


def _too_large(shown: str) -> str:
    return (
        f"{shown}: the template wrote more than {MAX_OUTPUT_CHARS // (1024 * 1024)} MB; "
        "a layout should format the plan, not repeat it (check its loops)"
    )


def _in_worker(render: Callable[[], str], shown: str) -> str:
    """Run `render` in a forked child with MAX_SECONDS, MAX_OUTPUT_CHARS and a memory cap;
    its text (or its one-line error) comes back through a pipe."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is checked in the parent
        os.close(read_end)
        _child(render, write_end)
    os.close(write_end)
    try:
        blob = _collect(read_end, pid, shown)
    finally:
        os.close(read_end)
    try:
        message = json.loads(blob)
    except ValueError:
        message = {"error": f"{shown}: the template stopped without a result; simplify it"}
    if "error" in message:
        raise InputError(str(message["error"]))
    return str(message["text"])


def _child(render: Callable[[], str], write_end: int) -> None:  # pragma: no cover
    code = 0
    try:
        _limit_memory()
        try:
            result: dict[str, str] = {"text": render()}
        except CareerplanError as exc:
            result = {"error": str(exc)}
        data = json.dumps(result, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
    except BaseException:  # noqa: BLE001 - the parent words it; never unwind into the CLI
        code = 1
    finally:
        os._exit(code)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource

        used = _address_space()
        if used:
            limit = used + MAX_EXTRA_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _address_space() -> int:  # pragma: no cover - runs in the child
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _collect(fd: int, pid: int, shown: str) -> bytes:
    """The child's reply, read with a deadline and a size limit; the child is ended (and
    reaped) whatever happens."""
    import signal

    deadline = time.monotonic() + MAX_SECONDS
    limit = MAX_OUTPUT_CHARS * 4 + 1024  # UTF-8 and JSON escaping at most
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise InputError(
                    f"{shown}: the template ran for more than {MAX_SECONDS:g} seconds and was "
                    "stopped; check its loops"
                )
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise InputError(_too_large(shown))
            chunks.append(chunk)
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


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
