"""Status transitions, history and progress figures (careerplan/review/progress.py), pure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerplan.errors import InputError
from careerplan.review.progress import (
    CLOSED,
    REOPEN,
    STATUSES,
    TRANSITIONS,
    Change,
    apply_change,
    apply_changes,
    find_item,
    standing,
)
from careerplan.store.catalogue import load_catalogue
from careerplan.store.planfile import load_plan, save_plan

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "plan.yaml"
TODAY = dt.date(2027, 3, 15)


@pytest.fixture(scope="module")
def vocab():
    return load_catalogue().vocab.ids()


@pytest.fixture
def plan(vocab):
    return load_plan(FIXTURE, vocab)


def test_transition_table_covers_every_status_in_the_catalogue(vocab):
    assert set(TRANSITIONS) == set(STATUSES) == set(vocab["statuses"])
    for source, targets in TRANSITIONS.items():
        assert source not in targets
        assert "carried-forward" not in targets
    assert all(not TRANSITIONS[s] for s in CLOSED)
    assert set(REOPEN) == CLOSED


@pytest.mark.parametrize(
    "start,target",
    [(s, t) for s, targets in TRANSITIONS.items() for t in targets if s != "carried-forward"],
)
def test_every_allowed_move_applies(plan, start, target):
    if start != "proposed":
        plan = _force(plan, "mentoring", start)
    after = apply_change(plan, Change("mentoring", target, note="because"), TODAY)
    item = find_item(after, "mentoring")
    assert item.status == target
    assert item.status_date == TODAY
    assert item.history[-1].status == target and item.history[-1].note == "because"


def _force(plan, item_id, status):
    """Reach `status` by a legal route."""
    routes = {
        "agreed": ["agreed"],
        "in-progress": ["in-progress"],
        "complete": ["complete"],
        "dropped": ["dropped"],
    }
    for step in routes[status]:
        plan = apply_change(plan, Change(item_id, step, note="set up"), TODAY)
    return plan


def test_complete_records_date_and_history_starts_at_plan_date(plan):
    after = apply_change(
        plan, Change("mentoring", "complete", note="Met four times", on=dt.date(2027, 3, 1)), TODAY
    )
    item = find_item(after, "mentoring")
    assert item.status == "complete" and item.status_date == dt.date(2027, 3, 1)
    assert [(h.on, h.status) for h in item.history] == [
        (plan.generated_on, "proposed"),
        (dt.date(2027, 3, 1), "complete"),
    ]
    # the original plan is untouched (pure)
    assert find_item(plan, "mentoring").status == "proposed"


def test_complete_in_the_future_is_refused(plan):
    with pytest.raises(InputError, match="in the future"):
        apply_change(plan, Change("mentoring", "complete", on=TODAY + dt.timedelta(days=1)), TODAY)


def test_dropping_needs_a_reason(plan):
    with pytest.raises(InputError, match="needs a reason"):
        apply_change(plan, Change("mentoring", "dropped"), TODAY)
    with pytest.raises(InputError, match="needs a reason"):
        apply_change(plan, Change("mentoring", "dropped", note="   "), TODAY)


def test_completing_a_dropped_item_is_refused_with_the_way_out(plan):
    plan = apply_change(plan, Change("mentoring", "dropped", note="no mentor found"), TODAY)
    with pytest.raises(InputError) as err:
        apply_change(plan, Change("mentoring", "complete"), TODAY)
    message = str(err.value)
    assert "dropped on 15 Mar 2027" in message and "no mentor found" in message
    assert "--reopen" in message


def test_a_complete_item_cannot_be_changed_without_reopen(plan):
    plan = apply_change(plan, Change("mentoring", "complete"), TODAY)
    for target in ("agreed", "in-progress", "dropped", "proposed"):
        with pytest.raises(InputError, match="cannot be made"):
            apply_change(plan, Change("mentoring", target, note="x"), TODAY)


def test_reopen_rules(plan):
    plan = apply_change(plan, Change("mentoring", "dropped", note="no time"), TODAY)
    with pytest.raises(InputError, match="needs a note"):
        apply_change(plan, Change("mentoring", "in-progress", reopen=True), TODAY)
    with pytest.raises(InputError, match="goes back to one of"):
        apply_change(plan, Change("mentoring", "complete", note="x", reopen=True), TODAY)
    after = apply_change(
        plan, Change("mentoring", "in-progress", note="time found", reopen=True), TODAY
    )
    assert find_item(after, "mentoring").status == "in-progress"
    with pytest.raises(InputError, match="nothing to reopen"):
        apply_change(after, Change("mentoring", "agreed", note="x", reopen=True), TODAY)


def test_invalid_moves_name_the_allowed_ones(plan):
    plan = apply_change(plan, Change("mentoring", "in-progress"), TODAY)
    with pytest.raises(
        InputError, match="cannot go from in-progress to proposed.*agreed, complete, dropped"
    ):
        apply_change(plan, Change("mentoring", "proposed"), TODAY)
    with pytest.raises(InputError, match="not by review"):
        apply_change(plan, Change("mentoring", "carried-forward"), TODAY)
    with pytest.raises(InputError, match="unknown status 'compete'; did you mean 'complete'"):
        apply_change(plan, Change("mentoring", "compete"), TODAY)


def test_unknown_item_suggests_the_closest(plan):
    with pytest.raises(InputError, match="did you mean 'mentoring'"):
        apply_change(plan, Change("mentorin", "agreed"), TODAY)


def test_note_only_adds_history_without_changing_status(plan):
    with pytest.raises(InputError, match="no change to record"):
        apply_change(plan, Change("mentoring"), TODAY)
    after = apply_change(plan, Change("mentoring", note="First meeting booked"), TODAY)
    item = find_item(after, "mentoring")
    assert item.status == "proposed" and item.status_date is None
    assert item.history[-1].note == "First meeting booked"


def test_history_is_preserved_across_saves(plan, vocab, tmp_path):
    path = tmp_path / "plan.yaml"
    save_plan(plan, path, force=False)
    steps = [
        Change("mentoring", "agreed", note="agreed with appraiser"),
        Change("mentoring", "in-progress"),
        Change("mentoring", "complete", note="Reflective note in portfolio"),
    ]
    for i, change in enumerate(steps):
        loaded = load_plan(path, vocab)
        save_plan(apply_change(loaded, change, TODAY + dt.timedelta(days=i)), path, force=True)
    item = find_item(load_plan(path, vocab), "mentoring")
    assert [h.status for h in item.history] == ["proposed", "agreed", "in-progress", "complete"]
    assert [h.on for h in item.history][1:] == [TODAY + dt.timedelta(days=i) for i in range(3)]
    assert item.history[-1].note == "Reflective note in portfolio"
    assert (path.stat().st_mode & 0o777) == 0o600


def test_json_plans_stay_json(plan, vocab, tmp_path):
    path = tmp_path / "plan.json"
    save_plan(apply_change(plan, Change("mentoring", "agreed"), TODAY), path, force=False)
    assert path.read_text().startswith("{")
    assert find_item(load_plan(path, vocab), "mentoring").status == "agreed"


def test_standing_figures(plan):
    # fixture hours: first-months 3, mentoring 10, board 16, action learning 18, conversations 6
    plan = apply_changes(
        plan,
        [
            Change("mentoring", "complete"),
            Change("board-development-training", "in-progress"),
            Change("md-action-learning-set", "dropped", note="no set running locally"),
        ],
        TODAY,
    )
    s = standing(plan, TODAY)
    assert s.hours_planned == 3 + 10 + 16 + 6
    assert s.hours_planned == sum(i.own_hours or 0 for i in plan.items if i.status != "dropped")
    assert s.hours_spent == 10 + 16 / 2
    assert [(p.phase, p.complete, p.total, p.dropped) for p in s.phases] == [
        (1, 1, 2, 0),
        (2, 0, 1, 1),
        (3, 0, 1, 0),
    ]
    assert (s.overall.complete, s.overall.total) == (1, 4)
    # first-months support plan was due 2027-02-26
    assert [(o.item.id, o.days) for o in s.overdue] == [("new-md-first-months-support-plan", 17)]
    assert s.next_review == dt.date(2027, 4, 5)
    assert standing(plan, dt.date(2028, 1, 1)).next_review is None


CHOICES = [*STATUSES, None]
_PLANS: list = []


def _fresh_plan():
    """The fixture plan, read once for the property below (each example starts from a copy
    of it rather than reading the catalogue and the file again)."""
    if not _PLANS:
        _PLANS.append(load_plan(FIXTURE, load_catalogue().vocab.ids()))
    return _PLANS[0].model_copy(deep=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CHOICES), st.booleans(), st.booleans()), max_size=8))
def test_any_sequence_of_changes_keeps_the_rules(steps):
    """Whatever is tried, in any order: refused changes change nothing, accepted ones add one
    dated history entry, and a closed item only ever moves by an explicit reopen."""
    plan = _fresh_plan()
    for target, with_note, reopen in steps:
        before = find_item(plan, "mentoring")
        change = Change("mentoring", target, note="n" if with_note else None, reopen=reopen)
        try:
            plan = apply_change(plan, change, TODAY)
        except InputError:
            assert find_item(plan, "mentoring") == before
            continue
        after = find_item(plan, "mentoring")
        assert len(after.history) == max(len(before.history), 1) + 1
        assert after.history[-1].on == TODAY
        if before.status in CLOSED and after.status != before.status:
            assert reopen and with_note and after.status in REOPEN[before.status]
        if after.status == "dropped" and before.status != "dropped":
            assert after.history[-1].note
        assert after.status != "carried-forward" or before.status == "carried-forward"
