"""The HTML export: self-contained, printable, built from the markdown, safe."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from export_support import PERSONAS, catalogue, hostile_plan, load, plan_path, run

from careerplan.render.export import render
from careerplan.render.html import split_sections


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    return c


@pytest.mark.parametrize("persona", PERSONAS)
def test_html_is_self_contained(persona: str) -> None:
    result = run("export", plan_path(persona), "--to", "html")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    doc = parse(html)
    names = [t for t, _ in doc.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names
    assert "img" not in names and "object" not in names and "embed" not in names
    for tag, attrs in doc.tags:
        for attr in ("src", "srcset", "data", "poster"):
            assert attr not in attrs, f"<{tag} {attr}=...> would load something"
        if "href" in attrs and tag != "a":
            pytest.fail(f"<{tag} href=...> would load something")
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://", "#"))
    assert "@import" not in html and "url(" not in html
    assert html.count("<style>") == 1
    assert "<svg" in html and "@media print" in html and "size: A4" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_html_has_the_markdown_content_and_both_charts(persona: str) -> None:
    plan = load(persona)
    html = render(plan, "html", assessment=catalogue().assessment)
    doc = parse(html)
    sections = [a.get("id") for t, a in doc.tags if t == "section"]
    assert sections == [
        "title",
        "personal-development-plan",
        "why-each-item",
        "the-plan-at-a-glance",
        "timeline-and-reviews",
        "your-next-steps",
        "notes-for-your-situation",
        *(["board-appraisal"] if plan.profile.role == "medical-director" else []),
        "sources",
    ]
    svgs = [a for t, a in doc.tags if t == "svg"]
    assert len(svgs) == 2
    assert all(a.get("role") == "img" for a in svgs)
    # One bar per item on the timeline, one per rated area on the ratings chart.
    rects = html.split('<figure class="chart timeline">')[1].split("</figure>")[0]
    assert rects.count('rx="2"') == len(plan.items)
    ratings = html.split('<figure class="chart ratings">')[1].split("</figure>")[0]
    assert ratings.count("<rect") == len(plan.profile.ratings)
    # PDP table: header plus one row per item.
    table = html.split('id="personal-development-plan"')[1].split("</table>")[0]
    assert table.count("<tr>") == len(plan.items) + 1
    for item in plan.items:
        assert item.action.split()[0] in html
    text = " ".join(doc.text)
    assert "Exploring the role of senior medical leadership" in text


def test_hostile_text_stays_text_in_html(tmp_path) -> None:
    result = run("export", hostile_plan(tmp_path), "--to", "html")
    assert result.exit_code == 0, result.stderr
    doc = parse(result.stdout)
    names = {t for t, _ in doc.tags}
    assert not names & {"script", "img", "b", "i", "u"}
    assert all(not a.get("href", "").startswith("javascript") for _, a in doc.tags)
    text = "".join(doc.text)
    assert "<script>alert(1)</script>" in text  # shown, not run
    sections = [a.get("id") for t, a in doc.tags if t == "section"]
    assert len(sections) == 9  # a </section> in a note did not end a section


def test_split_sections_keeps_blocks_whole() -> None:
    md = "# T\n\nintro\n\n## A b\n\ntext\n\n### One\n\n- x\n\n### Two\n\ny\n\n## A b\n\nz\n"
    sections = split_sections(md)
    assert [s.id for s in sections] == ["title", "a-b", "a-b-2"]
    assert [p.title for p in sections[1].parts] == ["One", "Two"]
    assert "<li>x</li>" in sections[1].parts[0].body
    assert sections[1].intro.strip() == "<p>text</p>"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_chart_carries_its_data_as_a_table(persona: str) -> None:
    """A screen reader reads a table of each chart's data (issue 20, item 9): every rated
    area with its rating, every item with its dates, every review."""
    plan = load(persona)
    html = render(plan, "html", assessment=catalogue().assessment)
    ratings = html.split('<figure class="chart ratings">')[1].split("</figure>")[0]
    table = ratings[ratings.index('<div class="chart-data">') :]
    assert table.count("<tr>") == 1 + len(plan.profile.ratings)
    assert '<th scope="col">Rating</th>' in table
    top = catalogue().assessment.top
    for rating in plan.profile.ratings.values():
        assert f"{rating} of {top}, " in table
    timeline = html.split('<figure class="chart timeline">')[1].split("</figure>")[0]
    table = timeline[timeline.index('<div class="chart-data">') :]
    assert table.count("<tr>") == 1 + len(plan.items) + len(plan.reviews)
    for item in plan.items:
        assert f"{item.target_date.day} {item.target_date:%B %Y}" in table
    assert "Review 1" in table
