"""rulepack: the optimiser's hard rules are the rule pack's numbers, compiled in one place."""

from datetime import date

from muster_engine.solver.rulepack import work_rules
from muster_engine.worktime import shipped_packs

ON = date(2026, 1, 1)


def test_the_scottish_police_pack_compiles_rest_and_consecutive_limits():
    # when
    rules = work_rules(shipped_packs().in_force("police-officer-scotland", ON))

    # then
    assert (rules.daily_rest_minutes, rules.weekly_rest_minutes) == (660, 1440)
    assert (rules.max_consecutive_days, rules.max_consecutive_nights) == (6, 4)
    assert rules.max_minutes_per_window == (119, 17 * 48 * 60)


def test_a_tightened_pack_tightens_the_optimiser_too():
    # given
    pack = shipped_packs().in_force("nhs-afc", ON).tightened(daily_rest_minutes=12 * 60, weekly_rest_minutes=35 * 60)

    # when
    rules = work_rules(pack)

    # then
    assert (rules.daily_rest_minutes, rules.weekly_rest_minutes) == (720, 2100)


def test_young_workers_and_opt_outs():
    # given
    pack = shipped_packs().in_force("police-staff", ON)

    # then
    assert work_rules(pack, young=True).daily_rest_minutes == 12 * 60
    assert work_rules(pack, young=True).max_minutes_per_window == (7, 40 * 60)
    assert work_rules(pack, opted_out=True).max_minutes_per_window is None
    assert work_rules(pack, max_weekends=2).max_weekends == 2
