"""weekly_rest: an uninterrupted weekly rest (WTR-4: 24 h) in each Monday-to-Monday week."""

from muster_engine.solver import Roster
from muster_engine.solver.constraints import weekly_rest

from .builders import every_day, people, problem, row, solved, with_rules


def test_someone_wanted_every_day_still_gets_a_day_of_rest_each_week():
    # given: Early wanted all 14 days, one person, 24 h weekly rest
    ann = with_rules(people("ann")[0], weekly_rest_minutes=24 * 60)
    p = problem([ann], every_day(14, "E", 1), n_days=14)

    # when
    solution = solved(p)

    # then: one day off in each week (Early 07-15, a day off gives 40 h)
    shifts = row(solution, "ann")
    assert shifts[:7].count(None) == 1 and shifts[7:].count(None) == 1
    assert solution.objective == 200


def test_a_day_off_between_a_night_and_an_early_is_not_24_hours_rest():
    # given: Night on Monday (23:00-07:00), off Tuesday, Early on Wednesday 07:00: rest is exactly 24 h;
    # with 35 h weekly rest required that is not enough
    ann = with_rules(people("ann")[0], weekly_rest_minutes=35 * 60)
    p = problem([ann], n_days=7)
    shifts = ["N", None, "E", "E", "E", "E", "E"]

    # when
    found = weekly_rest.check(Roster.from_ids(p, {"ann": shifts}))

    # then
    assert [b.message for b in found] == ["ann would have no 35 h rest in the week from Mon 2 Mar (longest 24 h)"]


def test_the_model_finds_the_rest_the_check_wants():
    # given: 35 h weekly rest and Night/Early wanted on alternate patterns
    ann = with_rules(people("ann")[0], weekly_rest_minutes=35 * 60, daily_rest_minutes=11 * 60)
    p = problem([ann], every_day(7, "E", 1) + every_day(7, "N", 1, under_target=30), n_days=7)

    # when
    solution = solved(p)

    # then: solved() already held the roster to the check; the week has its 35 h
    assert weekly_rest.longest_rest(p, solution.roster, 0, 0) >= 35 * 60
