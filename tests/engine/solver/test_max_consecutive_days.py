"""max_consecutive_days: at most so many days (and nights) worked in a row, counting history."""

from muster_engine.solver import Roster
from muster_engine.solver.constraints import max_consecutive_days

from .builders import every_day, people, problem, row, solved, with_rules


def longest_run(shifts, want=lambda s: s is not None):
    best = run = 0
    for s in shifts:
        run = run + 1 if want(s) else 0
        best = max(best, run)
    return best


def test_no_more_than_three_days_in_a_row():
    # given
    ann = with_rules(people("ann")[0], max_consecutive_days=3)
    p = problem([ann], every_day(8, "E", 1), n_days=8)

    # when
    solution = solved(p)

    # then: 8 days with a day off after every 3 → 6 worked, 2 gaps
    assert longest_run(row(solution, "ann")) == 3
    assert solution.objective == 200


def test_nights_are_limited_separately():
    # given: at most 2 nights in a row, nights wanted more than earlies
    ann = with_rules(people("ann")[0], max_consecutive_nights=2)
    p = problem([ann], every_day(6, "N", 1, under_target=10) + every_day(6, "E", 1, under_target=1), n_days=6)

    # when
    solution = solved(p)

    # then
    assert longest_run(row(solution, "ann"), lambda s: s == "N") == 2


def test_history_counts_towards_the_run():
    # given: ann worked the 3 days before the horizon; limit 3
    ann = with_rules(people("ann", history=("E", "E", "E"))[0], max_consecutive_days=3)
    p = problem([ann], every_day(2, "E", 1), n_days=2)

    # when
    solution = solved(p)
    found = max_consecutive_days.check(Roster.from_ids(p, {"ann": ["E", "E"]}))

    # then
    assert row(solution, "ann") == [None, "E"]
    assert found[0].message == "ann would work 5 days in a row from Fri 27 Feb; at most 3 allowed"
