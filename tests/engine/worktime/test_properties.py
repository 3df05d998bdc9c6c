"""Properties of the evaluator over random rosters (hypothesis)."""

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from muster_engine.worktime import (
    Abstraction,
    Person,
    RestDay,
    Timelines,
    average_weekly_hours,
    evaluate,
    shipped_packs,
)

from .builders import at, duty, later, period

# Three weeks around the spring clock change, checked with a fortnight of history before them.
FIRST = at("2026-03-09 00:00")
WITHIN = period("2026-03-16", "2026-04-05")
PACKS = ("nhs-afc", "police-officer", "nhs-ambulance")
# Reported once per run of days, so a shorter run may split in two: compared by their worst value instead.
RUN_RULES = ("WTR-1", "WTR-6")

shifts = st.tuples(
    st.integers(0, 3 * 96).map(lambda q: q * 15),  # rest before the duty, in quarter hours up to 3 days
    st.integers(2 * 4, 14 * 4).map(lambda q: q * 15),  # length 2 h to 14 h
    st.sampled_from([0, 10, 20, 30, 45, 60]),  # break
)
rosters = st.tuples(st.sampled_from(PACKS), st.lists(shifts, min_size=1, max_size=30))
SETTINGS = settings(max_examples=50, deadline=None)


def build(shape: list[tuple[int, int, int]]) -> list:
    """Non-overlapping duties from (rest before, length, break) triples."""
    duties, moment = [], FIRST
    for rest, length, brk in shape:
        moment = later(moment, rest)
        duties.append(duty(moment, length, min(brk, length - 1)))
        moment = duties[-1].end
    return duties


def run(pack: str, duties: list, rest_days=(), abstractions=()) -> list:
    # A declared night worker, so removing a day duty cannot make someone a night worker by derivation.
    person = Person("P1", pack=pack, night_worker=True)
    timelines = Timelines.from_records([person], duties, rest_days, abstractions)
    return evaluate(timelines, shipped_packs(), WITHIN)


@SETTINGS
@given(rosters, st.data())
def test_removing_a_duty_never_adds_a_violation(roster, data):
    # given
    pack, shape = roster
    duties = build(shape)
    drop = data.draw(st.integers(0, len(duties) - 1))

    # when
    before = run(pack, duties)
    after = run(pack, duties[:drop] + duties[drop + 1 :])

    # then
    counts_before = Counter(v.rule for v in before if v.rule not in RUN_RULES)
    counts_after = Counter(v.rule for v in after if v.rule not in RUN_RULES)
    assert all(counts_after[rule] <= counts_before[rule] for rule in counts_after), (counts_before, counts_after)
    for rule in RUN_RULES:
        worst_before = max((v.measured for v in before if v.rule == rule), default=0)
        worst_after = max((v.measured for v in after if v.rule == rule), default=0)
        assert worst_after <= worst_before


@SETTINGS
@given(rosters, st.data())
def test_splitting_a_duty_never_reduces_total_hours(roster, data):
    # given a duty cut in two at some minute inside it
    pack, shape = roster
    duties = build(shape)
    i = data.draw(st.integers(0, len(duties) - 1))
    whole = duties[i]
    length = int((whole.end - whole.start).total_seconds() // 60)
    cut = data.draw(st.integers(1, length - 1))
    first = duty(whole.start, cut, min(whole.break_minutes, cut - 1))
    second = duty(first.end, whole.end, whole.break_minutes - first.break_minutes)
    split = duties[:i] + [first, second] + duties[i + 1 :]

    # when the 17-week window ending after the last duty holds every duty
    def total(ds: list) -> float:
        timelines = Timelines.from_records([Person("P1", pack=pack)], ds)
        end = (ds[-1].end + timedelta(days=2)).date()
        return average_weekly_hours(timelines, shipped_packs(), period(end.isoformat())).hours[0, -1] * 17

    # then
    assert total(split) >= total(duties) - 1e-9


@SETTINGS
@given(rosters, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_inputs(roster, random):
    # given duties, rest days and leave, and the same shuffled
    pack, shape = roster
    duties = build(shape)
    rest_days = [RestDay("P1", date(2026, 3, 14) + timedelta(days=7 * k)) for k in range(4)]
    leave = [
        Abstraction("P1", "annual_leave", date(2026, 3, 23), date(2026, 3, 25)),
        Abstraction("P1", "sickness", date(2026, 3, 2), date(2026, 3, 3)),
    ]
    shuffled = duties[:]
    random.shuffle(shuffled)

    # when
    ordered = run(pack, duties, rest_days, leave)
    scrambled = run(pack, shuffled, rest_days[::-1], leave[::-1])

    # then
    assert scrambled == ordered
