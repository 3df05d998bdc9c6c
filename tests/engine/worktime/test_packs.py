"""Rule packs: shipped packs, tightening never loosening, plain-dict round trip, versions by date."""

import dataclasses
import json
from datetime import date

import pytest

from muster_engine.worktime import PackLimitError, Packs, RulePack, UnknownPackError, shipped_packs

from .builders import check, duty, only, period

TODAY = date(2026, 3, 1)


def pack(name: str = "nhs-afc") -> RulePack:
    return shipped_packs().in_force(name, TODAY)


def test_the_four_packs_of_rules_c1_ship_with_the_optional_scottish_variant():
    # when
    names = shipped_packs().names()

    # then
    assert names == ("nhs-afc", "nhs-ambulance", "police-officer", "police-officer-scotland", "police-staff")


def test_shipped_packs_carry_the_statutory_numbers():
    # when
    afc, police = pack("nhs-afc"), pack("police-officer")

    # then
    assert (afc.daily_rest_minutes, afc.weekly_rest_minutes, afc.max_average_weekly_minutes) == (660, 1440, 2880)
    assert (afc.reference_weeks, afc.break_after_minutes, afc.break_minutes) == (17, 360, 20)
    assert (afc.night_start_minute, afc.night_end_minute, afc.night_max_average_minutes) == (1380, 360, 480)
    assert (afc.young_daily_rest_minutes, afc.young_weekly_rest_minutes, afc.young_max_weekly_minutes) == (
        720,
        2880,
        2400,
    )
    assert police.refreshment_for(9 * 60) == 50 and police.refreshment_for(4 * 60 + 59) == 0
    assert police.rest_exceptions and police.breaks_are_working_time and police.min_rest_days_per_week == 2
    assert not afc.rest_exceptions and afc.local_average_rule == "NHS-7"


def test_a_pack_can_be_tightened_to_12_hours_daily_and_35_hours_weekly_rest():
    # when
    strict = pack().tightened(daily_rest_minutes=720, weekly_rest_minutes=2100)

    # then
    assert (strict.daily_rest_minutes, strict.weekly_rest_minutes) == (720, 2100)
    assert pack().daily_rest_minutes == 660  # the shipped pack is unchanged


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"daily_rest_minutes": 600},
            "daily_rest_minutes cannot go from 660 to 600: packs may only be tightened "
            "(the statutory minimum is 11 h (WTR reg 10))",
        ),
        ({"max_average_weekly_minutes": 3000}, "the statutory maximum is 48 h (WTR reg 4)"),
        ({"break_minutes": 15}, "the statutory minimum is 20 min (WTR reg 12)"),
        ({"young_max_weekly_minutes": 2460}, "the statutory maximum is 40 h (WTR reg 5A)"),
        ({"weekly_rest_fortnightly": True}, "weekly_rest_fortnightly cannot be switched on"),
        ({"night_start_minute": 0}, "night_start_minute cannot shrink the night window"),
        ({"name": "other"}, "name is not a limit that can be tightened"),
        ({"daily_rest_minutes": "720"}, "daily_rest_minutes must be a whole number, got '720'"),
    ],
)
def test_loosening_a_limit_raises_naming_the_parameter_and_the_statutory_limit(change, message):
    # when
    with pytest.raises(PackLimitError) as error:
        pack().tightened(**change)

    # then
    assert message in str(error.value)
    assert error.value.parameter == next(iter(change))
    assert isinstance(error.value, ValueError)


def test_loosening_a_tightened_pack_back_towards_the_statute_is_refused_too():
    # given
    strict = pack().tightened(daily_rest_minutes=720)

    # when
    with pytest.raises(PackLimitError, match="daily_rest_minutes cannot go from 720 to 690"):
        strict.tightened(daily_rest_minutes=690)


def test_refreshment_tiers_may_only_give_more_refreshment():
    # given
    police = pack("police-officer")

    # when
    more = police.tightened(refreshment_tiers=[(300, 30), (360, 40), (420, 40), (480, 45), (540, 50), (600, 60)])

    # then
    assert more.refreshment_for(400) == 40
    with pytest.raises(PackLimitError, match="refreshment_tiers"):
        police.tightened(refreshment_tiers=[(300, 30), (600, 60)])


def test_a_pack_cannot_even_be_built_looser_than_the_statute():
    # when
    with pytest.raises(PackLimitError, match="weekly_rest_minutes cannot be 1200: the statutory minimum is 24 h"):
        RulePack(name="lax", effective_from=TODAY, weekly_rest_minutes=1200)

    # then a night window must hold 7 h including midnight to 05:00
    with pytest.raises(PackLimitError, match="night_start_minute/night_end_minute must give a window of at least 7 h"):
        RulePack(name="lax", effective_from=TODAY, night_start_minute=60, night_end_minute=360)


def test_packs_round_trip_through_plain_json():
    # given a tightened pack
    strict = pack("police-officer").tightened(daily_rest_minutes=720)

    # when
    data = json.loads(json.dumps(strict.to_dict()))
    back = RulePack.from_dict(data)

    # then
    assert back == strict
    assert data["effective_from"] == "1998-10-01"
    assert data["refreshment_tiers"][0] == [300, 30]
    assert Packs.from_list(shipped_packs().to_list()) == shipped_packs()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "effective_from": "2026-01-01", "daily_rest": 700}, "daily_rest is not a rule pack parameter"),
        ({"name": "x", "effective_from": "01/01/2026"}, "effective_from must be a date YYYY-MM-DD"),
        ({"name": "x", "effective_from": "2026-01-01", "daily_rest_minutes": 300}, "daily_rest_minutes cannot be 300"),
        ({"name": "x"}, "effective_from is required"),
    ],
)
def test_pack_dicts_are_validated_naming_the_key(data, message):
    with pytest.raises(PackLimitError, match=message):
        RulePack.from_dict(data)


def test_the_version_in_force_on_a_date_is_picked():
    # given a second version of the AfC pack from 1 April 2026 with 12 h daily rest
    later = pack().tightened(daily_rest_minutes=720).with_effective_from(date(2026, 4, 1))
    packs = shipped_packs().with_version(later)

    # when
    march, april = packs.in_force("nhs-afc", date(2026, 3, 31)), packs.in_force("nhs-afc", date(2026, 4, 1))

    # then
    assert (march.daily_rest_minutes, april.daily_rest_minutes) == (660, 720)
    with pytest.raises(UnknownPackError, match="no version of rule pack 'nhs-afc' is in force on 1990-01-01"):
        packs.in_force("nhs-afc", date(1990, 1, 1))
    with pytest.raises(UnknownPackError, match="no rule pack 'fire'"):
        packs.in_force("fire", TODAY)


def test_old_periods_are_judged_by_the_numbers_in_force_then():
    # given 11 h 30 min rests before and after a new 12 h version starts on 1 April
    packs = shipped_packs().with_version(pack().tightened(daily_rest_minutes=720).with_effective_from(date(2026, 4, 1)))
    duties = [
        duty("2026-03-20 07:00", "2026-03-20 19:00", 30),
        duty("2026-03-21 06:30", "2026-03-21 14:30", 30),
        duty("2026-04-10 07:00", "2026-04-10 19:00", 30),
        duty("2026-04-11 06:30", "2026-04-11 14:30", 30),
    ]

    # when
    found = only(check(duties, period("2026-03-01", "2026-04-30"), packs=packs), "WTR-3")

    # then only the April rest is short
    assert [(v.end.date(), v.limit) for v in found] == [(date(2026, 4, 11), 12)]


def test_a_scottish_pack_without_consecutive_limits_would_be_loosening():
    # given
    scotland = pack("police-officer-scotland")

    # when
    with pytest.raises(PackLimitError, match="max_consecutive_nights cannot go from 4 to 5"):
        scotland.tightened(max_consecutive_nights=5)

    # then a stricter roster limit is fine
    assert scotland.tightened(max_consecutive_working_days=5).max_consecutive_working_days == 5
    assert dataclasses.replace(scotland, max_consecutive_nights=None).max_consecutive_nights is None
