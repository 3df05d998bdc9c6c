"""NHS-2 unsocial hours per minute by band and date, and NHS-3 ambulance Annex 5 (simplified)."""

from decimal import Decimal

import pytest

from muster_engine.pay import PayInputError

from .builders import afc, costed, day, duty, rows


def nhs(person, *duties, pack="nhs-afc", **options):
    return costed(pack, [person], duties, **options)


def test_nhs2_weekday_evening_minutes_after_20_00_earn_the_lower_rate():
    # when: band 5, Mon 15:00-23:00
    result = nhs(afc(), duty("2026-03-09 15:00", "2026-03-09 23:00", "N1"))

    # then: 3 h x 20.00 x 30 %
    assert rows(result) == [("NHS-2", "unsocial hours (Saturday or weekday night)", 3.0, 0.3, "18.00")]


def test_nhs2_a_saturday_is_the_lower_rate_all_day_by_band():
    # when: band 2
    result = nhs(afc(band=2), duty("2026-03-14 08:00", "2026-03-14 16:00", "N1"))

    # then: 8 h x 20 x 41 %
    assert rows(result) == [("NHS-2", "unsocial hours (Saturday or weekday night)", 8.0, 0.41, "65.60")]


def test_nhs2_a_sunday_is_the_higher_rate_all_day_by_band():
    # when: band 1
    result = nhs(afc(band=1), duty("2026-03-15 08:00", "2026-03-15 16:00", "N1"))

    # then: 8 h x 20 x 94 %
    assert rows(result) == [("NHS-2", "unsocial hours (Sunday or public holiday)", 8.0, 0.94, "150.40")]


def test_nhs2_a_saturday_night_is_split_at_midnight_into_the_lower_and_higher_rates():
    # when: band 3, Sat 20:00 - Sun 08:00
    result = nhs(afc(band=3), duty("2026-03-14 20:00", "2026-03-15 08:00", "N1"))

    # then
    assert rows(result) == [
        ("NHS-2", "unsocial hours (Saturday or weekday night)", 4.0, 0.35, "28.00"),
        ("NHS-2", "unsocial hours (Sunday or public holiday)", 8.0, 0.69, "110.40"),
    ]


def test_nhs2_a_weekday_night_is_lower_rate_from_20_00_to_06_00_only():
    # when: band 4, Tue 19:00 - Wed 07:30
    result = nhs(afc(band=4), duty("2026-03-10 19:00", "2026-03-11 07:30", "N1"))

    # then: 10 h x 20 x 30 %
    assert rows(result) == [("NHS-2", "unsocial hours (Saturday or weekday night)", 10.0, 0.3, "60.00")]


def test_nhs2_a_public_holiday_is_the_higher_rate():
    # when: band 5 on Good Friday
    result = nhs(afc(), duty("2026-04-03 08:00", "2026-04-03 16:00", "N1", public_holiday=True))

    # then: 8 h x 20 x 60 %
    assert rows(result, "NHS-2") == [("NHS-2", "unsocial hours (Sunday or public holiday)", 8.0, 0.6, "96.00")]


def test_nhs2_before_2020_21_bands_1_to_3_had_the_old_rates():
    # when: band 1 on Sat 9 and Sun 10 Mar 2019
    result = nhs(
        afc(band=1),
        duty("2019-03-09 08:00", "2019-03-09 16:00", "N1"),
        duty("2019-03-10 08:00", "2019-03-10 16:00", "N1"),
    )

    # then: +50 % and +100 %
    assert rows(result) == [
        ("NHS-2", "unsocial hours (Saturday or weekday night)", 8.0, 0.5, "80.00"),
        ("NHS-2", "unsocial hours (Sunday or public holiday)", 8.0, 1.0, "160.00"),
    ]


def test_nhs2_unpaid_breaks_come_off_each_rate_in_proportion():
    # given: Mon 14:00-22:30 with 30 min unpaid: 150 of 510 min after 20:00, 480 paid -> 141 min
    shift = duty("2026-03-09 14:00", "2026-03-09 22:30", "N1", breaks=30)

    # when
    result = nhs(afc(), shift)

    # then: 141 min x 20 x 30 % = 14.10
    assert [(r[0], r[4]) for r in rows(result)] == [("NHS-2", "14.10")]
    assert result.items[0].hours == Decimal("2.35")


def test_nhs2_is_paid_on_standard_hours_only_not_overtime_or_on_call():
    # given: overtime from 20:00 and an on-call shift at night
    shift = duty("2026-03-09 12:00", "2026-03-09 22:00", "N1", overtime="planned", tour_end="2026-03-09 20:00")
    on_call = duty("2026-03-10 20:00", "2026-03-11 06:00", "N1", kind="on_call_at_work")

    # when
    result = nhs(afc(), shift, on_call)

    # then: only NHS-4 overtime
    assert [r[0] for r in rows(result)] == ["NHS-4"]


def test_nhs2_across_the_october_clock_change_the_repeated_hour_is_paid():
    # given: Sat 24 Oct 20:00 BST to Sun 25 Oct 08:00 GMT: 4 h Saturday, 9 h Sunday
    shift = duty("2026-10-24 20:00", "2026-10-25 08:00", "N1")

    # when
    result = nhs(afc(), shift)

    # then
    assert rows(result) == [
        ("NHS-2", "unsocial hours (Saturday or weekday night)", 4.0, 0.3, "24.00"),
        ("NHS-2", "unsocial hours (Sunday or public holiday)", 9.0, 0.6, "108.00"),
    ]


def test_nhs2_needs_a_band():
    # when / then
    with pytest.raises(PayInputError) as error:
        nhs(afc(band=None), duty("2026-03-14 08:00", "2026-03-14 16:00", "N1"))
    assert error.value.field == "people[N1].band"


def ambulance(band: int = 5, hours: str = "37.5"):
    return afc("A1", band=band, hours=hours, annex5=True)


WEEK = (day("2026-03-09"), day("2026-03-15"))


def test_nhs3_annex5_averages_qualifying_hours_a_week_into_a_percentage_of_basic_pay():
    # given: one week with a Mon 19:00 - Tue 07:00 night: 12 qualifying hours (> 9-12 h: 13 %)
    shift = duty("2026-03-09 19:00", "2026-03-10 07:00", "A1", breaks=30)

    # when
    result = nhs(ambulance(), shift, pack="nhs-ambulance", period=WEEK)

    # then: 37.5 contracted hours x 20.00 x 13 %, breaks included, no Section 2 item
    assert rows(result) == [("NHS-3", "Annex 5 unsocial hours (12.0 qualifying h a week)", 37.5, 0.13, "97.50")]


def test_nhs3_more_than_12_qualifying_hours_is_17_percent():
    # given: plus Sat 07:00-09:00
    duties = [duty("2026-03-09 19:00", "2026-03-10 07:00", "A1"), duty("2026-03-14 07:00", "2026-03-14 09:00", "A1")]

    # when
    result = nhs(ambulance(), *duties, pack="nhs-ambulance", period=WEEK)

    # then
    assert rows(result)[0][2:] == (37.5, 0.17, "127.50")


def test_nhs3_part_timers_are_scaled_to_37_5_hours():
    # given: 18.75 h contract, 12 qualifying hours -> 24 h full-time equivalent (> 16 h: 25 %)
    shift = duty("2026-03-09 19:00", "2026-03-10 07:00", "A1")

    # when
    result = nhs(ambulance(hours="18.75"), shift, pack="nhs-ambulance", period=WEEK)

    # then: 18.75 x 20 x 25 %
    assert rows(result)[0][2:] == (18.75, 0.25, "93.75")


def test_nhs3_two_qualifying_hours_or_fewer_earn_nothing():
    # when: Mon 05:00-13:00 has 2 h before 07:00
    result = nhs(ambulance(), duty("2026-03-09 05:00", "2026-03-09 13:00", "A1"), pack="nhs-ambulance", period=WEEK)

    # then
    assert rows(result) == []


def test_nhs3_bands_8_and_9_qualify_only_before_09_00_and_after_13_00_at_weekends():
    # given: Sat 07:00-15:00: 2 h + 2 h (> 2-5 h: 5 %)
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", "A1")

    # when
    result = nhs(ambulance(band=8), shift, pack="nhs-ambulance", period=WEEK)

    # then
    assert rows(result) == [("NHS-3", "Annex 5 unsocial hours (4.0 qualifying h a week)", 37.5, 0.05, "37.50")]


def test_nhs3_without_a_period_the_weeks_spanned_by_the_duties_are_averaged():
    # given: two nights two weeks apart: 24 h over 3 weeks = 8 h a week (> 5-9 h: 9 %)
    duties = [duty("2026-03-09 19:00", "2026-03-10 07:00", "A1"), duty("2026-03-23 19:00", "2026-03-24 07:00", "A1")]

    # when
    result = nhs(ambulance(), *duties, pack="nhs-ambulance")

    # then: 112.5 contracted hours x 20 x 9 %
    assert rows(result)[0][2:] == (112.5, 0.09, "202.50")


def test_nhs3_other_ambulance_staff_are_paid_section_2():
    # when
    result = nhs(afc("A2"), duty("2026-03-14 08:00", "2026-03-14 16:00", "A2"), pack="nhs-ambulance")

    # then
    assert [r[0] for r in rows(result)] == ["NHS-2"]
