"""Erlang C and A against published worked examples (RULES.md § 7, /work/shared/data/erlang/README.md).

References, all in ../shared/data/erlang/erlang_reference.csv:
- Call Centre Helper worked example (callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls in
  30 min, AHT 180 s, 80 % in 20 s → 14 agents (SL 88.8 %, P(wait) 0.174), 20 after 30 % shrinkage; full
  precision from rodrigo-arenas/pyworkforce (MIT).
- callcentretools.com Erlang calculator v5.0 (pages captured in chjacamp/erlangR dev/site-verification):
  400 calls / 30 min, AHT 257 s, 80/20, patience 60 s; and 1000 calls / 60 min, AHT 180 s, 90/10.
- The classic 360 calls / 30 min, AHT 240 s, 55 agents example (computed; float and exact rational agree).
"""

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from muster_engine.queueing.erlang import (
    InfeasibleTarget,
    StaffingInputError,
    Target,
    compare_roster,
    erlang_a_performance,
    erlang_b,
    erlang_c,
    erlang_c_performance,
    required_agents,
    scheduled_for,
    staff_intervals,
)

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "erlang" / "erlang_reference.csv"


def reference_rows() -> list[dict]:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is absent: the shared Erlang reference data sits beside the repository "
                    "(../shared/data/erlang) on the project's machines only")
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return None if text in ("", None) else float(text)


def test_every_published_cell_of_the_reference_table_is_reproduced_within_its_rounding():
    # given: 37 rows of (scenario, agents) with published and recomputed values
    rows = reference_rows()
    checked = 0

    for row in rows:
        # when
        traffic = float(row["offered_load_erlangs"])
        agents = int(row["agents"])
        aht, period = float(row["aht_s"]), float(row["period_s"])
        calls = traffic * period / aht
        perf = erlang_c_performance(agents, calls, aht, period, float(row["target_answer_s"]))

        # then: the published figures to the source's rounding (±0.05 points, ±0.05 s)
        published = {"published_prob_wait": perf.prob_wait, "published_service_level": perf.service_level,
                     "published_occupancy": perf.occupancy, "published_answered_immediately": 1 - perf.prob_wait}
        for column, value in published.items():
            if number(row[column]) is not None:
                assert value == pytest.approx(number(row[column]), abs=0.0005 + 1e-9), (row["example"], agents, column)
                checked += 1
        if number(row["published_asa_s"]) is not None and math.isfinite(perf.asa_s):
            assert perf.asa_s == pytest.approx(number(row["published_asa_s"]), abs=0.05 + 1e-9)
            checked += 1
        # and the full-precision recomputed values
        assert perf.prob_wait == pytest.approx(float(row["computed_prob_wait"]), abs=1e-9)
        assert perf.service_level == pytest.approx(float(row["computed_service_level"]), abs=1e-9)
        if row["computed_asa_s"] != "inf":
            assert perf.asa_s == pytest.approx(float(row["computed_asa_s"]), abs=1e-5)
        if number(row["published_abandon_rate"]) is not None:
            patience = float(row["patience_s"])
            abandon = erlang_a_performance(agents, calls, aht, period, patience, 20).abandon_rate
            assert abandon == pytest.approx(float(row["computed_erlang_a_abandon"]), abs=1e-9)
            assert abandon == pytest.approx(number(row["published_abandon_rate"]), abs=0.00005 + 1e-9)
            checked += 1
    assert checked >= 150


def test_cc1_call_centre_helper_example_needs_14_agents_and_20_after_30_percent_shrinkage():
    # given: RULES.md CC-1: 100 calls in 30 min, AHT 180 s, 80 % in 20 s
    target = Target(service_level=0.8, answer_within_s=20, max_occupancy=0.85, shrinkage=0.3)

    # when
    result = required_agents(100, 180, 1800, target)

    # then
    assert result.traffic_erlangs == 10
    assert erlang_c_performance(13, 100, 180, 1800, 20).service_level == pytest.approx(0.796, abs=0.0005)
    assert (result.agents, result.scheduled) == (14, 20)
    assert result.service_level == pytest.approx(0.888, abs=0.0005)
    assert result.prob_wait == pytest.approx(0.174, abs=0.0005)
    assert result.asa_seconds == pytest.approx(7.8, abs=0.05)
    assert result.occupancy == pytest.approx(0.714, abs=0.0005)


def test_call_centre_helper_at_90_percent_needs_15_agents_and_22_scheduled():
    # when
    result = required_agents(100, 180, 1800, Target(service_level=0.9, answer_within_s=20, shrinkage=0.3))

    # then
    assert (result.agents, result.scheduled) == (15, 22)


@pytest.mark.parametrize(("occupancy", "shrinkage", "agents", "scheduled"), [
    (1.0, 0.0, 64, 64),    # SL 83.7 %, ASA 10.4 s
    (0.85, 0.30, 68, 98),  # the site prints 97 (nearest 0.5); CC-2 rounds up: 68 / 0.7 = 97.1 → 98
    (0.85, 0.25, 68, 91),  # site 90.5
    (0.85, 0.29, 68, 96),  # site 96
    (0.80, 0.30, 72, 103),
])
def test_callcentretools_400_calls_headline_answers(occupancy, shrinkage, agents, scheduled):
    # given: 400 calls / 30 min, AHT 257 s, 80 % in 20 s (A = 57.111)
    target = Target(service_level=0.8, answer_within_s=20, max_occupancy=occupancy, shrinkage=shrinkage)

    # when
    result = required_agents(400, 257, 1800, target)

    # then
    assert (result.agents, result.scheduled) == (agents, scheduled)


def test_callcentretools_400_calls_without_caps_gives_the_published_service_level_and_asa():
    # when
    result = required_agents(400, 257, 1800, Target(service_level=0.8, answer_within_s=20, max_occupancy=None))

    # then
    assert result.agents == 64
    assert result.service_level == pytest.approx(0.837, abs=0.0005)
    assert result.asa_seconds == pytest.approx(10.4, abs=0.05)


def test_callcentretools_1000_calls_an_hour_at_90_in_10_needs_59_agents():
    # when
    result = required_agents(1000, 180, 3600, Target(service_level=0.9, answer_within_s=10, max_occupancy=None))

    # then
    assert result.agents == 59
    assert result.service_level == pytest.approx(0.908, abs=0.0005)
    assert result.asa_seconds == pytest.approx(3.0, abs=0.05)


def test_classic_360_calls_example_with_55_agents():
    # when
    at_15 = erlang_c_performance(55, 360, 240, 1800, 15)
    at_20 = erlang_c_performance(55, 360, 240, 1800, 20)

    # then
    assert at_15.prob_wait == pytest.approx(0.2387009364, abs=1e-10)
    assert at_15.service_level == pytest.approx(0.845883, abs=1e-6)
    assert at_20.service_level == pytest.approx(0.866796, abs=1e-6)
    assert at_15.asa_s == pytest.approx(8.184, abs=0.001)


def test_cc4_erlang_a_worked_check():
    # given: RULES.md CC-4: λ = 12/min, AHT 4 min, N = 48, mean patience 2 min
    calls, aht, period = 12 * 30, 240, 1800

    # when
    perf = erlang_a_performance(48, calls, aht, period, patience_s=120, answer_within_s=20)

    # then
    assert perf.prob_wait == pytest.approx(0.437, abs=0.0005)
    assert perf.abandon_rate == pytest.approx(0.067, abs=0.0005)
    assert perf.mean_wait_s == pytest.approx(8.1, abs=0.05)


@pytest.mark.parametrize(("agents", "calls", "aht"),
                         [(14, 100, 180), (64, 400, 257), (59, 1000, 90), (2118, 3000, 540)])
def test_erlang_a_without_abandonment_matches_erlang_c(agents, calls, aht):
    # given: callers who (almost) never hang up
    patient = 1e9

    # when
    a = erlang_a_performance(agents, calls, aht, 1800, patient, answer_within_s=20)
    c = erlang_c_performance(agents, calls, aht, 1800, answer_within_s=20)

    # then
    assert a.prob_wait == pytest.approx(c.prob_wait, rel=1e-5, abs=1e-12)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-5)
    assert a.asa_s == pytest.approx(c.asa_s, rel=1e-4, abs=1e-9)
    assert a.abandon_rate < 1e-6


def test_erlang_a_staffing_with_endless_patience_gives_the_erlang_c_answer():
    # when
    a = required_agents(400, 257, 1800, Target(0.8, 20, max_occupancy=0.85, shrinkage=0.3, patience_s=1e8))

    # then
    assert (a.agents, a.scheduled, a.model) == (68, 98, "erlang_a")


def test_impatient_callers_need_fewer_agents_and_an_abandonment_cap_needs_more():
    # given
    base = dict(service_level=0.8, answer_within_s=20, max_occupancy=None)

    # when
    patient = required_agents(400, 257, 1800, Target(**base))
    impatient = required_agents(400, 257, 1800, Target(**base, patience_s=60))
    capped = required_agents(400, 257, 1800, Target(service_level=0.5, answer_within_s=20, max_occupancy=None,
                                                    patience_s=60, max_abandon=0.005))

    # then: the published table: 70 agents lose 0.59 % of callers, 71 agents 0.45 %
    assert impatient.agents < patient.agents == 64
    assert impatient.service_level >= 0.8 > erlang_a_performance(impatient.agents - 1, 400, 257, 1800, 60, 20) \
        .service_level
    assert capped.abandon_rate <= 0.005 and capped.agents == 71


def test_erlang_b_recursion_is_stable_for_thousands_of_agents():
    # given: 5,000 Erlangs, far beyond any factorial a float can hold
    # when
    blocking = erlang_b(5100, 5000.0)
    waiting = erlang_c(5100, 5000.0)
    big = required_agents(100_000, 180, 3600, Target(0.8, 20, max_occupancy=None))

    # then
    assert 0 < blocking < waiting < 1
    assert 5000 < big.agents < 5100 and big.service_level >= 0.8


def test_shrinkage_rounds_up_but_not_past_an_exact_answer():
    # then: CC-2, 14 / 0.7 is exactly 20 although floating point says 20.000000000000004
    assert scheduled_for(14, 0.3) == 20
    assert scheduled_for(15, 0.3) == 22
    assert scheduled_for(0, 0.3) == 0


def test_no_calls_need_no_agents():
    # when
    result = required_agents(0, 300, 1800, Target())

    # then
    assert (result.agents, result.scheduled, result.service_level) == (0, 0, 1.0)


def test_a_hundred_percent_service_level_is_infeasible_with_a_reason():
    # when
    with pytest.raises(InfeasibleTarget) as raised:
        required_agents(10, 300, 1800, Target(service_level=1.0))

    # then
    assert "100 %" in raised.value.reason


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"calls": -1}, "calls"), ({"aht_s": 0}, "aht"), ({"interval_s": 0}, "interval_minutes"),
])
def test_impossible_interval_inputs_name_the_field(kwargs, field):
    # given
    args = {"calls": 10, "aht_s": 300, "interval_s": 1800} | kwargs

    # when
    with pytest.raises(StaffingInputError) as raised:
        required_agents(args["calls"], args["aht_s"], args["interval_s"], Target())

    # then
    assert raised.value.field == field


@pytest.mark.parametrize(("target", "field"), [
    (Target(service_level=1.2), "service_level"), (Target(max_occupancy=0), "max_occupancy"),
    (Target(shrinkage=1.0), "shrinkage"), (Target(patience_s=-5), "patience"),
])
def test_impossible_targets_name_the_field(target, field):
    with pytest.raises(StaffingInputError) as raised:
        required_agents(10, 300, 1800, target)
    assert raised.value.field == field


def test_vectorised_staffing_agrees_with_one_interval_at_a_time():
    # given: a day of 15-minute intervals from quiet to busy, with varying handle times
    rng = np.random.default_rng(5)
    calls = np.concatenate([[0.0], rng.uniform(0.5, 400, 95)])
    aht = rng.uniform(200, 700, 96)
    target = Target(service_level=0.9, answer_within_s=30, max_occupancy=0.85, shrinkage=0.32)

    # when
    many = staff_intervals(calls, aht, 900, target)

    # then
    for i in range(96):
        one = required_agents(calls[i], aht[i], 900, target)
        assert (many.agents[i], many.scheduled[i]) == (one.agents, one.scheduled)
        assert many.service_level[i] == pytest.approx(one.service_level, abs=1e-12)
    assert many.agents[0] == 0 and many.feasible.all()


def test_vectorised_erlang_a_staffing_agrees_with_one_interval_at_a_time():
    # given
    calls = np.array([5.0, 50, 120, 0])
    target = Target(service_level=0.95, answer_within_s=60, max_occupancy=0.9, patience_s=180, max_abandon=0.05)

    # when
    many = staff_intervals(calls, 560, 1800, target)

    # then
    assert list(many.agents) == [required_agents(c, 560, 1800, target).agents for c in calls]
    assert many.model == "erlang_a"


def test_vectorised_staffing_marks_infeasible_intervals():
    # when
    many = staff_intervals([0, 10], 300, 1800, Target(service_level=1.0))

    # then
    assert list(many.feasible) == [True, False]
    assert list(many.agents) == [0, -1]


def test_roster_comparison_gives_gap_and_the_service_level_of_the_rostered_people():
    # given: three intervals of the CC-1 queue; 20, 16 and 10 people rostered; 10 % unplanned absence to come
    target = Target(service_level=0.8, answer_within_s=20, max_occupancy=0.85, shrinkage=0.3)

    # when
    result = compare_roster([100, 100, 100], 180, 1800, [20, 16, 10], target, on_duty_shrinkage=0.1)

    # then: 14 agents need 16 on duty (14 / 0.9 = 15.6); 20 people give 18 agents, 16 give 14, 10 give 9
    assert list(result.required) == [14, 14, 14]
    assert list(result.required_on_duty) == [16, 16, 16]
    assert list(result.available) == [18, 14, 9]
    assert list(result.gap) == [4, 0, -6]
    assert result.service_level[1] == pytest.approx(0.88835, abs=1e-5)
    assert result.service_level[2] == 0.0  # 9 agents for 10 Erlangs: the queue never clears
    assert list(result.severe) == [False, False, True]
