"""curtois: the reader against the published counts, the model against the best known value, and the independent
checker against hand-made breaches."""

import csv

import pytest

from muster_engine.solver import SolveOptions, solve
from muster_engine.solver.curtois import (
    InstanceError,
    check_solution,
    read_instance,
    read_solution,
    roster_rows,
    to_problem,
    write_solution,
)


def stats(folder):
    with open(folder / "instance_stats.csv", encoding="utf-8") as handle:
        return {r["instance"]: r for r in csv.DictReader(handle)}


@pytest.mark.parametrize("n", range(1, 25))
def test_the_reader_finds_the_published_counts(curtois_dir, n):
    # given
    expected = stats(curtois_dir)[f"Instance{n}"]

    # when
    instance = read_instance(curtois_dir / f"Instance{n}.txt")

    # then
    assert instance.horizon == int(expected["days"])
    assert len(instance.staff) == int(expected["staff"])
    assert len(instance.shifts) == int(expected["shift_types"])
    assert sum(len(d) for d in instance.days_off.values()) == int(expected["days_off_total"])
    assert len(instance.on_requests) == int(expected["shift_on_requests"])
    assert len(instance.off_requests) == int(expected["shift_off_requests"])
    assert len(instance.cover) == int(expected["cover_lines"])
    assert {str(w) for *_, w in instance.on_requests} == set(expected["on_request_weights"].split("|"))
    assert {str(c[3]) for c in instance.cover} == set(expected["cover_under_weights"].split("|"))


def test_instance1_becomes_a_problem_with_the_same_people_rules_and_cover(curtois_dir):
    # when
    problem = to_problem(read_instance(curtois_dir / "Instance1.txt"))

    # then
    assert problem.horizon == 14 and len(problem.people) == 8 and len(problem.requirements) == 14
    assert problem.days[0].weekday() == 0
    a = problem.person("A")
    assert (a.rules.max_consecutive_days, a.rules.min_consecutive_days, a.rules.min_consecutive_days_off) == (5, 2, 2)
    assert all(r.under_target == 100 and r.over == 1 and r.minimum == 0 for r in problem.requirements)


def test_instance1_is_solved_to_its_best_known_objective_and_the_checker_agrees(curtois_dir, tmp_path):
    # given
    instance = read_instance(curtois_dir / "Instance1.txt")

    # when
    solution = solve(to_problem(instance), SolveOptions(time_limit=30, workers=2))
    report = check_solution(instance, roster_rows(solution.roster))

    # then
    assert solution.objective == 607
    assert report.valid and report.objective == 607
    assert report.request_cost + report.cover_cost == 607


def test_the_solution_csv_has_one_row_per_assigned_shift(curtois_dir):
    # given
    instance = read_instance(curtois_dir / "Instance1.txt")
    problem = to_problem(instance)
    from muster_engine.solver import Roster

    roster = Roster.from_ids(problem, {"A": ["D"] + [None] * 13})

    # when
    text = write_solution(roster)

    # then
    assert text == "employee,day,shift\nA,0,D\n"
    assert read_solution(text) == [("A", 0, "D")]


def test_the_checker_finds_a_day_off_worked_and_two_shifts_on_a_day(curtois_dir):
    # given: A's day off in Instance1 is day 0
    instance = read_instance(curtois_dir / "Instance1.txt")
    day_off = instance.days_off["A"][0]

    # when
    report = check_solution(instance, [("A", day_off, "D"), ("B", 3, "D"), ("B", 3, "D")])

    # then
    assert not report.valid
    assert f"A: works on day off {day_off} (rule 9)" in report.violations
    assert "B: two shifts on day 3 (rule 1)" in report.violations


def test_the_checker_prices_cover_and_requests_from_the_format(curtois_dir):
    # given: nobody works, so every on-request is broken and every cover line is short by its requirement
    instance = read_instance(curtois_dir / "Instance1.txt")

    # when
    report = check_solution(instance, [])

    # then
    assert report.request_cost == sum(w for *_, w in instance.on_requests)
    assert report.cover_cost == sum(100 * r for _, _, r, _, _ in instance.cover)


def test_a_malformed_instance_names_the_line():
    # when / then
    with pytest.raises(InstanceError, match="line 2: SECTION_SHIFTS lines have 3 fields"):
        read_instance("SECTION_SHIFTS\nD,480\n" + "\n".join(
            ["SECTION_HORIZON", "14", "SECTION_STAFF", "SECTION_DAYS_OFF", "SECTION_SHIFT_ON_REQUESTS",
             "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER"]))
