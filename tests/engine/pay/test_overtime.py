"""POL-8 overtime in completed 15-min units with the casual disregard, POL-9 recall, POL-11, POL-12 part-time."""

from decimal import Decimal

from .builders import constable, costed, duty, rows


def tour_with_overtime(day: str, end: str, kind: str = "planned", person: str = "P1"):
    """A 07:00-15:00 tour on `day` with overtime of `kind` to `end` (local time that day)."""
    return duty(f"{day} 07:00", f"{day} {end}", person, overtime=kind, tour_end=f"{day} 15:00")


def test_pol8_planned_overtime_is_time_and_a_third():
    # when
    result = costed("police-officer", [constable()], [tour_with_overtime("2026-03-09", "16:00")])

    # then: 1 h x 20.00 x 4/3 = 26.666... -> 26.67
    assert rows(result) == [("POL-8", "planned overtime", 1.0, 1.3333, "26.67")]


def test_pol8_overtime_is_counted_in_completed_15_minute_units_never_rounded_up():
    # when: 44 min of planned overtime
    result = costed("police-officer", [constable()], [tour_with_overtime("2026-03-09", "15:44")])

    # then: 30 min x 20.00 x 4/3 = 13.333... -> 13.33
    assert rows(result) == [("POL-8", "planned overtime", 0.5, 1.3333, "13.33")]


def test_pol8_planned_overtime_below_the_minimum_countable_period_is_not_paid():
    # when: 14 min
    result = costed("police-officer", [constable()], [tour_with_overtime("2026-03-09", "15:14")])

    # then
    assert rows(result) == []


def test_pol8_casual_overtime_loses_30_minutes_on_each_of_the_first_4_occasions_in_the_force_week():
    # given: an hour of casual overtime every day Mon 9 to Sat 14 Mar, and again on Mon 16 Mar (a new week)
    days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-16"]
    duties = [tour_with_overtime(d, "16:00", "casual") for d in days]

    # when
    result = costed("police-officer", [constable()], duties)

    # then: 30 min x 4/3 four times, then the full hour on the 5th and 6th, then the disregard again
    assert [(r[2], r[4]) for r in rows(result)] == [
        (0.5, "13.33"),
        (0.5, "13.33"),
        (0.5, "13.33"),
        (0.5, "13.33"),
        (1.0, "26.67"),
        (1.0, "26.67"),
        (0.5, "13.33"),
    ]
    assert str(result.total) == "119.99"  # each item rounded to the penny (C-4)


def test_pol8_casual_overtime_of_30_minutes_or_less_on_an_early_occasion_pays_nothing_but_counts():
    # given: 20 min of casual overtime on Monday, then four occasions of an hour
    duties = [tour_with_overtime("2026-03-09", "15:20", "casual")]
    duties += [tour_with_overtime(d, "16:00", "casual") for d in ("2026-03-10", "2026-03-11", "2026-03-12")]
    duties.append(tour_with_overtime("2026-03-13", "16:00", "casual"))

    # when
    result = costed("police-officer", [constable()], duties)

    # then: Monday was the 1st occasion, so Friday is the 5th: no disregard
    assert [r[4] for r in rows(result)] == ["13.33", "13.33", "13.33", "26.67"]


def test_pol8_an_extra_duty_without_a_tour_end_is_overtime_throughout():
    # given
    extra = duty("2026-03-14 10:00", "2026-03-14 14:00", overtime="planned")

    # when
    result = costed("police-officer", [constable()], [extra])

    # then: 4 h x 20 x 4/3
    assert rows(result) == [("POL-8", "planned overtime", 4.0, 1.3333, "106.67")]


def test_pol9_a_recall_between_tours_is_time_and_a_third_with_no_minimum():
    # given: recalled for 1 h 50 min in the evening
    recall = duty("2026-03-09 19:00", "2026-03-09 20:50", overtime="recall")

    # when
    result = costed("police-officer", [constable()], [tour_with_overtime("2026-03-09", "15:00"), recall])

    # then: 1 h 45 min x 20 x 4/3 = 46.67
    assert rows(result, "POL-8", "POL-9") == [("POL-9", "recall to duty", 1.75, 1.3333, "46.67")]


def test_pol9_a_recall_that_runs_into_the_next_tour_is_not_a_recall():
    # given: called in at 05:00 for a 07:00 tour
    recall = duty("2026-03-10 05:00", "2026-03-10 07:00", overtime="recall")
    tour = duty("2026-03-10 07:00", "2026-03-10 15:00")

    # when
    result = costed("police-officer", [constable()], [recall, tour])

    # then: 2 h of overtime (POL-8), not POL-9
    assert [(r[0], r[2], r[4]) for r in rows(result, "POL-8", "POL-9")] == [("POL-8", 2.0, "53.33")]


def test_pol11_inspectors_and_above_receive_no_overtime():
    # when
    result = costed("police-officer", [constable(rank="inspector")], [tour_with_overtime("2026-03-09", "18:00")])

    # then
    assert rows(result) == []


def test_pol12_a_part_timer_is_paid_plain_time_until_40_hours_in_the_week_then_time_and_a_third():
    # given: 32 h contract, four 8 h tours, then a 10 h extra duty on Friday
    person = constable(hours_per_week=Decimal(32))
    tours = [duty(f"2026-03-{d} 07:00", f"2026-03-{d} 15:00") for d in ("09", "10", "11", "12")]
    extra = duty("2026-03-13 07:00", "2026-03-13 17:00", overtime="planned")

    # when
    result = costed("police-officer", [person], [*tours, extra])

    # then: 8 h plain to reach 40 h, 2 h x 4/3
    assert rows(result) == [
        ("POL-12", "part-time extra hours at plain time", 8.0, 1.0, "160.00"),
        ("POL-8", "planned overtime", 2.0, 1.3333, "53.33"),
    ]


def test_pol12_a_full_timer_has_no_plain_time():
    # given: the same week for a 40 h constable
    tours = [duty(f"2026-03-{d} 07:00", f"2026-03-{d} 15:00") for d in ("09", "10", "11", "12")]
    extra = duty("2026-03-13 07:00", "2026-03-13 17:00", overtime="planned")

    # when
    result = costed("police-officer", [constable()], [*tours, extra])

    # then
    assert rows(result) == [("POL-8", "planned overtime", 10.0, 1.3333, "266.67")]


def test_pol8_an_awkward_hourly_rate_costs_to_the_penny_rounded_half_up():
    # given: 1 h 15 min at 18.27: 1.25 x 18.27 x 4/3 = 30.45 exactly
    person = constable(rate="18.27")

    # when
    result = costed("police-officer", [person], [tour_with_overtime("2026-03-09", "16:15")])

    # then
    assert rows(result) == [("POL-8", "planned overtime", 1.25, 1.3333, "30.45")]


def test_pol8_overtime_is_costed_per_person():
    # given: two constables, each with an hour
    people = [constable("A"), constable("B", rate="30.00")]
    duties = [
        tour_with_overtime("2026-03-09", "16:00", person="A"),
        tour_with_overtime("2026-03-09", "16:00", person="B"),
    ]

    # when
    result = costed("police-officer", people, duties)

    # then
    assert [(i.person, str(i.amount)) for i in result.items] == [("A", "26.67"), ("B", "40.00")]
    assert str(result.for_person("B").total) == "40.00"
