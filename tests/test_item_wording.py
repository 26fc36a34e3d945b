"""The terminal, the markdown and the calendar say the same about each item's months, time
and cost, across every item of plans for very different people.

Each view is rendered through the CLI as a user gets it, then read back item by item:
the terminal's table and details (at a width where nothing wraps), the markdown's "Why
each item" lines and the calendar's event descriptions. The test fails if one view gives
other months, other hours or days, or another cost than the others for the same item, as
they did before render/item_words.py ("Time: about 15 hours" in the calendar beside "2 days
of study leave" on screen; "Jan 2027" beside "January to February 2027").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import STABLE_ENV
from export_support import TESTS
from typer.testing import CliRunner

from careerplan.cli import app

PERSONAS = sorted((TESTS / "personas").glob("*.yaml"))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WIDE = {**STABLE_ENV, "COLUMNS": "2000"}  # nothing wraps: one line a row


@dataclass
class Said:
    """What one view says about one item."""

    months: tuple[tuple[int, int], tuple[int, int]]
    time: str
    cost: str
    cell_time: str = ""  # the terminal table's time cell
    cell_cost: str = ""


def _cli(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], env=WIDE)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _views(profile: Path, tmp: Path) -> tuple[str, str, str]:
    saved = tmp / f"{profile.stem}.plan.yaml"
    terminal = _cli("plan", profile, "--explain", "--save", saved)
    return terminal, _cli("export", saved, "--to", "md"), _cli("export", saved, "--to", "ics")


# ------------------------------------------------------------------------------ months


def _short_months(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'Jan 2027', 'Feb–Apr 2027', "Nov '26–Jan '28" -> ((2026, 11), (2028, 1))."""
    first, _, last = text.partition("–")
    last = last or first
    month_b, year_b = last.split(" ")
    year_b = "20" + year_b[1:] if year_b.startswith("'") else year_b
    parts = first.split(" ")
    year_a = (
        ("20" + parts[1][1:] if parts[1].startswith("'") else parts[1])
        if len(parts) > 1
        else year_b
    )
    return (int(year_a), MONTHS.index(parts[0]) + 1), (int(year_b), MONTHS.index(month_b) + 1)


def _long_months(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'January 2027', 'February to April 2027', 'November 2026 to January 2028'."""
    first, _, last = text.partition(" to ")
    last = last or first
    month_b, year_b = last.split(" ")
    parts = first.split(" ")
    year_a = parts[1] if len(parts) > 1 else year_b
    return (int(year_a), MONTHS.index(parts[0][:3]) + 1), (
        int(year_b),
        MONTHS.index(month_b[:3]) + 1,
    )


# -------------------------------------------------------------------------------- views


def _terminal(text: str) -> dict[int, Said]:
    """Each item's details (`--explain`) and its row in the table."""
    said: dict[int, Said] = {}
    details = text.split("\nEach item: why, what to do, and the evidence\n", 1)[1]
    for block in re.split(r"\n(?=\d+\. )", details.split("\n\n\n", 1)[0]):
        lines = block.splitlines()
        number = int(lines[0].split(".", 1)[0])
        months = lines[1].rsplit(", ", 1)[1]
        rows = {line[3:13].strip(): line[13:] for line in lines[2:] if line[3:13].strip()}
        said[number] = Said(_short_months(months), rows["Time"], rows["Cost"])
    table = text.split("\nThe plan\n", 1)[1].split("\n\n", 1)[0]
    for line in table.splitlines()[2:]:
        cells = re.split(r" {2,}", line.strip())
        if cells and cells[0].isdigit():
            item = said[int(cells[0])]
            item.cell_time, item.cell_cost = cells[-2], cells[-1]
            assert _short_months(cells[-3]) == item.months, line
    return said


_MD_ABOUT = re.compile(
    r"; (?P<months>[A-Z][a-z]+(?: \d{4})?(?: to [A-Z][a-z]+)? \d{4}); (?P<time>.*?); "
    r"cost:? (?P<cost>.*)\.\*"
)


def _markdown(text: str) -> dict[int, Said]:
    """Each item's line under "Why each item": kind, provider, months, time, cost."""
    section = text.split("## Why each item\n", 1)[1].split("\n## ", 1)[0]
    said: dict[int, Said] = {}
    number = 0
    for line in section.splitlines():
        if match := re.match(r"\*\*(\d+)\. ", line):
            number = int(match.group(1))
        elif line.startswith("*") and (about := _MD_ABOUT.search(re.sub(r"\\(.)", r"\1", line))):
            said[number] = Said(_long_months(about["months"]), about["time"], about["cost"])
    return said


def _calendar(text: str) -> set[tuple[str, str]]:
    """The (time, cost) pairs the calendar's events give."""
    from icalendar import Calendar

    pairs = set()
    for event in Calendar.from_ical(text).walk("VEVENT"):
        for line in str(event.get("DESCRIPTION", "")).splitlines():
            if match := re.match(r"Time: (.*?)\. Cost: (.*)\.$", line):
                pairs.add((match[1], match[2]))
    return pairs


# -------------------------------------------------------------------------------- checks


def _figures(text: str) -> set[tuple[str, str]]:
    """The hours and days a text names: 'about 6 hours' -> {('6', 'hour')}."""
    found = re.findall(r"(\d[\d,.]*) ?(hours?|h\b|days?|d\b)", text)
    return {(n, "hour" if u.startswith("h") else "day") for n, u in found}


def _same_cost(a: str, b: str) -> bool:
    return a.rstrip(".").casefold() == b.rstrip(".").casefold()


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem)
def test_terminal_markdown_and_calendar_word_each_item_alike(profile, tmp_path_factory) -> None:
    terminal, markdown, calendar = _views(profile, tmp_path_factory.mktemp(profile.stem))
    on_screen, in_document, in_calendar = (
        _terminal(terminal),
        _markdown(markdown),
        _calendar(calendar),
    )
    assert on_screen and on_screen.keys() == in_document.keys()
    for number, shown in on_screen.items():
        written = in_document[number]
        where = f"{profile.stem} item {number}: {shown} / {written}"
        assert shown.months == written.months, where
        assert _same_cost(shown.cost, written.cost), where
        # Every hour and day figure the document gives, the screen gives too; the table's
        # cell says no figure the details do not.
        assert _figures(written.time) <= _figures(shown.time), where
        cell = _figures(shown.cell_time.replace("h/month", ""))
        assert cell <= _figures(shown.time) | _figures(written.time), where
        assert any(
            time == written.time and _same_cost(cost, written.cost) for time, cost in in_calendar
        ), where


_OWN_TIME = re.compile(r"([\d,.]+) of ([\d,.]+) hours of your own time")
_MONEY = re.compile(r"(£[\d,.]+) counted against your (£[\d,.]+) budget")


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem)
def test_terminal_and_markdown_give_the_same_totals(profile, tmp_path_factory) -> None:
    terminal, markdown, _ = _views(profile, tmp_path_factory.mktemp(profile.stem))
    totals = terminal.split("\nTotals against your limits\n", 1)[1]
    glance = markdown.split("## The plan at a glance\n", 1)[1]
    for pattern in (_OWN_TIME, _MONEY):
        on_screen, in_document = pattern.search(totals), pattern.search(glance)
        assert on_screen and in_document, (profile.stem, pattern.pattern)
        assert on_screen.groups() == in_document.groups(), profile.stem


def test_the_check_finds_a_disagreement() -> None:
    """The readers tell different wording apart (else the test above could never fail)."""
    assert _short_months("Jan 2027") != _long_months("January to February 2027")
    assert _short_months("Nov '26–Jan '28") == _long_months("November 2026 to January 2028")
    assert not _figures("about 15 hours") <= _figures("2 days of study leave, taken together")
    assert not _same_cost("Free.", "£1,200")


#: What the exports need and the terminal does not: the terminal's items come from
#: render/items.py, never from the whole Document or its layouts.
EXPORT_ONLY = (
    "jinja2",
    "markupsafe",
    "docx",
    "lxml",
    "markdown_it",
    "icalendar",
    "careerplan.render.document",
)


def test_the_terminal_plan_loads_no_export_machinery(tmp_path) -> None:
    from test_import_discipline import PROFILE, imported_modules, top_level

    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    modules, proc = imported_modules("plan", str(profile), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "careerplan.render.items" in modules, "importtime output was not parsed"
    assert not top_level(modules, EXPORT_ONLY)


def _narrow_cells(text: str) -> dict[int, list[str]]:
    """At 80 columns: each item's months, time and cost, a line each in the last column."""
    table = text.split("\nThe plan\n", 1)[1].split("\n\n", 1)[0].splitlines()
    col = table[0].index("When, time, cost")
    cells: dict[int, list[str]] = {}
    number = 0
    for line in table[2:]:
        if match := re.match(r"\s*(\d+)\s", line):
            number = int(match.group(1))
        if line[col:].strip():
            cells.setdefault(number, []).append(line[col:].strip())
    return cells


@pytest.mark.parametrize("profile", PERSONAS[:4], ids=lambda p: p.stem)
def test_at_80_columns_the_table_says_the_same_in_one_column(profile, tmp_path) -> None:
    wide = _terminal(_cli("plan", profile, "--explain"))
    result = CliRunner().invoke(app, ["plan", str(profile)], env={**STABLE_ENV, "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    narrow = _narrow_cells(result.stdout)
    assert narrow.keys() == wide.keys()
    for number, said in wide.items():
        months = narrow[number][0]
        assert _short_months(months) == said.months, (number, narrow[number])
        assert narrow[number][1:] == [said.cell_time, said.cell_cost], (number, narrow[number])
