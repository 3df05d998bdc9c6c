"""A rota pattern from a shift design: teams on week-rows, the requirement curve, rest and hours (rota_seed)."""

import numpy as np
import pytest

from muster_engine.queueing.rota_seed import RotaProblem, RotaSeedError, SeedShift, build_rota, coverage_of

EARLY = SeedShift("E", 7 * 60, 480, 450)
LATE = SeedShift("L", 15 * 60, 480, 450)
NIGHT = SeedShift("N", 23 * 60, 480, 450)


def flat(people_by_hour: dict[range, int]) -> tuple[tuple[int, ...], ...]:
    day = [0] * 48
    for hours, people in people_by_hour.items():
        for hour in hours:
            day[2 * hour] = day[2 * hour + 1] = people
    return tuple(tuple(day) for _ in range(7))


def rest_gaps(rows, shifts) -> list[int]:
    """Minutes between consecutive duties over the cycle (row w's Sunday → row w+1's Monday)."""
    by_key = {s.key: s for s in shifts}
    days = [key for row in rows for key in row]
    gaps = []
    for index, key in enumerate(days):
        following = days[(index + 1) % len(days)]
        if key and following:
            gaps.append(1440 + by_key[following].start_minute - by_key[key].end_minute)
    return gaps


def test_five_teams_cover_a_round_the_clock_need_of_one_team_per_shift():
    # given: 3 people needed all day and night; five teams of 3; 8-hour shifts at 07, 15, 23
    problem = RotaProblem(requirement=flat({range(0, 24): 3}), interval_minutes=30, shifts=(EARLY, LATE, NIGHT),
                          team_sizes=(3, 3, 3, 3, 3), hours_per_week=33.75, time_limit_s=10, workers=1)

    # when
    rota = build_rota(problem)

    # then: 21 team-shifts a week cover every interval, nobody short, each weekday column one team per shift
    assert rota.status == "optimal"
    assert rota.shortfall_person_hours(30) == 0
    assert (rota.coverage == 3).all()
    for day in range(7):
        assert sorted(row[day] for row in rota.rows if row[day]) == ["E", "L", "N"]
    assert rota.average_paid_hours == pytest.approx(21 * 7.5 / 5)


def test_the_rota_keeps_eleven_hours_between_duties_and_a_rest_day_every_week():
    # given
    problem = RotaProblem(requirement=flat({range(0, 24): 4}), interval_minutes=30, shifts=(EARLY, LATE, NIGHT),
                          team_sizes=(2, 2, 2, 2, 2, 2), hours_per_week=37.5, time_limit_s=10, workers=1)

    # when
    rota = build_rota(problem)

    # then: WTR-3 (11 h) between every pair of consecutive duties, WTR-4 a rest day in each row-week
    assert rota.status in {"optimal", "feasible"}
    assert min(rest_gaps(rota.rows, problem.shifts)) >= 660
    assert all(None in row for row in rota.rows)
    assert all(sum(1 for k in row if k) * 7.5 <= 48 for row in rota.rows)


def test_contracted_hours_hold_even_when_demand_is_lower():
    # given: one person 09:00-15:00 is seven early shifts a week, but the two teams are contracted for 37.5 hours
    problem = RotaProblem(requirement=flat({range(9, 15): 1}), interval_minutes=30, shifts=(EARLY, LATE),
                          team_sizes=(4, 4), hours_per_week=37.5, time_limit_s=5, workers=1)

    # when
    rota = build_rota(problem)

    # then: the hours are within half a shift of the contract, and the extra people are oversupply, not shortfall
    assert abs(rota.average_paid_hours - 37.5) <= 3.75
    assert rota.shortfall_person_hours(30) == 0
    assert rota.oversupply_person_hours(30) > 0


def test_hours_no_rota_can_keep_come_back_infeasible_with_a_note():
    # given: about 47 hours a week from 7.5-hour shifts is six shifts in every week of a one-week cycle, which
    # at most four days in a row cannot give
    problem = RotaProblem(requirement=flat({range(0, 24): 1}), interval_minutes=30, shifts=(EARLY,),
                          team_sizes=(1,), hours_per_week=47, max_consecutive_days=4, time_limit_s=5, workers=1)

    # when
    rota = build_rota(problem)

    # then
    assert rota.status == "infeasible"
    assert "hours" in rota.notes[0]


def test_a_night_shift_on_sunday_covers_monday_morning():
    # when
    cover = coverage_of([[None, None, None, None, None, None, "N"]], (NIGHT,), 2, 30)

    # then
    assert cover[6, 46] == 2 and cover[0, 0] == 2 and cover[0, 13] == 2 and cover[0, 14] == 0
    assert cover.sum() == 2 * 16


@pytest.mark.parametrize("change", [{"shifts": ()}, {"team_sizes": ()}, {"team_sizes": (1,) * 13},
                                    {"team_sizes": (0, 2)}, {"requirement": ((0,) * 48,) * 6}])
def test_a_problem_that_cannot_be_posed_is_refused(change):
    base = dict(requirement=flat({range(0, 24): 1}), interval_minutes=30, shifts=(EARLY,), team_sizes=(2,))
    with pytest.raises(RotaSeedError):
        build_rota(RotaProblem(**{**base, **change}))


def test_coverage_counts_the_mean_team_size():
    # given: teams of 2 and 4 count as 3 each
    problem = RotaProblem(requirement=flat({range(7, 15): 3}), interval_minutes=30, shifts=(EARLY,),
                          team_sizes=(2, 4), hours_per_week=30, time_limit_s=5, workers=1)

    # when
    rota = build_rota(problem)

    # then
    assert rota.team_size == 3
    assert np.all(rota.coverage[rota.coverage > 0] % 3 == 0)
