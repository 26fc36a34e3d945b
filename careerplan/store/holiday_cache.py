"""England's bank holidays for a year, kept beside the catalogue cache.

Plan dates fall on working days, and the `holidays` package knows the bank holidays; but
importing it loads every country it covers, which cost more instructions than the whole
of a minimal typer app (about 550 million, where `careerplan plan` needs 1,500 million
without it). The dates of a year are asked of it once and kept in the user cache folder
(the catalogue cache's folder, with its rules: the user's own folder and file, written
atomically, never a link), under a stamp of the installed `holidays` package, so that an
upgrade of it is asked again. The file keeps the tables of the last few installations side
by side (each virtual environment with careerplan has its own `holidays`, and they share the
user's cache folder), so that two of them in use do not each throw the other's away. A
cache that is missing, damaged, from another version of `holidays` or turned off
(CAREERPLAN_NO_CACHE) only means asking the package.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

FILE_NAME = "bank-holidays-england.json"
#: Installations (stamps) whose tables the file keeps, the most recently written last.
KEEP = 8


def bank_holidays(year: int, compute: Callable[[int], frozenset[dt.date]]) -> frozenset[dt.date]:
    """The bank holidays of `year` from the cache, else `compute(year)` (then kept)."""
    from careerplan.store import catalogue_cache as cc

    stamp = _stamp()
    if stamp is None or not cc.enabled():
        return compute(year)
    path = cc.cache_dir() / FILE_NAME
    tables = _read(path)
    table = _table(tables.get(stamp))
    held = table.get(str(year))
    if held is not None:
        return held
    value = compute(year)
    years = {**_raw(table), str(year): sorted(d.isoformat() for d in value)}
    others = [(key, raw) for key, raw in tables.items() if key != stamp][-(KEEP - 1) :]
    _write(path, {**dict(others), stamp: years})
    return value


def _stamp() -> str | None:
    """The installed `holidays` package's version and files (found without importing it)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    here = Path(spec.origin).parent
    parts = [str(here)]
    for name in ("version.py", "countries/united_kingdom.py", "holiday_base.py"):
        try:
            info = (here / name).stat()
        except OSError:
            return None
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(parts)


def _read(path: Path) -> dict[str, Any]:
    """Each installation's stamp with its table as written (read by _table)."""
    from careerplan.store import catalogue_cache as cc

    if not cc.safe_dir(path.parent, create=False):
        return {}
    blob = cc._read_private(path)
    if blob is None:
        return {}
    try:
        tables = json.loads(blob)["stamps"]
    except Exception:  # noqa: BLE001 - a damaged cache (or the older file) is asked again
        return {}
    return tables if isinstance(tables, dict) else {}


def _table(raw: Any) -> dict[str, frozenset[dt.date]]:
    """One installation's years; a damaged table is empty (asked again)."""
    try:
        return {
            str(int(year)): frozenset(dt.date.fromisoformat(day) for day in days)
            for year, days in raw.items()
        }
    except Exception:  # noqa: BLE001 - a damaged cache is asked again, never an error
        return {}


def _raw(table: dict[str, frozenset[dt.date]]) -> dict[str, Any]:
    return {year: sorted(d.isoformat() for d in days) for year, days in table.items()}


def _write(path: Path, tables: dict[str, Any]) -> None:
    """Write the tables atomically (owner-only); give up quietly."""
    from careerplan.store import catalogue_cache as cc

    cc.write_quietly(path, json.dumps({"stamps": tables}).encode("utf-8"))
