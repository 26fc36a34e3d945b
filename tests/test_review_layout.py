"""`review` keeps the user's own plan file as they keep it (issue 20, item 8): comments,
blank lines and layout stay; only the lines of what changed are written again."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.roundtrip import updated_text

HERE = Path(__file__).parent
PLANS = HERE / "fixtures" / "plans"


_SAVED: list[str] = []
_VOCAB: list[dict[str, list[str]]] = []


def annotated(tmp_path: Path) -> tuple[Path, str]:
    """A plan saved by `careerplan plan --save` that the user has written notes into (the
    plan is made once and copied)."""
    plan = tmp_path / "plan.yaml"
    if not _SAVED:
        from typer.testing import CliRunner

        from careerplan.cli import app

        profile = HERE / "personas" / "new-md-nhs-trust.yaml"
        saved = CliRunner().invoke(app, ["plan", str(profile), "--save", str(plan)])
        assert saved.exit_code == 0, saved.stderr
        _SAVED.append(plan.read_text(encoding="utf-8"))
    lines = _SAVED[0].splitlines(keepends=True)
    first_item = next(i for i, line in enumerate(lines) if line.startswith("- id: "))
    lines.insert(first_item, "# Discussed with my mentor, Dr M, on 1 Dec 2026.\n\n")
    lines.insert(1, "# My own notes: bring this to appraisal in March.\n")
    status = next(i for i, line in enumerate(lines) if line.startswith("  status: "))
    lines[status] = lines[status].rstrip("\n") + "   # the one that matters most\n"
    plan.write_text("".join(lines), encoding="utf-8")
    return plan, "".join(lines)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def test_review_keeps_comments_and_changes_only_the_items_lines(cli, tmp_path) -> None:
    plan, before = annotated(tmp_path)
    first = cli("review", plan, "--item", "1", "--status", "agreed", "--note", "yes: agreed")
    assert first.exit_code == 0, first.stderr
    after = plan.read_text(encoding="utf-8")
    assert "# My own notes: bring this to appraisal in March.\n" in after
    assert "# Discussed with my mentor, Dr M, on 1 Dec 2026.\n\n- id: " in after
    assert "  status: agreed   # the one that matters most\n" in after
    removed, added = changed_lines(before, after)
    assert [line.split(":")[0] for line in removed] == ["  status", "  status_date", "  history"]
    assert "    note: 'yes: agreed'" in added
    # read back as the plan it should be
    shown = json.loads(cli("status", plan, "--format", "json").stdout)
    assert shown["items"][0]["status"] == "agreed"


def test_many_reviews_keep_the_notes(cli, tmp_path) -> None:
    plan, _ = annotated(tmp_path)
    for args in (
        ["--item", "1", "--status", "in-progress"],
        ["--item", "2", "--status", "agreed"],
        ["--item", "1", "--note", "Line one\nline two: # not a comment"],
        ["--item", "1", "--status", "complete"],
    ):
        result = cli("review", plan, *args)
        assert result.exit_code == 0, result.stderr
    after = plan.read_text(encoding="utf-8")
    assert after.count("# My own notes") == 1 and after.count("# Discussed with") == 1
    data = json.loads(cli("status", plan, "-f", "json").stdout)
    assert [i["status"] for i in data["items"][:2]] == ["complete", "agreed"]


def test_a_json_plan_is_still_written_whole(cli, tmp_path) -> None:
    plan = tmp_path / "plan.json"
    saved = cli("plan", HERE / "personas" / "new-md-nhs-trust.yaml", "--save", plan)
    assert saved.exit_code == 0, saved.stderr
    result = cli("review", plan, "--item", "1", "--status", "agreed")
    assert result.exit_code == 0, result.stderr
    assert json.loads(plan.read_text(encoding="utf-8"))["items"]


def test_a_change_a_splice_cannot_make_is_left_to_the_whole_writer() -> None:
    original = "# note\nversion: 1\nitems: []\n"
    assert updated_text(original, {"version": 1, "items": [1]}, {"version": 1}) is None  # dropped
    assert updated_text("[1, 2]\n", {"a": 1}, {"a": 2}) is None  # not a mapping
    assert updated_text("a: [\n", {"a": 1}, {"a": 2}) is None  # not YAML


def test_a_flow_style_value_is_rewritten_in_block_style() -> None:
    original = "# mine\nversion: 1\nhistory: []  # none yet\nname: x\n"
    before = {"version": 1, "history": [], "name": "x"}
    data = {"version": 1, "history": [{"on": "2027-01-04", "status": "agreed"}], "name": "x"}
    text = updated_text(original, before, data)
    assert text == (
        "# mine\nversion: 1\nhistory:\n- 'on': '2027-01-04'\n  status: agreed\nname: x\n"
    )


def test_a_hand_written_plan_gets_the_fields_it_lacked_added_in_place(cli, tmp_path) -> None:
    """The hand-written fixture has no status_date or history: they are added under the
    item, in the file's own indentation, and its flow lists and folded text stay."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLANS / "new-md.yaml", plan)
    before = plan.read_text(encoding="utf-8")
    result = cli("review", plan, "--item", "2", "--status", "agreed")
    assert result.exit_code == 0, result.stderr
    after = plan.read_text(encoding="utf-8")
    assert after.startswith(before.split("items:")[0])  # header comment, flow lists, `>-` text
    removed, added = changed_lines(before, after)
    assert removed == ["    status: proposed"]
    assert added[0] == "    status: agreed" and "    status_date: '2026-12-03'" in added
    assert "    - 'on': '2026-12-03'" in added


@pytest.mark.parametrize("fixture", sorted(p.name for p in PLANS.glob("*.yaml")))
def test_unchanged_data_leaves_the_file_byte_for_byte(fixture) -> None:
    from careerplan.store.yamlio import parse_yaml

    text = (PLANS / fixture).read_text(encoding="utf-8")
    data = parse_yaml(text, fixture).data
    assert updated_text(text, data, data) == text


def test_interactive_review_keeps_comments_too(cli, tmp_path, monkeypatch) -> None:
    """The walk-through saves through the same writer as --item."""
    from careerplan.review.progress import Change, apply_change
    from careerplan.store.planfile import update_plan

    plan, _ = annotated(tmp_path)
    copy = tmp_path / "copy.yaml"
    shutil.copy(plan, copy)
    from careerplan.store.catalogue import load_catalogue

    vocab = load_catalogue().vocab.ids()
    import datetime as dt

    update_plan(
        copy,
        vocab,
        lambda p: apply_change(p, Change(item="1", status="agreed"), dt.date(2026, 12, 3)),
    )
    assert "# My own notes" in copy.read_text(encoding="utf-8")


def test_a_plan_saved_with_windows_line_endings_keeps_them(cli, tmp_path) -> None:
    plan, before = annotated(tmp_path)
    plan.write_bytes(before.replace("\n", "\r\n").encode("utf-8"))
    result = cli("review", plan, "--item", "1", "--status", "agreed")
    assert result.exit_code == 0, result.stderr
    after = plan.read_bytes().decode("utf-8")
    assert (
        "# My own notes" in after and "  status: agreed   # the one that matters most\r\n" in after
    )
    assert after.count("\n") == after.count("\r\n")


NOTES = st.one_of(
    st.sampled_from(["yes", "no", "on", "null", "~", "2027-01-04", "1:30", "- dash", "a: b # c"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85"),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
    st.lists(st.sampled_from(["line one", "'quoted'", '"double"', "#hash"]), min_size=2).map(
        "\n".join
    ),
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.lists(
        st.tuples(st.integers(1, 3), st.sampled_from([None, "agreed", "in-progress"]), NOTES),
        min_size=1,
        max_size=4,
    )
)
def test_any_notes_read_back_as_the_plan_changed_in_memory(tmp_path_factory, changes) -> None:
    """Whatever a note holds (YAML's special words, quotes, colons, hashes, lines), the
    file written by the splice reads back as the plan changed in memory, comments kept."""
    import datetime as dt

    from careerplan.errors import CareerplanError
    from careerplan.model.plan import plan_data
    from careerplan.review.progress import Change, apply_change
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.planfile import load_plan, update_plan

    plan, _ = annotated(tmp_path_factory.mktemp("prop"))
    if not _VOCAB:
        _VOCAB.append(load_catalogue().vocab.ids())
    vocab = _VOCAB[0]
    today = dt.date(2026, 12, 3)
    expected = load_plan(plan, vocab)
    for item, status, note in changes:
        change = Change(item=str(item), status=status, note=note)
        try:
            expected = apply_change(expected, change, today)
        except CareerplanError:  # a move the rules refuse: the file must not change either
            continue
        update_plan(plan, vocab, lambda p, c=change: apply_change(p, c, today))
    assert plan_data(load_plan(plan, vocab)) == plan_data(expected)
    assert "# My own notes" in plan.read_text(encoding="utf-8")
