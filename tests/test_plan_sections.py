"""The terminal and the exports say a plan's sections alike (issue 21, item 2).

The totals, the needs not met, what was left out, the reviews and the next steps are
worded once (careerplan/render/sections.py) and drawn by the terminal, plain mode and the
Document the exports share. Here, for very different people, the plan is read back from
the screen in plain mode (one paragraph a line at a wide terminal) and from the markdown
export, section by section, and the two must agree: the same left-out entries in the same
order, the same totals, the same review dates, the same next steps.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PERSONAS = [
    # a new medical director in an NHS trust, with a mentor and a budget
    HERE / "personas" / "new-md-nhs-trust.yaml",
    # a clinical lead in the voluntary sector: two hours a month, no budget
    HERE / "personas" / "clinical-lead-voluntary-tiny-hours.yaml",
    # a consultant aiming at leadership, with needs the plan cannot meet
    HERE / "personas" / "consultant-aspiring.yaml",
    # an experienced medical director aiming at chief executive: a long plan
    HERE / "personas" / "experienced-md-chief-executive.yaml",
    # a consultant with no budget at all, two needs unmet
    HERE / "fixtures" / "mentor" / "consultant-no-budget.yaml",
    # no hours at all: a plan with no items (the profile() fixture writes it)
    Path("zero-hours.yaml"),
]


@pytest.fixture
def profile(request, tmp_path: Path) -> Path:
    """The persona's profile; 'zero-hours' is the aspiring consultant with no hours."""
    path: Path = request.param
    if path.exists():
        return path
    text = (HERE / "personas" / "consultant-aspiring.yaml").read_text(encoding="utf-8")
    zero = tmp_path / path.name
    zero.write_text(text.replace("hours_per_month: 3", "hours_per_month: 0"), encoding="utf-8")
    return zero


WIDE = "1000"  # plain mode wraps at the terminal's width: one paragraph a line


def _views(cli, monkeypatch, profile: Path) -> tuple[str, str]:
    monkeypatch.setenv("COLUMNS", WIDE)
    plain = cli("plan", profile, "--plain")
    assert plain.exit_code == 0, plain.stderr
    markdown = cli("plan", profile, "--to", "md")
    assert markdown.exit_code == 0, markdown.stderr
    return plain.stdout, markdown.stdout


def _plain_section(text: str, title: str) -> list[str]:
    """The lines under a plain-mode heading ('Left out for now, ...'), up to a blank."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(title):
            out = []
            for entry in lines[i + 1 :]:
                if not entry:
                    break
                out.append(entry)
            return out
    return []


def _md_section(text: str, heading: str) -> str:
    """A markdown `##` section's body."""
    parts = text.split(f"\n## {heading}\n", 1)
    return parts[1].split("\n## ", 1)[0] if len(parts) == 2 else ""


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def _unescape(text: str) -> str:
    """Markdown text as a reader reads it: no backslash escapes."""
    return _ESCAPED.sub(r"\1", text)


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem, indirect=True)
def test_the_same_things_are_left_out_in_the_same_order(cli, monkeypatch, profile) -> None:
    plain, markdown = _views(cli, monkeypatch, profile)
    on_screen = _plain_section(plain, "Left out for now, and what would let it in")
    notes = _unescape(_md_section(markdown, "Notes for your situation"))
    listed = notes.split("Left out for now, and why:\n\n", 1)
    assert on_screen, profile.stem  # every persona here has something left out
    assert len(listed) == 2, profile.stem
    entries = listed[1].split("\n\n", 1)[0].splitlines()
    titles = [re.sub(r"^- (\*\*)?(.+?)(:\*\* .*)?$", r"\2", e) for e in entries]
    assert len(titles) == len(on_screen), (titles, on_screen)
    for title, entry in zip(titles, on_screen, strict=True):
        assert entry.startswith(title), (title, entry)


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem, indirect=True)
def test_the_same_needs_are_said_to_be_unmet(cli, monkeypatch, profile) -> None:
    plain, markdown = _views(cli, monkeypatch, profile)
    on_screen = _plain_section(plain, "Not covered yet, and what would change that")
    notes = _unescape(_md_section(markdown, "Notes for your situation"))
    unmet = notes.split("Not covered yet:\n\n", 1)
    listed = unmet[1].split("\n\n", 1)[0] if len(unmet) == 2 else ""
    in_document = re.findall(r"^- \*\*(.+?):\*\* ", listed, re.M)
    assert len(in_document) == len(on_screen), (in_document, on_screen)


_FIGURES = (
    re.compile(r"([\d,.]+) of ([\d,.]+) hours of your own time"),
    re.compile(r"(£[\d,.]+) counted against your (£[\d,.]+) budget"),
    re.compile(r"\(([£\d,.]+) of it careerplan's estimate"),
)


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem, indirect=True)
def test_the_totals_give_the_same_figures(cli, monkeypatch, profile) -> None:
    plain, markdown = _views(cli, monkeypatch, profile)
    totals = "\n".join(_plain_section(plain, "Totals against your limits"))
    glance = _unescape(_md_section(markdown, "The plan at a glance"))
    assert totals and glance
    for pattern in _FIGURES:
        on_screen, in_document = pattern.search(totals), pattern.search(glance)
        assert bool(on_screen) == bool(in_document), (profile.stem, pattern.pattern)
        if on_screen and in_document:
            assert on_screen.groups() == in_document.groups(), profile.stem
    unknown = re.search(r"Price unknown, ask before committing \(not counted\): (.*)\.", totals)
    counted = re.search(r"(\d+) items? ha(?:s|ve) an unknown cost", glance)
    assert bool(unknown) == bool(counted), profile.stem
    leave = re.search(r"Study leave: ([\d.]+) of ([\d.]+) days?", totals)
    if leave and leave.group(1) != "0":
        assert f"{leave.group(1)} of {leave.group(2)} day" in glance, profile.stem


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem, indirect=True)
def test_the_reviews_fall_on_the_same_days(cli, monkeypatch, profile) -> None:
    plain, markdown = _views(cli, monkeypatch, profile)
    line = next(x for x in plain.splitlines() if x.startswith("Reviews: "))
    on_screen = [
        dt.datetime.strptime(d, "%d %b %Y").date()
        for d in re.findall(r"\d{1,2} [A-Z][a-z]{2} \d{4}", line)
    ]
    timeline = _md_section(markdown, "Timeline and reviews")
    in_document = [
        dt.datetime.strptime(d, "%d %B %Y").date()
        for d in re.findall(r"^- \*\*(\d{1,2} [A-Z][a-z]+ \d{4}):\*\*", timeline, re.M)
    ]
    assert on_screen and on_screen == in_document, profile.stem


@pytest.mark.parametrize("profile", PERSONAS, ids=lambda p: p.stem, indirect=True)
def test_the_next_steps_are_the_same(cli, monkeypatch, profile) -> None:
    plain, markdown = _views(cli, monkeypatch, profile)
    on_screen = [re.sub(r"^\d+\. ", "", x) for x in _plain_section(plain, "Your next")]
    section = _unescape(_md_section(markdown, "Your next steps"))
    in_document = [re.sub(r"^\d+\. ", "", x) for x in section.splitlines() if x]
    assert on_screen and on_screen == in_document, profile.stem


def test_the_readers_tell_a_disagreement_apart() -> None:
    """The section readers find what they look for (else the tests above could pass on
    nothing)."""
    text = "Left out for now, and what would let it in.\nA is left out: x.\n\nNext.\n"
    assert _plain_section(text, "Left out for now") == ["A is left out: x."]
    assert _plain_section(text, "Not covered") == []
    md = "# T\n\n## Your next steps\n\n1. Do it\\. (For: X).\n\n## Notes\n"
    assert _unescape(_md_section(md, "Your next steps")).strip() == "1. Do it. (For: X)."
    assert _md_section(md, "Sources") == ""


def test_every_reason_an_opportunity_is_kept_out_has_words_for_a_document() -> None:
    """A new reason in the plan model must be worded for the appraiser's list too (else
    a document would list the title with no reason)."""
    from typing import get_args

    from careerplan.model.plan import KeptReason
    from careerplan.render.sections import LEFT_OUT_WORDS

    assert {*get_args(KeptReason), "no-budget"} <= LEFT_OUT_WORDS.keys()
