"""The Jinja2 environment for built-in and organisation layouts, and its error messages.

Built-in layouts ship in `careerplan/templates/` and are reachable from a custom layout as
`careerplan/<name>` (so `{% extends "careerplan/plan.md.j2" %}` overrides single blocks).
A custom layout can reach nothing else: the loader serves the built-in layouts and the one
file named by --template, never a search of the folders around it (so `{% include %}`
cannot read a key, or any file linked into that folder). Templates run sandboxed (a
layout can format the plan, not reach into Python), and a custom layout runs in a worker
process with a deadline, a memory limit and an output limit, so that a template with
nested loops ends with one line rather than running for ever. The worker carries its own
CPU-time limit and dies with careerplan (kill -9 included). Where no such worker can be
made (no fork: Windows) custom layouts are refused in one line; where the worker cannot
cap its own memory (no /proc: macOS) careerplan watches its size through `ps`.
"""

from __future__ import annotations

import contextlib
import json
import math
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
#: CPU time the worker may use (its own limit, held even if careerplan is gone).
MAX_CPU_SECONDS = MAX_SECONDS + 2
#: How often a worker's memory is looked at where it cannot cap it itself (macOS).
WATCH_SECONDS = 0.1
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


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
    from careerplan.store.yamlio import read_regular

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
    layout in a bounded worker process (or refused where none can be made)."""
    name = Path(custom).name if custom is not None else builtin
    shown = str(custom) if custom is not None else f"built-in layout {builtin}"
    if custom is None:
        return _render(env, name, shown, context)
    _check_bounded(shown)
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
        raise InputError(_too_big(shown)) from None


def _too_large(shown: str) -> str:
    return (
        f"{shown}: the template wrote more than {MAX_OUTPUT_CHARS // (1024 * 1024)} MB; "
        "a layout should format the plan, not repeat it (check its loops)"
    )


def _check_bounded(shown: str) -> None:
    """InputError unless a custom layout can run in a worker with a deadline and a memory
    cap here: fork (not on Windows), and a cap set in the worker (Linux: /proc) or
    watched from outside (`ps`, on macOS)."""
    if not hasattr(os, "fork"):
        raise InputError(
            f"{shown}: custom layouts run only where careerplan can give them a separate, "
            "limited process (Linux, macOS); on this system export without --template"
        )
    if not _child_can_cap() and _ps() is None:
        raise InputError(
            f"{shown}: this system lets careerplan neither cap a layout's memory nor watch "
            "it (no /proc, no ps); export without --template"
        )


def _in_worker(render: Callable[[], str], shown: str) -> str:
    """Run `render` in a forked child with MAX_SECONDS (a deadline here, and a CPU-time
    limit in the child), MAX_OUTPUT_CHARS and a memory cap; its text (or its one-line
    error) comes back through a pipe. The child dies with careerplan: killed or not, it
    never runs on (Linux: PR_SET_PDEATHSIG; everywhere: a pipe the child watches)."""
    read_end, write_end = os.pipe()
    alive_read, alive_write = os.pipe()  # closed only when careerplan ends
    watch = None if _child_can_cap() else _ps()
    baseline = _rss(os.getpid(), watch) if watch else 0
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is checked in the parent
        os.close(read_end)
        os.close(alive_write)
        _die_with_parent(parent, alive_read)
        _child(render, write_end)
    os.close(write_end)
    os.close(alive_read)
    cap = baseline + MAX_EXTRA_MEMORY if watch else 0
    try:
        blob, status = _collect(read_end, pid, shown, watch=watch, cap=cap)
    finally:
        os.close(read_end)
        os.close(alive_write)
    try:
        message = json.loads(blob)
    except ValueError:
        message = {"error": _ended(shown, status)}
    if "error" in message:
        raise InputError(str(message["error"]))
    return str(message["text"])


def _ended(shown: str, status: int | None) -> str:
    """Why a worker that sent nothing back ended, as one line."""
    import signal

    xcpu = getattr(signal, "SIGXCPU", -1)
    if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == xcpu:
        return (
            f"{shown}: the template used more than {MAX_CPU_SECONDS:g} seconds of processor "
            "time and was stopped; check its loops"
        )
    return f"{shown}: the template stopped without a result; simplify it"


def _too_long(shown: str) -> str:
    return (
        f"{shown}: the template ran for more than {MAX_SECONDS:g} seconds and was "
        "stopped; check its loops"
    )


def _die_with_parent(parent: int, alive: int) -> None:  # pragma: no cover - the child
    """End this worker when careerplan ends, however it ends (kill -9 included)."""
    import signal
    import threading

    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # careerplan had already gone before the line above
        os._exit(1)

    def watch() -> None:  # the pipe's last writer is careerplan: EOF means it has gone
        with contextlib.suppress(OSError):
            os.read(alive, 1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _child(render: Callable[[], str], write_end: int) -> None:  # pragma: no cover
    code = 0
    try:
        _limit_cpu()
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


def _limit_cpu() -> None:  # pragma: no cover - runs in the child
    """The deadline carried by the worker itself: SIGXCPU after MAX_CPU_SECONDS of CPU,
    SIGKILL a second later, even if nobody is left to enforce MAX_SECONDS."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft = max(1, math.ceil(MAX_CPU_SECONDS))
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource

        used = _address_space()
        if used:
            limit = used + MAX_EXTRA_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _child_can_cap() -> bool:
    """Whether the worker can cap its own memory: RLIMIT_AS over its size read from /proc
    (Linux). macOS has no /proc (and does not enforce RLIMIT_AS)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return _address_space() > 0


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _ps() -> str | None:
    """`ps`, to watch a worker's memory from outside where the worker cannot cap it."""
    import shutil

    return shutil.which("ps")


def _rss(pid: int, ps: str) -> int:
    """The resident size of process `pid` in bytes (0 if it cannot be read)."""
    import subprocess

    try:
        out = subprocess.run(
            [ps, "-o", "rss=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
        return int(out.strip() or 0) * 1024
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


def _collect(
    fd: int, pid: int, shown: str, *, watch: str | None = None, cap: int = 0
) -> tuple[bytes, int | None]:
    """The child's reply and how it ended, read with a deadline and a size limit (and,
    where the child could not cap its own memory, its size watched through `ps`); the
    child is ended (and reaped) whatever happens."""
    import signal

    deadline = time.monotonic() + MAX_SECONDS
    limit = MAX_OUTPUT_CHARS * 4 + 1024  # UTF-8 and JSON escaping at most
    chunks: list[bytes] = []
    size = 0
    reaped = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise InputError(_too_long(shown))
            ready, _, _ = select.select([fd], [], [], min(left, WATCH_SECONDS) if watch else left)
            if watch and _rss(pid, watch) > cap:
                raise InputError(_too_big(shown))
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                status = _status(pid)
                reaped = True
                return b"".join(chunks), status
            size += len(chunk)
            if size > limit:
                raise InputError(_too_large(shown))
            chunks.append(chunk)
    finally:
        if not reaped:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _status(pid: int) -> int | None:
    """The wait status of the worker that has just closed its pipe (it is ending; a
    worker that closed it and lingers is killed first)."""
    import signal

    for _ in range(100):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except OSError:
            return None
        if done == pid:
            return status
        time.sleep(0.01)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    try:
        return os.waitpid(pid, 0)[1]
    except OSError:
        return None


def _too_big(shown: str) -> str:
    return f"{shown}: the template needs more memory than a layout may use; simplify it"


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
