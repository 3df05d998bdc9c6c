"""Shift design with CP-SAT on small instances whose optimum is known by hand."""

import pytest

from muster_engine.queueing.shift_design import BreakRule, DesignProblem, design_shifts


def hours(day_req: dict[int, int], days: int = 1) -> tuple[int, ...]:
    """Hourly requirement: {hour: agents} repeated for `days` days."""
    return tuple(day_req.get(h, 0) for _ in range(days) for h in range(24))


def test_two_agents_for_eight_hours_need_two_eight_hour_shifts():
    # given: 2 agents 08:00-16:00, 8 h shifts on any hour, no breaks
    problem = DesignProblem(requirement=hours({h: 2 for h in range(8, 16)}), interval_minutes=60,
                            shift_lengths_minutes=(480,), break_rules=(), cyclic=False)

    # when
    design = design_shifts(problem)

    # then
    assert design.status == "optimal"
    assert design.daily_counts() == {(0, 480, 480): 2}
    assert design.paid_hours == 16
    assert not design.over.any() and not design.under.any()
    assert design.starts[0].label() == "08:00–16:00"


def test_a_twelve_hour_day_is_one_long_shift_when_allowed_and_two_overlapping_ones_when_not():
    # given: 1 agent 08:00-20:00
    need = hours({h: 1 for h in range(8, 20)})

    # when
    long_allowed = design_shifts(DesignProblem(need, 60, shift_lengths_minutes=(480, 720), break_rules=(),
                                               cyclic=False))
    eights_only = design_shifts(DesignProblem(need, 60, shift_lengths_minutes=(480,), break_rules=(),
                                              cyclic=False))

    # then
    assert long_allowed.paid_hours == 12 and long_allowed.daily_counts() == {(0, 480, 720): 1}
    assert eights_only.paid_hours == 16 and int(eights_only.over.sum()) == 4
    assert not eights_only.under.any()


def test_an_unpaid_break_leaves_a_hole_someone_else_must_fill():
    # given: 1 agent 08:00-17:00; only 9 h shifts, with a 1 h unpaid break at least 2 h from either end
    need = hours({h: 1 for h in range(8, 17)})
    rule = BreakRule(360, 60, earliest_after_minutes=120, latest_before_end_minutes=120)
    problem = DesignProblem(need, 60, shift_lengths_minutes=(540,), break_rules=(rule,), cyclic=False)

    # when
    design = design_shifts(problem)

    # then: one shift cannot cover its own break, so two people (16 paid hours) cover the day, nothing short
    assert design.status == "optimal"
    assert design.paid_hours == 16
    assert not design.under.any()
    assert sum(s.count for s in design.starts) == 2
    assert all(s.paid_minutes == 480 and s.break_minutes == 60 for s in design.starts)
    assert all(s.start_minute + 120 <= s.break_start_minute <= s.start_minute + 540 - 180 for s in design.starts)


def test_demand_no_shift_can_reach_is_reported_as_shortfall():
    # given: shifts may only start at 08:00, but someone is needed at 03:00 too
    need = hours({3: 1, 9: 1})
    problem = DesignProblem(need, 60, shift_lengths_minutes=(480,), start_minutes=(480,), break_rules=(),
                            cyclic=False)

    # when
    design = design_shifts(problem)

    # then: 09:00 is covered; 03:00 is one agent-hour short
    assert design.status == "optimal"
    assert design.paid_hours == 8
    assert list(design.under.nonzero()[0]) == [3]
    assert design.shortfall_agent_hours == 1
    assert not design.requirement_met


def test_the_week_wraps_so_sundays_night_covers_monday_morning():
    # given: two days; one agent 22:00-06:00 each night, the first night starting on the last day
    need = [0] * 48
    for h in (22, 23):
        need[24 + h] = 1
    for h in range(0, 6):
        need[h] = 1
    problem = DesignProblem(tuple(need), 60, shift_lengths_minutes=(480,), break_rules=(), cyclic=True)

    # when
    design = design_shifts(problem)

    # then: a single 8 h night starting 22:00 on day 1 covers both
    assert design.paid_hours == 8
    assert design.daily_counts() == {(1, 22 * 60, 480): 1}
    assert not design.under.any()


def test_a_cap_on_starts_per_day_makes_the_shortfall_as_small_as_possible():
    # given: 3 agents needed 08:00-16:00 but only 2 may start
    need = hours({h: 3 for h in range(8, 16)})
    problem = DesignProblem(need, 60, shift_lengths_minutes=(480,), break_rules=(), cyclic=False,
                            max_starts_per_day=2)

    # when
    design = design_shifts(problem)

    # then
    assert design.paid_hours == 16
    assert design.shortfall_agent_hours == 8


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"requirement": (1,) * 23}, "whole days"),
    ({"shift_lengths_minutes": (45,)}, "multiples"),
    ({"start_minutes": (30,)}, "boundaries"),
    ({"time_limit_s": 0}, "time_limit_s"),
])
def test_bad_problems_are_refused_naming_the_field(kwargs, fragment):
    # given
    args = {"requirement": hours({8: 1}), "interval_minutes": 60} | kwargs

    # when
    with pytest.raises(ValueError) as raised:
        design_shifts(DesignProblem(**args))

    # then
    assert fragment in str(raised.value)


def test_a_cap_on_shift_types_uses_one_type_at_a_known_cost():
    # given: one agent 08:00-16:00 and another 12:00-20:00; 8 or 12 hour shifts on the hour
    need = hours({h: (1 if 8 <= h < 12 or 16 <= h < 20 else 2) for h in range(8, 20)})
    free = DesignProblem(need, 60, shift_lengths_minutes=(480, 720), break_rules=(), cyclic=False)

    # when
    unlimited = design_shifts(free)
    one_type = design_shifts(DesignProblem(need, 60, shift_lengths_minutes=(480, 720), break_rules=(), cyclic=False,
                                           max_shift_types=1))

    # then: freely two 8 h shifts (16 paid hours); with one type, two 12 h shifts from 08:00 (24 paid hours)
    assert unlimited.paid_hours == 16 and len(unlimited.starts) == 2
    assert one_type.paid_hours == 24 and not one_type.under.any()
    assert one_type.daily_counts() == {(0, 480, 720): 2}
    assert "1 shift types" in one_type.notes[-1]


def test_explicit_shift_types_replace_the_grid_of_starts_and_lengths():
    # given: the centre's own Early 07-15 and Late 15-23 only
    need = hours({h: 1 for h in range(9, 21)})
    problem = DesignProblem(need, 60, shift_types=((420, 480), (900, 480)), break_rules=(), cyclic=False)

    # when
    design = design_shifts(problem)

    # then
    assert design.daily_counts() == {(0, 420, 480): 1, (0, 900, 480): 1}
    assert design.paid_hours == 16
