"""Other people's text reaches every output escaped for where it goes (issue 23, item 1).

The same hostile strings (an HTML tag, markdown markup, rich markup, reordering marks,
characters XML cannot hold, terminal escape sequences in file names) are fed to the
terminal (`plan --batch` and its failure list, `summary`, `compare`), markdown, HTML and
Word; each output shows them as text and obeys none of them.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from careerplan import textsafe

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
COMPARE = HERE / "fixtures" / "compare"

#: Names another person can give themselves (a profile's text: no control characters, the
#: YAML reader refuses those).
HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>",
    "Dr [/] [bold red]x[/bold red] *y* _z_ `c` | # h",
    "Dr \u202eevil\u2066 gnp.exe",
]
#: A name no plan can hold (Word's XML cannot): refused at input in one line.
NONCHAR_NAME = "Dr \uffff\ufffe Nonchar"
#: A file name: escape sequences that retitle (OSC) and recolour (CSI) a terminal, a bell.
HOSTILE_FILE = "evil\x1b]0;PWNED\x07\x1b[31mred\u202e"

TERMINAL_UNSAFE = re.compile("[\x1b\x07\x9b\u202e\u2066\ufffe\uffff\ud800]")


def profile_data(name: str) -> dict:
    import yaml

    data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    data["name"] = name
    data["assessed_on"] = data["assessed_on"].isoformat()
    data["constraints"]["start"] = data["constraints"]["start"].isoformat()
    return data


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Profiles with hostile names (as JSON: it carries any character), one under a hostile
    file name, and a broken file under another, so the failure list names it."""
    people = tmp_path / "people"
    people.mkdir()
    for n, name in enumerate([*HOSTILE_NAMES, NONCHAR_NAME]):
        stem = HOSTILE_FILE if n == 0 else f"person{n}"
        (people / f"{stem}.json").write_text(json.dumps(profile_data(name)), encoding="utf-8")
    (people / f"broken{HOSTILE_FILE}.yaml").write_text("name: [\n", encoding="utf-8")
    return people


def assert_terminal_safe(text: str) -> None:
    assert not TERMINAL_UNSAFE.search(text), ascii(TERMINAL_UNSAFE.search(text))


def test_batch_progress_and_failure_list_escape_file_names(cli, folder: Path, tmp_path) -> None:
    result = cli("plan", "--batch", folder, "--out-dir", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert_terminal_safe(result.stdout + result.stderr)
    assert "3 of 5 plans written" in result.stdout
    assert "person3.json" in result.stderr and "U+FFFF" in result.stderr
    assert "\\x1b]0;PWNED\\x07\\x1b[31mred\\u202e" in result.stderr  # shown, not obeyed
    assert "Traceback" not in result.stderr


def test_batch_progress_bar_shows_file_names_escaped(
    cli, folder: Path, tmp_path, monkeypatch
) -> None:
    """The bar's last frame (kept on screen here) names the last file, escaped."""
    import rich.progress
    from rich.console import Console

    from careerplan.cli import common

    for path in folder.iterdir():  # the hostile file name planned last
        if not path.name.startswith(("evil", "broken")):
            path.unlink()
    buffer = io.StringIO()
    shown = Console(file=buffer, force_terminal=True, width=300, color_system=None)
    monkeypatch.setattr(common, "console", lambda stderr=False: shown)

    class Kept(rich.progress.Progress):
        def __init__(self, *columns, **kwargs) -> None:
            super().__init__(*columns, **{**kwargs, "transient": False})

    monkeypatch.setattr(rich.progress, "Progress", Kept)
    cli("plan", "--batch", folder, "--out-dir", tmp_path / "o")
    drawn = buffer.getvalue()
    assert "\\x1b]0;PWNED\\x07" in drawn  # the bar did show the name, escaped
    assert "\x07" not in drawn and "\x1b]0;" not in drawn


@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_summary_escapes_names_and_file_names(cli, folder: Path, fmt: str) -> None:
    result = cli("summary", folder, "--named", "--to", fmt)
    assert result.exit_code == 1  # the broken file is left out, and listed
    assert_terminal_safe(result.stderr)
    out = result.stdout
    if fmt == "terminal":
        assert_terminal_safe(out)
        assert "<img src=x onerror=alert(1)>" in out  # as text
        assert "[/]" in out and "[bold red]x[/bold red]" in out  # not rich markup
    elif fmt == "md":
        assert "<img" not in out.replace("\\<img", "")
        assert "\\<img src=x onerror=alert(1)\\>" in out
        assert "\u202e" not in out and "\uffff" not in out
        assert "\\[bold red\\]" in out
    else:
        assert "<img" not in out
        assert "&lt;img src=x onerror=alert(1)&gt;" in out
        assert "\u202e" not in out and "\uffff" not in out


@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_compare_escapes_names_and_file_names(cli, tmp_path: Path, fmt: str) -> None:
    import yaml

    files = []
    for n, source in enumerate(sorted(COMPARE.glob("*.yaml"))):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["name"] = HOSTILE_NAMES[0] + " \u202e"
        path = tmp_path / f"{'<b>x' if n else HOSTILE_FILE}{n}.json"
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
        files.append(path)
    result = cli("compare", *files, "--to", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt != "terminal":
        shown = result.stdout.replace("\\<", "")  # markdown's escaped '<' is text
        assert "<img" not in shown and "<b>x" not in shown
    assert_terminal_safe(result.stdout + result.stderr)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_plan_exports_escape_names(cli, tmp_path: Path, name: str) -> None:
    import docx

    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(profile_data(name)), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert cli("plan", profile, "--save", plan).exit_code == 0
    shown = cli("plan", profile)
    assert shown.exit_code == 0
    assert_terminal_safe(shown.stdout)
    md = cli("export", plan, "--to", "md").stdout
    html = cli("export", plan, "--to", "html").stdout
    assert "<img" not in md.replace("\\<img", "") and "<img" not in html
    assert "\u202e" not in md + html and "\uffff" not in md + html
    result = cli("export", plan, "--to", "docx", "--out", tmp_path / "p.docx")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "p.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert not re.search("[\ufffe\uffff\u202e\x00-\x08]", xml)
    assert docx.Document(str(tmp_path / "p.docx")).paragraphs


@pytest.mark.parametrize("bad", ["\uffff", "\ufffe", "\x1b[31m", "\x07"])
@pytest.mark.parametrize("flag", ["--note", "--mentor"])
def test_review_and_plan_refuse_what_a_plan_cannot_hold(cli, tmp_path, bad, flag) -> None:
    plan = tmp_path / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan).exit_code == 0
    before = plan.read_bytes()
    if flag == "--note":
        result = cli(
            "review",
            plan,
            "--item",
            "executive-coaching",
            "--status",
            "in-progress",
            "--note",
            f"met{bad}x",
        )
    else:
        result = cli("plan", PROFILE, "--mentor", f"Dr{bad}M", "--save", plan, "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and flag in result.stderr
    assert_terminal_safe(result.stderr)
    assert plan.read_bytes() == before
    word = cli("export", plan, "--to", "docx", "--out", tmp_path / "p.docx")
    assert word.exit_code == 0, word.stderr


def test_a_profile_name_no_plan_can_hold_is_one_line(cli, tmp_path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(profile_data(NONCHAR_NAME)), encoding="utf-8")
    result = cli("plan", profile)
    assert result.exit_code == 2
    assert "name: holds the character U+FFFF" in result.stderr
    assert "internal" not in result.stderr


def test_a_plan_already_holding_nonchars_still_exports_to_word(cli, tmp_path) -> None:
    """A note saved before the input check (the attack: every later Word export was an
    internal error) is replaced at output."""
    import docx

    plan = tmp_path / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan).exit_code == 0
    item = ("review", plan, "--item", "executive-coaching", "--status", "in-progress")
    assert cli(*item, "--note", "MARKER note").exit_code == 0
    text = plan.read_text(encoding="utf-8")
    assert "MARKER note" in text
    plan.write_text(text.replace("MARKER note", '"MARKER \\uFFFF\\uFFFE note"'))
    result = cli("export", plan, "--to", "docx", "--out", tmp_path / "p.docx")
    assert result.exit_code == 0, result.stderr
    texts = [p.text for p in docx.Document(str(tmp_path / "p.docx")).paragraphs]
    assert any("MARKER \ufffd\ufffd note" in t for t in texts)


def test_one_module_holds_the_rules() -> None:
    """Text safety is defined once: no other module keeps its own control-character rule."""
    pattern = re.compile(r"re\.compile\(r?[\"']\[\\x00|\\u202a-\\u202e|range\(0x202A")
    owners = []
    for path in (HERE.parent / "careerplan").rglob("*.py"):
        if path.name in ("textsafe.py", "yamlio.py"):  # yamlio: the reader's own fast path
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            owners.append(path.name)
    assert owners == []


@pytest.mark.parametrize("text", [*HOSTILE_NAMES, HOSTILE_FILE])
def test_each_function_leaves_nothing_unsafe(text: str) -> None:
    assert not TERMINAL_UNSAFE.search(textsafe.terminal(text))
    outs = (textsafe.one_line(text), textsafe.md_inline(text), textsafe.md_cell(text))
    for out in (*outs, textsafe.html_text(text)):
        assert not re.search("[\x00-\x1f\u202e\u2066\ufffe\uffff\ud800-\udfff]", out)
    assert "<" not in textsafe.html_text(text) and "<" not in textsafe.md_inline(text).replace(
        "\\<", ""
    )


@pytest.mark.parametrize("text", [*HOSTILE_NAMES, "-", "1.", "# x", "a | b", "<b>x</b>"])
def test_a_table_cell_renders_back_to_the_same_text(text: str) -> None:
    from markdown_it import MarkdownIt

    table = f"| h |\n| --- |\n| {textsafe.md_cell(text)} |\n"
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(table)
    cell = re.search(r"<td>(.*)</td>", html)
    assert cell is not None, html
    import html as html_module

    assert html_module.unescape(cell.group(1)) == textsafe.one_line(text)


@pytest.mark.parametrize("bad", ["\uffff", "\ufffe", "\x1b", "\x85"])
@pytest.mark.parametrize("field", ["name", "mentor"])
def test_assess_refuses_what_a_plan_cannot_hold_naming_the_flag(cli, tmp_path, bad, field):
    out = tmp_path / "p.yaml"
    result = cli(
        "assess", "--no-input", "--answers", PROFILE, "--set", f"{field}=Dr {bad} X", "--out", out
    )
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"careerplan: --set {field}=") and "internal" not in line
    assert_terminal_safe(line)
    assert not out.exists()


def test_a_hostile_file_name_is_never_put_into_a_suggested_command(cli, tmp_path) -> None:
    """The plan's swap and include commands name the profile's file; a name with a control
    character cannot be typed or saved, so they say PROFILE instead, and the plan saves."""
    profile = tmp_path / f"{HOSTILE_FILE}.json"
    profile.write_text(json.dumps(profile_data("Dr Safe")), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = cli("plan", profile, "--save", out)
    assert result.exit_code == 0, result.output
    saved = out.read_text(encoding="utf-8")
    assert "careerplan plan PROFILE" in saved
    assert "PWNED" not in saved
