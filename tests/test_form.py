"""`careerplan form` (issue 22, item 1): the assessment as one offline web page.

The page is filled in by very different people in a real browser (headless Chromium from
Debian's packages, driven by playwright), and the profile it saves must validate and plan
exactly as `assess --answers` with the same answers does. Without chromium or playwright the
browser tests skip, unless CAREERPLAN_REQUIRE_BROWSER=1 (CI sets it)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerplan.assess.form import FORM_KINDS, form_spec
from careerplan.assess.kinds import KINDS
from careerplan.store.catalogue import load_catalogue
from careerplan.store.profiles import load_profile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TODAY = dt.date(2026, 12, 3)


def test_the_page_knows_every_kind_of_question_assess_has():
    assert set(KINDS) <= FORM_KINDS


def test_the_spec_holds_every_question_in_order_with_its_conditions():
    assessment = load_catalogue(today=TODAY).assessment
    spec = form_spec(assessment)
    assert [q["id"] for q in spec["questions"]] == [q.id for q in assessment.questions]
    board = next(q for q in spec["questions"] if q["id"] == "board-goals")
    assert {c["field"] for c in board["when"]} == {"role", "goals"}
    goals = next(q for q in spec["questions"] if q["id"] == "goals")
    step_up = next(o for o in goals["options"] if o["value"] == "step-up-to-md")
    assert step_up["when"] == [
        {
            "field": "role",
            "in": None,
            "not_in": ["medical-director"],
            "min_items": None,
            "max_items": None,
        }
    ]
    assert goals["max_items"] == 3
    clinical = next(q for q in spec["questions"] if q["id"] == "clinical-days")
    assert (clinical["min"], clinical["max"]) == (0, 5)


def test_form_writes_one_self_contained_page(cli, tmp_path):
    out = tmp_path / "assessment.html"
    result = cli("form", "--out", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|https?://", page)
    assert "Nothing you type leaves this computer" in page
    # The questions are data in the page; a title with markup cannot close the script.
    assert page.count("</script>") == 1
    again = cli("form", "--out", out)
    assert again.exit_code != 0 and "--force" in again.stderr


def test_an_organisations_own_questions_reach_its_form(cli, tmp_path):
    page = tmp_path / "f.html"
    assert cli("form", "--out", page).exit_code == 0
    spec = json.loads(re.search(r"const SPEC = (\{.*?\});\n", page.read_text()).group(1))
    assert spec["questions"][0]["prompt"] == "Your name, as it should appear on your plan"


# ---- in a real browser ---------------------------------------------------------------------


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM and sync_playwright:
        return sync_playwright
    if os.environ.get("CAREERPLAN_REQUIRE_BROWSER"):
        raise RuntimeError("chromium and playwright are required (see .ci/run)")
    pytest.skip("needs chromium and playwright")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page_file(cli, tmp_path) -> Path:
    out = tmp_path / "assessment.html"
    assert cli("form", "--out", out).exit_code == 0
    return out


@pytest.fixture
def page(browser, page_file):
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.clock.set_fixed_time(dt.datetime(2026, 12, 3, 10, 0))
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page_file.as_uri())
    tab.requests = requests  # type: ignore[attr-defined]
    yield tab
    assert errors == []
    assert [u for u in requests if u != page_file.as_uri()] == []  # nothing leaves the page
    context.close()


def _fill(page, answers: dict[str, Any]) -> None:
    """Answer as a person would, question by question, by clicking and typing."""
    for qid, value in answers.items():
        box = page.locator(f"#box-{qid}")
        assert box.is_visible(), f"{qid} is not asked"
        kind = box.get_attribute("class")
        if box.locator("select").count():
            box.locator("select").select_option(label=value)
        elif qid == "ratings":
            for area, level in value.items():
                box.locator(f"fieldset[data-area={area}] label", has_text=level).first.click()
        elif qid == "goal-order":
            for label in reversed(value):  # each named goal to the top, the first last
                while True:
                    up = box.get_by_role("button", name=f"Move {label} up")
                    if up.is_disabled():
                        break
                    up.click()
        elif box.locator("input[type=checkbox]").count():
            for label in value:
                box.get_by_label(label, exact=False).first.check()
        else:
            field = box.locator("input")
            field.fill(value)
        assert kind is not None


def _save(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Save my answers").click()
    download = info.value
    assert download.suggested_filename == "profile-2026-12-03.yaml"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert page.locator("#saved-text").input_value() == target.read_text()
    return target


def _same_as_assess(cli, tmp_path: Path, saved: Path, expected: dict[str, Any]) -> None:
    data = yaml.safe_load(saved.read_text())
    assert (data["version"], data["assessed_on"]) == (1, TODAY)
    assert {k: data.get(k) for k in expected} == expected  # what was answered, as answered
    assert cli("profile", "validate", saved).exit_code == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(expected, sort_keys=False))
    from_assess = tmp_path / "from-assess.yaml"
    result = cli("assess", "--answers", answers, "--no-input", "--out", from_assess)
    assert result.exit_code == 0, result.stderr
    vocab = load_catalogue(today=TODAY).vocab.ids()
    same = [load_profile(p, vocab, TODAY).model_dump() for p in (saved, from_assess)]
    # Every answer given is the same; an optional question the person left at its default
    # (the region, NHS-only offers) is saved by the page as the terminal saves it on Enter,
    # where --answers leaves it out: the plans must not differ for it.
    assert {k: same[0][k] for k in expected} == {k: same[1][k] for k in expected}
    # The commands a plan suggests name its profile's file: the same name for both.
    plans = [
        json.loads(cli("plan", p, "--format", "json").stdout.replace(str(p), "PROFILE"))
        for p in (saved, from_assess)
    ]
    for plan in plans:
        del plan["profile"]
    assert plans[0] == plans[1] and plans[0]["items"]


def test_a_consultant_who_skips_everything_optional(page, cli, tmp_path):
    _fill(
        page,
        {
            "role": "Consultant or SAS doctor",
            "years-in-role": "6 months",
            "organisation": "Voluntary sector",
            "clinical-days": "",
            "goals": ["Explore what comes next"],
        },
    )
    for hidden in ("board-goals", "goal-order", "protected-study"):
        assert not page.locator(f"#box-{hidden}").is_visible()
    saved = _save(page, tmp_path)
    _same_as_assess(
        cli,
        tmp_path,
        saved,
        {
            "role": "consultant",
            "years_in_role": 0.5,
            "organisation": "voluntary",
            "goals": ["explore-next-role"],
            "ratings": {},
            "priority_areas": [],
            "support_in_place": [],
            "preferences": {"formats": []},
            "constraints": {
                "hours_per_month": 6,
                "budget_gbp": 0,
                "study_leave_days": 10,
                "employer_funds_qualification": "not-sure",
                "horizon_months": 12,
            },
        },
    )


def test_a_medical_director_who_types_everything_in_british_forms(page, cli, tmp_path):
    _fill(
        page,
        {
            "name": "Dr Siân O'Neill <b>",
            "role": "Medical director or chief medical officer",
            "years-in-role": "18 months",
            "organisation": "NHS trust",
            "clinical-days": "1.5",
            "goals": ["Be more effective at board", "Find peer support", "Lead across the system"],
        },
    )
    _fill(
        page,
        {
            "goal-order": ["Find peer support", "Be more effective at board"],
            "ratings": {"finance": "1 Not yet", "board-skills": "2 Developing"},
            "priority-areas": ["Finance literacy"],
            "support": ["A mentor"],
            "formats": ["Online"],
            "hours-per-month": "8 hours",
            "budget": "£1,500",
            "study-leave": "5 days",
            "employer-funds": "Yes",
        },
    )
    _fill(page, {"protected-study": "10", "horizon": "24", "start": "Mon 4 Jan 2027"})
    review = page.locator("#review").inner_text()
    assert "£1,500" in review and "4 Jan 2027" in review and "1. Find peer support" in review
    saved = _save(page, tmp_path)
    _same_as_assess(
        cli,
        tmp_path,
        saved,
        {
            "name": "Dr Siân O'Neill <b>",
            "role": "medical-director",
            "years_in_role": 1.5,
            "organisation": "nhs-trust",
            "clinical_days_per_week": 1.5,
            "goals": ["peer-support", "board-effectiveness", "system-leadership"],
            "ratings": {"finance": 1, "board-skills": 2},
            "priority_areas": ["finance"],
            "support_in_place": ["mentor"],
            "preferences": {"formats": ["online"]},
            "constraints": {
                "hours_per_month": 8,
                "budget_gbp": 1500,
                "study_leave_days": 5,
                "employer_funds_qualification": "yes",
                "protected_study_hours_per_month": 10,
                "horizon_months": 24,
                "start": dt.date(2027, 1, 4),
            },
        },
    )


def test_a_clinical_director_stepping_up_is_asked_the_board_goals(page, cli, tmp_path):
    _fill(
        page,
        {
            "role": "Clinical director",
            "years-in-role": "3",
            "organisation": "Independent sector",
            "goals": ["Step up to medical director", "Develop my directorate"],
        },
    )
    assert not page.locator("#box-goals").get_by_label("Be more effective at board").is_visible()
    _fill(page, {"board-goals": ["Be more effective at board"]})
    saved = _save(page, tmp_path)
    data = yaml.safe_load(saved.read_text())
    assert data["goals"] == ["step-up-to-md", "develop-directorate", "board-effectiveness"]
    assert cli("profile", "validate", saved).exit_code == 0


def test_mistakes_are_named_and_nothing_is_saved_until_they_are_fixed(page, tmp_path):
    _fill(page, {"years-in-role": "ten", "start": "31/02/2027"})
    page.get_by_role("button", name="Save my answers").click()
    summary = page.locator("#summary-box")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "Role: choose one" in text
    assert "'ten' is not a number" in text
    assert "'31/02/2027' is not a real date" in text
    assert page.locator("#saved").is_hidden()
    # The first problem's link is focused, and following it reaches the question.
    assert page.evaluate("document.activeElement.textContent").startswith("Role")


def test_the_whole_form_can_be_completed_with_the_keyboard_alone(page, cli, tmp_path):
    def tab_to(selector: str) -> None:
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#q-role")
    for _ in range(4):  # down from "Choose one" to the fourth role, associate medical director
        page.keyboard.press("ArrowDown")
    tab_to("#q-goals-peer-support")
    page.keyboard.press("Space")
    with page.expect_download() as info:
        tab_to("#save")
        page.keyboard.press("Enter")
    target = tmp_path / "kb.yaml"
    info.value.save_as(target)
    data = yaml.safe_load(target.read_text())
    assert data["role"] == "associate-medical-director"
    assert data["goals"] == ["peer-support"]
    assert cli("profile", "validate", target).exit_code == 0


def test_every_control_has_a_name_a_screen_reader_reads(page):
    unnamed = page.evaluate(
        """() => Array.from(document.querySelectorAll('input, select, button, textarea'))
             .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                          && !(e.tagName === 'BUTTON' && e.textContent.trim()))
             .map(e => e.id || e.name)"""
    )
    assert unnamed == []


def test_a_colleagues_rater_page_round_trip(browser, cli, tmp_path):
    out = tmp_path / "view.html"
    result = cli("form", "--rater", "--for", "Dr A Example", "--out", out)
    assert result.exit_code == 0, result.stderr
    saved = []
    for i, relationship in enumerate(["Peer", "Direct report", "Mentor"]):
        context = browser.new_context(accept_downloads=True)
        tab = context.new_page()
        tab.clock.set_fixed_time(dt.datetime(2026, 12, 3, 10, 0))
        tab.goto(out.as_uri())
        assert tab.locator("h1").inner_text() == "Your view of Dr A Example"
        assert not tab.locator("#box-named").is_visible()
        _fill(
            tab,
            {
                "relationship": relationship,
                "ratings": {"system-partnership": "1 Not yet", "finance": "3 Confident"},
                "comment": f"Comment {i}",
                "share-comment": "Yes",
            },
        )
        if relationship == "Mentor":
            _fill(tab, {"named": "No"})
            assert not tab.locator("#box-rater").is_visible()
        with tab.expect_download() as info:
            tab.get_by_role("button", name="Save my answers").click()
        assert info.value.suggested_filename == "feedback-for-dr-a-example-2026-12-03.yaml"
        target = tmp_path / f"r{i}.yaml"
        info.value.save_as(target)
        saved.append(target)
        context.close()
    data = yaml.safe_load(saved[0].read_text())
    assert data == {
        "version": 1,
        "for": "Dr A Example",
        "given_on": TODAY,
        "relationship": "peer",
        "ratings": {"finance": 3, "system-partnership": 1},
        "comment": "Comment 0",
        "share_comment": True,
    }
    profile = Path(__file__).parent / "fixtures" / "profiles" / "valid.yaml"
    args = [a for f in saved for a in ("--feedback", f)]
    result = cli("plan", profile, *args, "--explain")
    assert result.exit_code == 0, result.stderr
    assert "How others see you (3 people: 3 colleagues)" in result.stdout
    assert "Blind spot: System partnership: you 3, others 1;" in result.stdout
    assert "A colleague: Comment 1" in result.stdout


def test_a_rater_page_needs_the_person(cli, tmp_path):
    result = cli("form", "--rater", "--out", tmp_path / "x.html")
    assert result.exit_code == 2
    assert "--rater and --for NAME go together" in result.stderr


def test_text_and_controls_meet_wcag_aa_contrast(page):
    """Every visible text against its background at 4.5:1 or more (WCAG 2.2 AA, 1.4.3), and
    the focus outline against white at 3:1 or more (1.4.11)."""
    page.get_by_role("button", name="Save my answers").click()  # shows the error styles too
    worst = page.evaluate(
        """() => {
      const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
      const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
        if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return rgb(c); }
        return [255, 255, 255]; };
      let worst = [99, ''];
      document.querySelectorAll('body *').forEach(e => {
        if (!e.offsetParent || ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return;
        const r = ratio(rgb(getComputedStyle(e).color), bg(e));
        if (r < worst[0]) worst = [r, e.tagName + ' ' + e.textContent.trim().slice(0, 40)];
      });
      return worst; }"""
    )
    assert worst[0] >= 4.5, worst
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(0, 48, 135)"  # #003087 on white: 12:1
