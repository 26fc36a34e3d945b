"""The user's own settings: a small TOML file in the platform's config folder, for what a
mentor would otherwise retype on every run: their name, their organisation's catalogue
folder and the folder exports go to.

    mentor = "Dr B Mentor"
    catalogue = ["~/trust/opportunities"]
    export_dir = "~/appraisal/plans"

Read only by the commands that use a setting (never at start-up), and always overridden by
the command line: --mentor, --catalogue (or $CAREERPLAN_CATALOGUE), a --out with a folder
in it. $CAREERPLAN_CONFIG names another file (tests point it at an empty folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerplan.errors import InputError

ENV = "CAREERPLAN_CONFIG"
FILE_NAME = "config.toml"

#: Each setting, with what it is for (shown by `careerplan config show` and the template).
SETTINGS = {
    "mentor": "Your name, recorded in plans you make (as --mentor NAME does).",
    "catalogue": "Your organisation's folders of opportunities, added to the shipped "
    "catalogue (as --catalogue DIR does).",
    "export_dir": "The folder a --out FILE given as a bare file name is written to, and "
    "plan --batch's default --out-dir.",
}

TEMPLATE_EXAMPLES = {
    "mentor": 'mentor = "Dr B Mentor"',
    "catalogue": 'catalogue = ["~/organisation/opportunities"]',
    "export_dir": 'export_dir = "~/appraisal/plans"',
}


def template() -> str:
    """A settings file to fill in: each setting explained, commented out."""
    import textwrap

    lines = [
        "# careerplan settings (see `careerplan config show`). Options on the command line",
        "# win. Remove the # at the start of a setting's line to use it.",
    ]
    for key, what in SETTINGS.items():
        lines.append("")
        lines += textwrap.wrap(what, 88, initial_indent="# ", subsequent_indent="# ")
        lines.append(f"# {TEMPLATE_EXAMPLES[key]}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Settings:
    path: Path
    exists: bool = False
    mentor: str | None = None
    catalogue: tuple[Path, ...] = ()
    export_dir: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def config_path() -> Path:
    """Where the settings file is: $CAREERPLAN_CONFIG, else the platform's config folder
    (~/.config/careerplan on Linux, ~/Library/Application Support/careerplan on macOS,
    %LOCALAPPDATA%\\careerplan on Windows)."""
    named = os.environ.get(ENV, "").strip()
    if named:
        return Path(named).expanduser()
    from platformdirs import user_config_path

    return user_config_path("careerplan", appauthor=False) / FILE_NAME


def settings() -> Settings:
    """The settings file read and checked (empty Settings when there is none); InputError,
    naming the file and the fix, when it cannot be used."""
    path = config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the settings file ({exc.strerror})") from None
    import tomllib

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"{path}: is not a valid settings file ({exc}); fix it, or see "
            "`careerplan config init` for one that is"
        ) from None
    return _checked(path, raw)


def _checked(path: Path, raw: dict[str, Any]) -> Settings:
    from careerplan.model.types import closest

    for key in raw:
        if key not in SETTINGS:
            near = closest(key, SETTINGS)
            hint = f"did you mean '{near}'? " if near else ""
            raise InputError(
                f"{path}: unknown setting '{key}'; {hint}settings are: {', '.join(SETTINGS)}"
            )
    mentor = raw.get("mentor")
    if mentor is not None and not isinstance(mentor, str):
        raise InputError(f'{path}: mentor: give a name in quotes, e.g. mentor = "Dr B Mentor"')
    folders = raw.get("catalogue", [])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise InputError(
            f'{path}: catalogue: give folders in quotes, e.g. catalogue = ["~/opportunities"]'
        )
    export_dir = raw.get("export_dir")
    if export_dir is not None and not isinstance(export_dir, str):
        raise InputError(
            f'{path}: export_dir: give a folder in quotes, e.g. export_dir = "~/plans"'
        )
    return Settings(
        path=path,
        exists=True,
        mentor=(mentor or "").strip() or None,
        catalogue=tuple(_folder(path, f) for f in folders if f.strip()),
        export_dir=_folder(path, export_dir) if export_dir and export_dir.strip() else None,
        raw=raw,
    )


def _folder(config: Path, value: str) -> Path:
    """A folder named in the settings: ~ expanded; a relative one is relative to the
    settings file's own folder (not to wherever careerplan is run)."""
    folder = Path(value.strip()).expanduser()
    return folder if folder.is_absolute() else config.parent / folder


def placed(out: Path, export_dir: Path | None) -> Path:
    """Where a --out FILE goes: a bare file name into the export folder when one is set;
    a name with a folder in it (reports/plan.md, /tmp/plan.md) as given."""
    if export_dir is None or Path(out).is_absolute():
        return out
    text = str(out)
    if "/" in text or os.sep in text or (os.altsep and os.altsep in text):
        return out
    return export_dir / out
