"""The speed-ups keep every output the same: libyaml's writer against PyYAML's own, a
batch over worker processes against one process, and layouts made once per process."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import TODAY, make_folder
from test_plan_properties import CATALOGUE, IDS, PRICED, profiles

from careerplan.mentor import workers
from careerplan.mentor.batch import BatchOptions, failure_report, plan_folder
from careerplan.store import yamlio
from careerplan.store.catalogue import load_catalogue

PURE = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 100}

# Text as people write it, and the characters the two writers treat differently: line
# breaks beside spaces, tabs, controls, NEL, the line separator, the BOM, emoji.
_PIECES = st.sampled_from(
    list("abcdefgh xyz:-#'\"\n\\{}[],&*!|>%@`?")
    + ["é", "£", "—", "’", "\u00a0", "  ", "0", "1.5", "yes", "null", "~", "2026-01-01"]
    + ["\n\n", "- ", "? ", " \n", "\n ", "\t", "\r", "\x85", "\u2028", "\ufeff", "😀", "\x1b"]
)
_TEXT = st.lists(_PIECES, max_size=120).map("".join)
_SCALARS = st.one_of(
    _TEXT, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.dates()
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=30,
)


@given(_DATA)
def test_libyaml_writes_what_pyyaml_writes(data):
    assert yamlio.dump_yaml(data) == yaml.safe_dump(yamlio.to_jsonable(data), **PURE)


def test_long_folded_text_is_the_same_in_both_writers():
    text = "word " * 40 + "\n indented after a break " * 5
    assert yamlio.dump_yaml({"note": text}) == yaml.safe_dump({"note": text}, **PURE)
    assert yamlio._differs_in_c({"note": text})  # written by the pure-Python emitter


def test_plain_data_is_written_by_libyaml_alone(monkeypatch):
    """The fast path makes its own nodes: PyYAML's representer and yaml.dump are not used
    (and the output is still the pure writer's, byte for byte)."""
    data = {"a": ["x", dt.date(2026, 1, 2), 1.5, 2, True, None], "b": ("yes", "1.0", "")}
    expected = yaml.safe_dump(yamlio.to_jsonable(data), **PURE)

    def refused(*_args, **_kwargs):
        raise AssertionError("the pure-Python writer was used")

    monkeypatch.setattr(yaml, "dump", refused)
    assert yamlio.dump_yaml(data) == expected


def test_without_libyaml_the_pure_writer_is_used(monkeypatch):
    monkeypatch.setattr(yamlio, "_FastDumper", None)
    data = {"a": ["x", dt.date(2026, 1, 2)], "b": "é\u2028"}
    assert yamlio.dump_yaml(data) == yaml.safe_dump(yamlio.to_jsonable(data), **PURE)


def _outputs(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.skipif(not workers.can_fork(), reason="workers are forked")
def test_a_batch_is_the_same_whatever_the_number_of_workers(tmp_path):
    folder = make_folder(tmp_path / "mentees", n=9, broken=(2, 6))
    (folder / "summary.yaml").write_text("people: []\nleft_out: []\nareas: []\n")
    catalogue = load_catalogue()
    results = {}
    for jobs in (1, 3):
        out = tmp_path / f"plans-{jobs}"
        steps: list = []
        options = BatchOptions(today=TODAY, fmt="md", mentor="Dr M Mentor", jobs=jobs)
        files, result = plan_folder(folder, out, catalogue, options, step=steps.append)
        results[jobs] = (
            _outputs(out),
            failure_report(result, len(files) - len(result.skipped)),
            [(p.name, plan.model_dump()) for p, plan in result.plans],
            [p.name for p in result.skipped],
            steps,
        )
    assert len(results[1][0]) == 14  # 7 plans, each with its data beside it
    assert results[1][1][0] == "7 of 9 plans written."
    assert results[1][3] == ["summary.yaml"]
    assert results[3] == results[1]


def test_workers_keep_the_order_and_run_here_when_one_is_asked_for():
    items = list(range(23))
    assert list(workers.ordered_map(lambda n: n * n, items, 4)) == [n * n for n in items]
    assert list(workers.ordered_map(lambda n: n + 1, items, 1)) == [n + 1 for n in items]
    assert workers.default_jobs() >= 1


def test_jobs_below_one_is_refused(cli, tmp_path):
    folder = make_folder(tmp_path / "mentees", n=1, broken=(-1, -1))
    result = cli("plan", "--batch", folder, "--out-dir", tmp_path / "out", "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs 0" in result.stderr and "Traceback" not in result.stderr


def test_the_layout_environment_is_made_once_per_layout(tmp_path):
    from careerplan.render.templating import environment

    assert environment(markdown=True) is environment(markdown=True)
    assert environment(markdown=True) is not environment(markdown=False)
    layout = tmp_path / "mine.md.j2"
    layout.write_text("{{ plan.profile.name }}\n")
    first = environment(markdown=True, custom=layout)
    assert environment(markdown=True, custom=layout) is first
    layout.write_text("changed {{ plan.profile.name }}\n")
    assert environment(markdown=True, custom=layout) is not first  # the new text is used


def test_bank_holidays_are_asked_of_the_package_once_then_read_from_the_cache(
    tmp_path, monkeypatch
):
    from careerplan.store import holiday_cache

    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CAREERPLAN_NO_CACHE", raising=False)
    asked: list[int] = []

    def compute(year: int) -> frozenset[dt.date]:
        asked.append(year)
        return frozenset({dt.date(year, 12, 25), dt.date(year, 12, 26)})

    first = holiday_cache.bank_holidays(2027, compute)
    assert holiday_cache.bank_holidays(2027, compute) == first
    assert holiday_cache.bank_holidays(2028, compute) == {
        dt.date(2028, 12, 25),
        dt.date(2028, 12, 26),
    }
    assert holiday_cache.bank_holidays(2027, compute) == first
    assert asked == [2027, 2028]
    path = tmp_path / "cache" / holiday_cache.FILE_NAME
    assert path.stat().st_mode & 0o777 == 0o600
    ours = holiday_cache._stamp
    monkeypatch.setattr(holiday_cache, "_stamp", lambda: "another version of holidays")
    holiday_cache.bank_holidays(2027, compute)
    assert asked == [2027, 2028, 2027]  # an upgrade of the package is asked again
    monkeypatch.setattr(holiday_cache, "_stamp", ours)
    holiday_cache.bank_holidays(2027, compute)  # another installation's table was kept
    assert asked == [2027, 2028, 2027]
    path.write_text("{not json")
    assert holiday_cache.bank_holidays(2027, compute) == first  # damaged: asked again
    monkeypatch.setenv("CAREERPLAN_NO_CACHE", "1")
    holiday_cache.bank_holidays(2027, compute)
    assert asked == [2027, 2028, 2027, 2027, 2027]


def test_the_bank_holiday_cache_keeps_the_last_few_installations(tmp_path, monkeypatch):
    """Virtual environments share the user's cache folder: each keeps its own table, and
    only the oldest beyond KEEP are dropped."""
    from careerplan.store import holiday_cache

    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CAREERPLAN_NO_CACHE", raising=False)
    asked: list[str] = []
    stamp = "install 0"
    monkeypatch.setattr(holiday_cache, "_stamp", lambda: stamp)

    def compute(year: int) -> frozenset[dt.date]:
        asked.append(stamp)
        return frozenset({dt.date(year, 12, 25)})

    for number in range(holiday_cache.KEEP + 1):
        stamp = f"install {number}"
        holiday_cache.bank_holidays(2027, compute)
    assert len(asked) == holiday_cache.KEEP + 1
    for number in range(1, holiday_cache.KEEP + 1):  # the last KEEP are all still held
        stamp = f"install {number}"
        holiday_cache.bank_holidays(2027, compute)
    assert len(asked) == holiday_cache.KEEP + 1
    stamp = "install 0"  # the oldest was dropped
    holiday_cache.bank_holidays(2027, compute)
    assert asked[-1] == "install 0" and len(asked) == holiday_cache.KEEP + 2


def test_the_cached_bank_holidays_are_the_packages():
    from careerplan.engine import calendar
    from careerplan.store import holiday_cache

    assert holiday_cache._stamp() is not None
    for year in (2026, 2027, 2028):
        package = calendar._from_holidays_package(year)
        assert holiday_cache.bank_holidays(year, calendar._from_holidays_package) == package
        assert holiday_cache.bank_holidays(year, lambda _y: frozenset()) == package  # cached
    assert dt.date(2027, 5, 31) in calendar._from_holidays_package(2027)  # spring bank holiday


def _same_value_and_type(built, validated, where="plan"):
    """Equal, and of the same type at every level (3 == 3.0, but a saved plan shows them
    differently)."""
    from pydantic import BaseModel

    assert type(built) is type(validated), (where, built, validated)
    if isinstance(built, BaseModel):
        assert built.model_fields_set == validated.model_fields_set, where
        for name in type(built).model_fields:
            _same_value_and_type(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(built, (list, tuple)):
        assert len(built) == len(validated), where
        for number, (a, b) in enumerate(zip(built, validated, strict=True)):
            _same_value_and_type(a, b, f"{where}[{number}]")
    elif isinstance(built, dict):
        assert built.keys() == validated.keys(), where
        for key in built:
            _same_value_and_type(built[key], validated[key], f"{where}[{key}]")
    else:
        assert built == validated, where


def _validated_again(model):
    """The same model made the slow way: every field validated from its values."""
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        return type(model)(
            **{k: _validated_again(getattr(model, k)) for k in model.model_fields_set}
        )
    if isinstance(model, list):
        return [_validated_again(x) for x in model]
    return model


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_built_plan_is_the_plan_validation_makes(profile):
    """The planner builds the finished Plan without validating it again (plan.built): for
    varied people, every value has the value and the type validation would give it, and
    the saved plan is byte-identical."""
    from careerplan.engine.planner import build_plan
    from careerplan.store.planfile import plan_json, plan_yaml

    for catalogue in (CATALOGUE, PRICED):
        plan = build_plan(profile, catalogue, today=TODAY)
        again = _validated_again(plan)
        _same_value_and_type(plan, again)
        assert plan_yaml(plan) == plan_yaml(again)
        assert plan_json(plan) == plan_json(again)


def test_built_gives_values_the_types_validation_gives():
    from careerplan.model.plan import Totals, built

    totals = built(
        Totals, hours=3, hours_available=12, cost=0, budget=1500, hours_by_month=[1, 2.5]
    )
    assert totals == Totals(
        hours=3, hours_available=12, cost=0, budget=1500, hours_by_month=[1, 2.5]
    )
    assert [type(totals.hours), type(totals.budget)] == [float, float]
    assert [type(x) for x in totals.hours_by_month] == [float, float]
    assert totals.cost_unknown == []  # defaults filled as validation fills them


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from([0.0, 1.0, 5000.0]), st.sampled_from([1, 6, 30]))
def test_what_if_contexts_exclude_what_a_fresh_context_excludes(profile, budget, horizon):
    """score.exclusion keeps the reasons a what-if cannot change in ctx.memo, which the
    what-ifs' contexts share: each answer is the one a context worked out afresh gives."""
    from dataclasses import replace

    from careerplan.engine.context import Steer, make_context
    from careerplan.engine.score import exclusion

    base = make_context(profile, CATALOGUE)
    opps = list(CATALOGUE.opportunities.values())
    for opp in opps:
        exclusion(opp, base)  # fill the memo
    some = tuple(o.id for o in opps[:3])
    for changed in (
        replace(base, budget=budget),
        replace(base, horizon=horizon, per_month=base.per_month + 4),
        replace(base, steer=Steer(include=some[:1], exclude=some[1:2], done=some[2:])),
    ):
        fresh = replace(changed, memo={})
        assert [exclusion(o, changed) for o in opps] == [exclusion(o, fresh) for o in opps]


def test_what_if_contexts_exclude_alike_for_each_situation():
    """The same, for people whose situation keeps entries out (a post ending: the shape,
    so the plan's length and the protected time, count)."""
    from dataclasses import replace
    from pathlib import Path

    from careerplan.engine.context import make_context
    from careerplan.engine.score import exclusion
    from careerplan.store.profiles import load_profile

    folder = Path(__file__).parent / "fixtures" / "situation"
    opps = list(CATALOGUE.opportunities.values())
    for path in sorted(folder.glob("*.yaml")):
        base = make_context(load_profile(path, IDS, today=TODAY), CATALOGUE)
        for opp in opps:
            exclusion(opp, base)
        constraints = base.profile.constraints.model_copy(
            update={"protected_study_hours_per_month": 6}
        )
        for changed in (
            replace(base, horizon=base.horizon + 12),
            replace(base, profile=base.profile.model_copy(update={"constraints": constraints})),
            replace(base, budget=0.0),
        ):
            fresh = replace(changed, memo={})
            assert [exclusion(o, changed) for o in opps] == [exclusion(o, fresh) for o in opps]
