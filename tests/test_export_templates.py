"""Custom layouts (--template): variables, extending the built-in layout, errors, safety."""

from __future__ import annotations

from export_support import HOSTILE_NAME, hostile_plan, plan_path, run
from markdown_it import MarkdownIt

PLAN = plan_path("new-md")


def layout(tmp_path, text: str, name: str = "ours.md.j2"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_markdown_layout_gets_doc_and_plan(tmp_path) -> None:
    path = layout(
        tmp_path,
        """# Our trust PDP: {{ doc.person }}

{% set raw = plan["items"] %}
{% for item in doc.items %}
- {{ item.title }}, due {{ item.target_date | date }} ({{ item.status }}), {{ raw[loop.index0].id }}
{% endfor %}
Reviews: {{ doc.reviews | map(attribute="on") | map("date", "iso") | join(", ") }}
""",
    )
    result = run("export", PLAN, "--template", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "# Our trust PDP: Dr Amara Okafor",
        "",
        "- Mental Health Medical Directors Forum, due 31 March 2027 (Agreed), "
        "mh-medical-directors-forum",
        "- Agree protected time for clinical work in your job plan, due 26 February 2027 "
        "(Proposed), protected-clinical-time-job-plan",
        "- Action learning set for medical directors, due 30 June 2027 (Proposed), "
        "md-action-learning-set",
        "- NHS Providers board development programme, due 30 September 2027 (Proposed), "
        "nhs-providers-board-development",
        "- Action learning set with other board directors, due 17 December 2027 (Proposed), "
        "board-action-learning-set",
        "Reviews: 2027-04-05, 2027-07-05, 2027-10-04, 2027-12-20",
    ]


def test_custom_layout_can_replace_one_block_of_the_built_in(tmp_path) -> None:
    path = layout(
        tmp_path,
        """{% extends "careerplan/plan.md.j2" %}
{% block footer %}
Prepared for the Example Trust appraisal system. {{ doc.footer }}
{% endblock %}
""",
    )
    result = run("export", PLAN, "--template", path)
    assert result.exit_code == 0, result.stderr
    default = run("export", PLAN).stdout
    assert result.stdout.split("## Sources")[0] == default.split("## Sources")[0]
    assert result.stdout.rstrip().endswith("check them with the provider before you commit.")
    assert "Prepared for the Example Trust appraisal system." in result.stdout


def test_custom_layout_escapes_values_by_default(tmp_path) -> None:
    path = layout(tmp_path, "| name |\n|---|\n| {{ doc.person }} |\n")
    result = run("export", hostile_plan(tmp_path), "--template", path)
    assert result.exit_code == 0, result.stderr
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(result.stdout)
    cells = [t for t in tokens if t.type == "inline"]
    assert [c.type for c in cells[-1].children] == ["text"]
    assert cells[-1].children[0].content == " ".join(HOSTILE_NAME.split())


def test_custom_html_layout(tmp_path) -> None:
    path = layout(
        tmp_path,
        """<!DOCTYPE html><html><head><style>{{ css }}</style></head>
<body><h1>{{ doc.title }}</h1>{{ charts.timeline }}
{% for s in sections if s.id == "personal-development-plan" %}{{ s.html }}{% endfor %}
<p>{{ "**bold** <b>x</b>" | markdown }}</p></body></html>
""",
        name="ours.html.j2",
    )
    result = run("export", hostile_plan(tmp_path), "--to", "html", "--template", path)
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<h1>Development plan: Dr A | *B* &lt;script&gt;`x` Y</h1>" in html
    assert "<svg" in html and "<table>" in html
    assert "<strong>bold</strong> &lt;b&gt;x&lt;/b&gt;" in html


def test_template_syntax_error_names_file_and_line(tmp_path) -> None:
    path = layout(tmp_path, "# {{ doc.title }}\n\n{% for item in doc.items %}\n- {{ item.title\n")
    result = run("export", PLAN, "--template", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"careerplan: {path}:4: template syntax error")
    assert result.stderr.count("\n") == 1


def test_unknown_variable_names_file_and_line(tmp_path) -> None:
    path = layout(tmp_path, "# {{ doc.title }}\n\n{{ doc.persn }}\n")
    result = run("export", PLAN, "--template", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"careerplan: {path}:3: template error:")
    assert "persn" in result.stderr and "Custom layouts" in result.stderr


def test_layout_cannot_reach_into_python(tmp_path) -> None:
    path = layout(tmp_path, "{{ doc.__class__.__init__.__globals__ }}\n")
    result = run("export", PLAN, "--template", path)
    assert result.exit_code == 2
    assert "template error" in result.stderr
    assert "__builtins__" not in result.stdout


def test_missing_and_unreadable_templates(tmp_path) -> None:
    result = run("export", PLAN, "--template", tmp_path / "none.j2")
    assert result.exit_code == 2
    assert "no such template file" in result.stderr
    binary = tmp_path / "bin.j2"
    binary.write_bytes(b"ok\n\xff\xfe")
    result = run("export", PLAN, "--template", binary)
    assert result.exit_code == 2
    assert f"{binary}:2: is not UTF-8 text" in result.stderr
    result = run("export", PLAN, "--template", tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.stderr
