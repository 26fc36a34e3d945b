"""Broken catalogues: every problem is reported as `file:line: entry: field: message`, exit 2.

Each case writes one organisation file (a valid entry, then the breakage) and asserts the
exact place named in the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """\
  - id: {id}
    title: Local programme
    kind: programme
    provider: Our Trust
    summary: A local leadership programme.
    stages: [emerging, deputy]
    areas: {{medical-workforce: 2, finance: 1}}
    goals: [develop-directorate]
    format: blended
    time: {{shape: once, hours: 12, basis: estimate}}
    cost: 0
    funding: [employer]
    url: https://example.org/programme
    evidence: Certificate of completion
    source: Our Trust learning catalogue
    last_reviewed: 2026-06-01
"""


def entry(id_: str = "local-programme", **changes: str | None) -> str:
    """A valid entry with some lines replaced (value None deletes the field)."""
    lines = GOOD.format(id=id_).splitlines()
    out = []
    for line in lines:
        key = line.strip().lstrip("- ").split(":", 1)[0]
        if key in changes:
            value = changes[key]
            if value is None:
                continue
            prefix = line[: line.index(key)]
            out.append(f"{prefix}{key}: {value}")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def doc(*entries: str) -> str:
    return "version: 1\nopportunities:\n" + "".join(entries)


# (case id, file text, expected `line: entry: field: message` fragment)
CASES = [
    (
        "yaml-syntax",
        "version: 1\nopportunities:\n  - id: [unclosed\n",
        "ours.yaml:4: YAML syntax error, column 1",
    ),
    (
        "missing-field",
        doc(entry(evidence=None)),
        "ours.yaml:3: local-programme: evidence: is required but missing",
    ),
    (
        "old-hours-field",
        doc(entry(time="{shape: once, hours: 12, basis: estimate}\n    hours: 12")),
        "ours.yaml:13: local-programme: hours: `hours` is replaced by `time`; write for "
        "example time: {shape: once, hours: 2, basis: estimate}",
    ),
    (
        "negative-hours",
        doc(entry(time="{shape: once, hours: -5, basis: estimate}")),
        "ours.yaml:12: local-programme: time.once.hours: -5 is too small",
    ),
    (
        "unknown-shape",
        doc(entry(time="{shape: weekly, hours: 5, basis: estimate}")),
        "ours.yaml:12: local-programme: time",
    ),
    (
        "sourced-time-without-source",
        doc(entry(time="{shape: block, days: 2, basis: source}")),
        "ours.yaml:12: local-programme: time.block: basis: source needs `source: {title, url}`",
    ),
    (
        "unknown-cost-without-reason",
        doc(entry(cost="unknown")),
        "local-programme: cost: unknown needs `cost_unknown_reason:`",
    ),
    (
        "price-without-source",
        doc(entry(cost="1200")),
        "local-programme: a price needs `cost_basis`, `price_source`, `price_checked`",
    ),
    (
        "band-upside-down",
        doc(entry(cost="{min: 900, max: 300}")),
        "ours.yaml:13: local-programme: cost",
    ),
    (
        "unknown-placeholder",
        doc(entry(evidence="Certificate from {boss}")),
        "ours.yaml:16: local-programme: evidence: unknown placeholder {boss}; use one of: "
        "{ask}, {org}, {when_new}",
    ),
    (
        "unknown-funding-route",
        doc(entry(funding="[levy]")),
        "ours.yaml:14: local-programme: funding: unknown funding route 'levy'",
    ),
    (
        "not-for-unknown-id",
        doc(entry(evidence="Certificate\n    not_for: [registrar]")),
        "ours.yaml:17: local-programme: not_for: 'registrar' is neither a stage nor a role",
    ),
    (
        "unknown-kind",
        doc(entry(kind="webinar")),
        "ours.yaml:5: local-programme: kind: unknown kind 'webinar'",
    ),
    (
        "unknown-stage",
        doc(entry(stages="[emerging, deputy-md]")),
        "ours.yaml:8: local-programme: stages: unknown stage 'deputy-md'",
    ),
    (
        "unknown-area",
        doc(entry(areas="{medical-workforce: 2, financ: 1}")),
        "ours.yaml:9: local-programme: areas.financ: unknown area 'financ'; did you mean 'finance'?",
    ),
    (
        "unknown-goal",
        doc(entry(goals="[develop-directrate]")),
        "ours.yaml:10: local-programme: goals: unknown goal 'develop-directrate'; did you mean",
    ),
    ("unknown-format", doc(entry(format="hybrid")), "ours.yaml:11: local-programme: format:"),
    (
        "strength-too-high",
        doc(entry(areas="{medical-workforce: 4}")),
        "ours.yaml:9: local-programme: areas.medical-workforce: 4 is too large: the highest "
        "allowed is 3",
    ),
    (
        "strength-zero",
        doc(entry(areas="{medical-workforce: 0}")),
        "ours.yaml:9: local-programme: areas.medical-workforce: 0 is too small",
    ),
    (
        "bad-url",
        doc(entry(url="www.example.org")),
        "ours.yaml:15: local-programme: url: 'www.example.org' is not a web address",
    ),
    (
        "bad-date",
        doc(entry(last_reviewed="2026-02-30")),
        "ours.yaml:18: local-programme: last_reviewed: 2026-02-30 is not a real date; check the "
        "month and the day",
    ),
    (
        "date-as-text",
        doc(entry(last_reviewed="last spring")),
        "ours.yaml:18: local-programme: last_reviewed: must be a date written YYYY-MM-DD",
    ),
    (
        "future-review-date",
        doc(entry(last_reviewed="2099-01-01")),
        "ours.yaml:18: local-programme: last_reviewed: 1 Jan 2099 is in the future",
    ),
    (
        "unknown-cost-band",
        doc(entry(cost="cheap")),
        "ours.yaml:13: local-programme: cost: 'cheap' is not a cost",
    ),
    (
        "unknown-field",
        doc(entry(evidence="Certificate\n    summery: typo")),
        "ours.yaml:17: local-programme: summery: is not a field here",
    ),
    (
        "bad-id",
        doc(entry(id_="Local Programme")),
        "ours.yaml:3: Local Programme: id: 'Local Programme' is not a valid id",
    ),
    (
        "duplicate-within-folder",
        doc(entry(), entry()),
        "ours.yaml:19: local-programme: id: duplicate id: also defined at",
    ),
    (
        "duplicate-of-shipped",
        doc(entry(id_="executive-coaching")),
        "ours.yaml:3: executive-coaching: id: duplicate id: also defined at",
    ),
    (
        "duplicate-after-a-broken-entry",
        doc(entry(kind="webinar"), entry()),
        "ours.yaml:19: local-programme: id: duplicate id: also defined at",
    ),
    (
        "prerequisite-missing",
        doc(entry(evidence="Certificate\n    prerequisites: [mentorin]")),
        "ours.yaml:3: local-programme: prerequisites: 'mentorin' is not in the catalogue; "
        "did you mean 'mentoring'?",
    ),
    (
        "prerequisite-cycle",
        doc(
            entry("a-one", evidence="Certificate\n    prerequisites: [a-two]"),
            entry("a-two", evidence="Certificate\n    prerequisites: [a-one]"),
        ),
        "prerequisites form a cycle: a-one -> a-two -> a-one",
    ),
    (
        "not-a-list",
        "version: 1\nopportunities: {id: x}\n",
        "ours.yaml:2: opportunities: must be a list of entries",
    ),
    (
        "wrong-top-level",
        "- id: x\n",
        "ours.yaml:1: expected a mapping with `version: 1` and a list under `opportunities:`",
    ),
    (
        "replaces-nothing",
        doc(entry(evidence="Certificate\n    replaces: true")),
        "ours.yaml:17: local-programme: replaces: there is no shipped entry with this id",
    ),
    (
        "duplicate-key",
        doc(entry(evidence="Certificate\n    title: Again")),
        "ours.yaml:17: 'title' appears twice in the same mapping",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_catalogue_is_reported_precisely(cli, tmp_path: Path, text: str, expected: str):
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "ours.yaml").write_text(text)
    result = cli("catalogue", "validate", str(folder))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"{folder}/{expected}" in result.stderr or expected in result.stderr, result.stderr
    if "ours.yaml:" in expected:
        assert str(folder / "ours.yaml") in result.stderr


def test_every_problem_reported_in_one_pass(cli, tmp_path: Path):
    (tmp_path / "a.yaml").write_text(
        doc(
            entry("first", kind="webinar"),
            entry("second", time="{shape: once, hours: lots, basis: estimate}"),
        )
    )
    (tmp_path / "b.yaml").write_text("version: 1\nopportunities:\n  - id: [\n")
    result = cli("catalogue", "validate", str(tmp_path))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if ".yaml:" in line]
    assert len(errors) == 3, result.stderr
    assert any("first: kind" in e for e in errors)
    assert any("second: time" in e for e in errors)
    assert any("b.yaml:3" in e or "b.yaml:4" in e for e in errors)
    assert "3 problems found" in result.stderr


def test_missing_catalogue_folder(cli, tmp_path: Path):
    result = cli("catalogue", "list", "--catalogue", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "catalogue folder not found" in result.stderr


def test_duplicate_of_your_own_entry_does_not_suggest_replaces(cli, tmp_path: Path):
    (tmp_path / "ours.yaml").write_text(doc(entry(), entry()))
    result = cli("catalogue", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert "duplicate id: also defined at" in result.stderr
    assert "rename one of them" in result.stderr
    assert "replaces" not in result.stderr


def test_an_old_price_is_a_warning_not_an_error(cli, tmp_path: Path):
    priced = entry(
        cost="1200\n    cost_basis: published\n"
        '    price_source: {title: Our price list, url: "https://example.org/prices"}\n'
        "    price_checked: 2024-01-01\n"
        "    price_for: 2024/25"
    )
    (tmp_path / "ours.yaml").write_text(doc(priced))
    result = cli("catalogue", "validate", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "local-programme: price_checked: price checked 1 Jan 2024, over 12 months" in (
        result.stderr
    )


def test_route_status_reads_the_dated_rules():
    import datetime as dt

    from careerplan.model.funding import FundingRoutes, route_status

    routes = FundingRoutes.model_validate(
        {
            "routes": [
                {
                    "id": "scheme",
                    "label": "A scheme",
                    "help": "A dated scheme",
                    "kind": "central",
                    "source": {"title": "Rules", "url": "https://example.org/rules"},
                    "checked": "2026-11-29",
                    "rules": [
                        {
                            "from": None,
                            "until": "2025-12-31",
                            "open_to_doctors": True,
                            "eligible": "All",
                            "note": "Open.",
                        },
                        {
                            "from": "2026-03-01",
                            "until": None,
                            "open_to_doctors": False,
                            "eligible": "Under 22",
                            "note": "Closed to doctors.",
                        },
                    ],
                }
            ]
        }
    )
    assert route_status("scheme", dt.date(2025, 12, 31), routes).open
    later = route_status("scheme", dt.date(2026, 3, 1), routes)
    assert not later.open and later.note == "Closed to doctors." and later.kind == "central"
    gap = route_status("scheme", dt.date(2026, 2, 1), routes)
    assert not gap.open and gap.note and "No rule" in gap.note
    assert not route_status("nowhere", dt.date(2026, 2, 1), routes).open
