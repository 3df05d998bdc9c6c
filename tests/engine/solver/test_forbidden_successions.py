"""forbidden_successions: daily rest between shifts (WTR-3, from real instants) and cannot-follow lists."""

from dataclasses import replace
from datetime import date

from muster_engine.solver import Problem, Requirement, Roster, ShiftType
from muster_engine.solver.constraints import forbidden_successions

from .builders import EARLY, LATE, NIGHT, day, people, problem, row, solved, with_rules


def test_no_early_straight_after_a_late_with_eleven_hours_daily_rest():
    # given: Late wanted Monday, Early wanted Tuesday, one person with 11 h daily rest (Late ends 23:00, Early 07:00)
    ann = with_rules(people("ann")[0], daily_rest_minutes=11 * 60)
    reqs = (Requirement(day(0), target=1, shift="L", under_target=100),
            Requirement(day(1), target=1, shift="E", under_target=90))
    p = problem([ann], reqs, n_days=2)

    # when
    solution = solved(p)

    # then: only 8 h between them, so the cheaper gap (Early, 90) is left
    assert row(solution, "ann")[0] == "L" and row(solution, "ann")[1] != "E"
    assert solution.objective == 90


def test_the_same_pair_is_allowed_with_eight_hours_rest_rule():
    # given
    ann = with_rules(people("ann")[0], daily_rest_minutes=8 * 60)
    reqs = (Requirement(day(0), target=1, shift="L", under_target=100),
            Requirement(day(1), target=1, shift="E", under_target=90))

    # when
    solution = solved(problem([ann], reqs, n_days=2))

    # then
    assert row(solution, "ann") == ["L", "E"]


def test_cannot_follow_forbids_a_succession_whatever_the_rest():
    # given: Night cannot be followed by Late (rest would be 8 h, but no rest rule is set)
    night = replace(NIGHT, cannot_follow=("L",))
    reqs = (Requirement(day(0), target=1, shift="N", under_target=100),
            Requirement(day(1), target=1, shift="L", under_target=50))

    # when
    solution = solved(problem(people("ann"), reqs, n_days=2, shifts=(EARLY, LATE, night)))

    # then
    assert row(solution, "ann")[0] == "N" and row(solution, "ann")[1] != "L"
    assert solution.objective == 50


def test_rest_is_measured_in_real_time_over_the_clock_change():
    # given: a Late 14:00-23:00 and an Early from 09:00 next day leave 10 h on the wall clock; on the night of
    # 24-25 October 2026 the clocks go back an hour, so the real rest is 11 h and meets an 11 h daily rest
    late = ShiftType("L", 540, start_minute=14 * 60, name="Late")
    early = ShiftType("E", 480, start_minute=9 * 60, name="Early")
    ann = with_rules(people("ann")[0], daily_rest_minutes=11 * 60)

    def forbidden(first: date) -> bool:
        p = Problem((first, date.fromordinal(first.toordinal() + 1)), (late, early), (ann,))
        return any(a[:2] == (1, 1) for a in forbidden_successions.successions(p, 660).get((0, 0), ()))

    # then
    assert not forbidden(date(2026, 10, 24))
    assert forbidden(date(2026, 10, 17))


def test_a_shift_longer_than_a_day_less_the_rest_is_never_open():
    # given: a 14 h shift and an 11 h daily rest leave only 10 h rest in its 24 h
    long_day = ShiftType("X", 14 * 60, start_minute=7 * 60)
    ann = with_rules(people("ann")[0], daily_rest_minutes=11 * 60)
    p = Problem((day(0),), (long_day,), (ann,))

    # when
    found = forbidden_successions.check(Roster.from_ids(p, {"ann": ["X"]}))

    # then
    assert not p.allowed.any()
    assert "longer than 24 h less the 11 h daily rest" in found[0].message


def test_history_before_the_horizon_counts():
    # given: ann worked a Late the day before the horizon
    ann = with_rules(people("ann", history=("L",))[0], daily_rest_minutes=11 * 60)
    p = problem([ann], (Requirement(day(0), target=1, shift="E", under_target=100),), n_days=1)

    # when
    found = forbidden_successions.check(Roster.from_ids(p, {"ann": ["E"]}))

    # then
    assert not p.allowed[0, 0, 0]
    assert found[0].message == ("ann would have only 8 h rest between Late on Sun 1 Mar and Early on Mon 2 Mar; "
                                "the daily rest rule needs 11 h")
