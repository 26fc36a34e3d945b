"""For mentors and scripts (issue 20, item 7): `status --format json` and `--check`,
`profile show` and `profile validate` as JSON."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
BAD = HERE / "fixtures" / "profiles" / "several-problems.yaml"
PLAN = HERE / "fixtures" / "plans" / "new-md.yaml"


def _dates(cli) -> tuple[str, str]:
    """A day before the plan's first target, and a day after its last."""
    data = json.loads(cli("status", PLAN, "--format", "json").stdout)
    targets = sorted(item["target_date"] for item in data["items"])
    return data["start"], f"{int(targets[-1][:4]) + 1}{targets[-1][4:]}"


def test_status_json_carries_the_figures_and_the_items(cli) -> None:
    early, late = _dates(cli)
    result = cli("status", PLAN, "--format", "json", "--today", late)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == late
    assert [i["number"] for i in data["items"]] == list(range(1, len(data["items"]) + 1))
    assert {o["id"] for o in data["overdue"]} == {i["id"] for i in data["items"]}
    assert all(o["days"] > 0 for o in data["overdue"])
    assert data["overall"]["items"] == len(data["items"])
    assert set(data["hours"]) == {"planned", "spent", "unknown"}
    assert set(data["study_leave_days"]) == {"planned", "spent"}
    terminal = cli("status", PLAN, "--today", late).stdout
    hours = data["hours"]
    assert f"{hours['spent']:g} of {hours['planned']:g} hours of your own time" in terminal


def test_status_check_exits_1_only_when_something_is_overdue(cli) -> None:
    early, late = _dates(cli)
    calm = cli("status", PLAN, "--check", "--today", early)
    assert calm.exit_code == 0, calm.stderr
    assert "Nothing is overdue." in calm.stdout
    late_run = cli("status", PLAN, "--check", "--today", late)
    assert late_run.exit_code == 1
    assert "overdue in" in late_run.stderr and str(PLAN) in late_run.stderr
    assert "Overdue (" in late_run.stdout  # the view is still printed
    without = cli("status", PLAN, "--today", late)
    assert without.exit_code == 0  # without --check, overdue items are news, not failure


def test_status_refuses_an_unknown_format_in_words(cli) -> None:
    result = cli("status", PLAN, "--to", "xml")
    assert result.exit_code == 2
    assert result.stderr == "careerplan: --format xml: give terminal or json\n"


def test_profile_show_json(cli) -> None:
    result = cli("profile", "show", PROFILE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["profile"]["name"] == "Dr A Example"
    assert data["stage"] == "new-md"
    finance = next(r for r in data["ratings"] if r["area"] == "finance")
    assert finance == {
        "area": "finance",
        "label": "Finance literacy",
        "rating": 1,
        "words": "Not yet",
    }
    unrated = [r for r in data["ratings"] if r["rating"] is None]
    assert unrated and all(r["words"] is None for r in unrated)


def test_profile_validate_json_lists_each_file_and_exits_2_on_a_problem(cli) -> None:
    good = cli("profile", "validate", PROFILE, "-f", "json")
    assert good.exit_code == 0, good.stderr
    assert json.loads(good.stdout) == [
        {
            "file": str(PROFILE),
            "valid": True,
            "role": "medical-director",
            "stage": "new-md",
            "goals": 2,
            "areas_rated": 3,
            "areas": 16,
            "problems": [],
        }
    ]
    both = cli("profile", "validate", PROFILE, BAD, "--format", "json")
    assert both.exit_code == 2
    first, second = json.loads(both.stdout)
    assert first["valid"] and not second["valid"]
    assert {"line": 3, "entry": None, "field": "role"}.items() <= second["problems"][0].items()
    assert "clinical-directer" in second["problems"][0]["message"]


def test_profile_validate_terminal_is_unchanged(cli) -> None:
    result = cli("profile", "validate", PROFILE)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{PROFILE}: valid profile (Medical director")
