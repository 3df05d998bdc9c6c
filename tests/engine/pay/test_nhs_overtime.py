"""NHS-4 overtime (bands 1-7, part-timers plain time to 37.5 h, public holidays double) and NHS-6 hours in lieu."""

from .builders import afc, costed, day, duty, owed, rows


def test_nhs4_overtime_is_time_and_a_half():
    # given: band 5, 2 h after a day tour
    shift = duty(
        "2026-03-11 08:00", "2026-03-11 19:00", "N1", breaks=30, overtime="planned", tour_end="2026-03-11 17:00"
    )

    # when
    result = costed("nhs-afc", [afc()], [shift])

    # then
    assert rows(result) == [("NHS-4", "overtime", 2.0, 1.5, "60.00")]


def test_nhs4_overtime_on_a_public_holiday_is_double_time_without_nhs2_or_nhs6():
    # when: an extra duty on Good Friday
    result = costed(
        "nhs-afc",
        [afc()],
        [duty("2026-04-03 10:00", "2026-04-03 14:00", "N1", overtime="planned")],
        public_holidays=[day("2026-04-03")],
    )

    # then
    assert rows(result) == [("NHS-4", "overtime on a public holiday", 4.0, 2.0, "160.00")]
    assert owed(result) == []


def test_nhs4_part_timers_are_paid_plain_time_up_to_37_5_hours_then_time_and_a_half():
    # given: 22.5 h contract, three 7.5 h days, then two 8 h extra duties
    tours = [duty(f"2026-03-{d} 08:00", f"2026-03-{d} 16:00", "N1", breaks=30) for d in ("09", "10", "11")]
    extras = [duty(f"2026-03-{d} 08:00", f"2026-03-{d} 16:00", "N1", overtime="planned") for d in ("12", "13")]

    # when
    result = costed("nhs-afc", [afc(hours="22.5")], [*tours, *extras])

    # then: Thu 8 h plain (30.5 h), Fri 7 h plain to 37.5 h and 1 h at 1.5
    assert rows(result) == [
        ("NHS-4", "part-time extra hours at plain time", 8.0, 1.0, "160.00"),
        ("NHS-4", "part-time extra hours at plain time", 7.0, 1.0, "140.00"),
        ("NHS-4", "overtime", 1.0, 1.5, "30.00"),
    ]


def test_nhs4_bands_8_and_9_get_no_overtime():
    # when
    result = costed("nhs-afc", [afc(band=8)], [duty("2026-03-11 17:00", "2026-03-11 19:00", "N1", overtime="planned")])

    # then
    assert rows(result) == []


def test_nhs4_a_rest_day_worked_is_overtime():
    # when
    result = costed("nhs-afc", [afc()], [duty("2026-03-11 09:00", "2026-03-11 13:00", "N1", rostered_rest_day=True)])

    # then
    assert rows(result) == [("NHS-4", "overtime", 4.0, 1.5, "120.00")]


def test_nhs6_a_public_holiday_worked_owes_equal_hours_in_lieu_besides_the_nhs2_enhancement():
    # given: Easter Monday 07:00-15:30 with 30 min unpaid
    shift = duty("2026-04-06 07:00", "2026-04-06 15:30", "N1", breaks=30, public_holiday=True)

    # when
    result = costed("nhs-afc", [afc()], [shift])

    # then
    assert rows(result) == [("NHS-2", "unsocial hours (Sunday or public holiday)", 8.0, 0.6, "96.00")]
    assert owed(result) == [("NHS-6", "public_holiday_in_lieu", None, 8.0)]


def test_nhs6_a_night_into_a_public_holiday_owes_only_the_hours_on_the_holiday():
    # given: Sun 5 Apr 20:00 - Mon 6 Apr 08:00, Easter Monday listed
    shift = duty("2026-04-05 20:00", "2026-04-06 08:00", "N1")

    # when
    result = costed("nhs-afc", [afc()], [shift], public_holidays=[day("2026-04-06")])

    # then
    assert owed(result) == [("NHS-6", "public_holiday_in_lieu", None, 8.0)]
    assert rows(result) == [("NHS-2", "unsocial hours (Sunday or public holiday)", 12.0, 0.6, "144.00")]
