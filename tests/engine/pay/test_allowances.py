"""POL-14 unsocial hours: 10 % of hourly pay for each full hour worked 20:00-06:00, constable to chief inspector."""

from .builders import constable, costed, duty, rows


def test_pol14_a_night_tour_earns_10_percent_for_each_full_hour_between_20_and_06():
    # given: 22:00-07:00 has 8 h in the window
    shift = duty("2026-03-10 22:00", "2026-03-11 07:00")

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 8 x 20.00 x 0.10
    assert rows(result) == [("POL-14", "unsocial hours allowance", 8.0, 0.1, "16.00")]


def test_pol14_only_full_hours_count():
    # given: 18:00-02:30 has 6 h 30 min in the window
    shift = duty("2026-03-10 18:00", "2026-03-11 02:30")

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-14", "unsocial hours allowance", 6.0, 0.1, "12.00")]


def test_pol14_a_day_tour_earns_nothing():
    # when
    result = costed("police-officer", [constable()], [duty("2026-03-10 07:00", "2026-03-10 17:00")])

    # then
    assert rows(result) == []


def test_pol14_a_chief_inspector_is_paid_but_a_superintendent_is_not():
    # given
    people = [constable("CI", rank="chief-inspector"), constable("SU", rank="superintendent")]
    duties = [duty("2026-03-10 22:00", "2026-03-11 07:00", p) for p in ("CI", "SU")]

    # when
    result = costed("police-officer", people, duties)

    # then
    assert [(i.person, str(i.amount)) for i in result.items] == [("CI", "16.00")]


def test_pol14_across_the_march_clock_change_the_lost_hour_is_not_paid():
    # given: Sat 28 Mar 22:00 GMT to Sun 07:00 BST; 22:00-06:00 local is 7 real hours
    shift = duty("2026-03-28 22:00", "2026-03-29 07:00", breaks=45)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-14", "unsocial hours allowance", 7.0, 0.1, "14.00")]


def test_pol14_across_the_october_clock_change_the_extra_hour_is_paid():
    # given: Sat 24 Oct 22:00 BST to Sun 25 Oct 07:00 GMT; 22:00-06:00 local is 9 real hours
    shift = duty("2026-10-24 22:00", "2026-10-25 07:00")

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-14", "unsocial hours allowance", 9.0, 0.1, "18.00")]


def test_pol14_overtime_hours_carry_their_own_premium_and_earn_no_unsocial_hours():
    # given: a late tour to 22:00 with casual overtime to 23:30
    shift = duty("2026-03-10 14:00", "2026-03-10 23:30", overtime="planned", tour_end="2026-03-10 22:00")

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 2 full hours of the tour in the window; 1 h 30 min overtime at 4/3
    assert rows(result) == [
        ("POL-14", "unsocial hours allowance", 2.0, 0.1, "4.00"),
        ("POL-8", "planned overtime", 1.5, 1.3333, "40.00"),
    ]
