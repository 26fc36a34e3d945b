"""The PDP item by item in the fields appraisal toolkits ask for (issue 20, item 4): CSV for
a spreadsheet or an import, and text to paste field by field."""

from __future__ import annotations

import csv
import io

import yaml
from export_support import PERSONAS, load, plan_path, run

from careerplan.render.toolkit import FIELDS


def test_csv_has_a_row_an_item_in_the_toolkit_fields(tmp_path) -> None:
    for persona in PERSONAS:
        plan = load(persona)
        out = tmp_path / f"{persona}.csv"
        result = run("export", plan_path(persona), "--out", out)
        assert result.exit_code == 0, result.stderr
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the £ and dashes as UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert tuple(rows[0]) == FIELDS
        assert len(rows) == 1 + len(plan.items)
        assert all(len(row) == len(FIELDS) for row in rows)
        assert out.stat().st_mode & 0o077 == 0


def test_statuses_are_the_toolkits_words(tmp_path) -> None:
    """Proposed, Agreed (an item in progress is an agreed one), Complete on DATE,
    Carried forward, Dropped."""
    data = yaml.safe_load(plan_path("new-md").read_text(encoding="utf-8"))
    statuses = [
        ("proposed", None),
        ("agreed", None),
        ("in-progress", None),
        ("complete", "2027-05-12"),
        ("carried-forward", None),
    ]
    for item, (status, on) in zip(data["items"], statuses, strict=True):
        item["status"] = status
        item["status_date"] = on
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    printed = run("export", path, "--to", "csv").stdout.removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(printed)))
    order = {r["Item"]: r["Status"] for r in rows}
    assert sorted(order.values()) == sorted(
        ["Proposed", "Agreed", "Agreed", "Complete on 12/05/2027", "Carried forward"]
    )
    text = run("export", path, "--to", "txt").stdout
    assert "Status: Complete on 12 May 2027" in text
    assert "In progress" not in text


def test_text_to_paste_is_one_field_a_line(tmp_path) -> None:
    plan = load("new-md")
    result = run("export", plan_path("new-md"), "--to", "txt")
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    assert blocks[0].startswith("Personal development plan for Dr Amara Okafor: 5 items")
    items = blocks[1:]
    assert len(items) == len(plan.items)
    for n, block in enumerate(items, 1):
        lines = block.splitlines()
        assert lines[0].startswith(f"PDP item {n} of {len(plan.items)}: ")
        assert [line.split(": ", 1)[0] for line in lines[1:]] == [
            "Development need",
            "Agreed action",
            "Target date",
            "How it will be demonstrated",
            "Status",
        ]
    first = plan.items[0]
    assert f"Target date: {first.target_date.day} {first.target_date:%B %Y}" in items[0]
    # Written to a .txt file, the same text.
    out = tmp_path / "pdp.txt"
    assert run("export", plan_path("new-md"), "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout


def test_a_cell_that_looks_like_a_formula_stays_text(tmp_path) -> None:
    data = yaml.safe_load(plan_path("new-md").read_text(encoding="utf-8"))
    data["items"][0]["evidence"] = '=HYPERLINK("http://x")'
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(run("export", path, "--to", "csv").stdout)))
    assert any(cell.startswith("'=HYPERLINK") for cell in rows[1])
    assert not any(cell.startswith("=") for row in rows for cell in row)
