"""POL-6 reinstating a cancelled rest day: with more than 7 clear days' notice nothing is due; with fewer the
officer chose to work it and is paid the rate originally due (POL-5: x 1.5 minimum 4 h, or the RDiL)."""

from datetime import date

import pytest

from muster_engine.pay import PayInputError

from .builders import at, constable, costed, day, duty, owed, rows

SATURDAY = ("2026-03-14 07:00", "2026-03-14 15:00")


def reinstated(told: str, reinstated_on: str, times=SATURDAY, **flags):
    """The Saturday 14 Mar rest day, cancelled for a duty (told on `told`), then reinstated on `reinstated_on`."""
    flags.setdefault("rostered_rest_day", True)
    return duty(*times, told=told, rest_day_reinstated_at=at(f"{reinstated_on} 09:00"), **flags)


def test_pol6_reinstated_with_fewer_than_8_clear_days_and_worked_is_paid_the_rate_originally_due():
    # given: told Tue 10 Mar (3 clear days: x 1.5), reinstated Thu 12 Mar (1 clear day), worked anyway
    # when
    result = costed("police-officer", [constable()], [reinstated("2026-03-10", "2026-03-12")])

    # then: 8 h x 20.00 x 1.5
    assert rows(result) == [("POL-6", "reinstated rest day worked at the rate originally due", 8.0, 1.5, "240.00")]
    assert owed(result) == []


@pytest.mark.parametrize(
    ("reinstated_on", "clear", "amount"),
    [("2026-03-05", 8, None), ("2026-03-06", 7, "240.00")],
)
def test_pol6_the_boundary_is_more_than_7_clear_days(reinstated_on, clear, amount):
    # given: told Sun 1 Mar (12 clear days: x 1.5)
    assert (date(2026, 3, 14) - day(reinstated_on)).days - 1 == clear  # C-3

    # when
    result = costed("police-officer", [constable()], [reinstated("2026-03-01", reinstated_on)])

    # then: 8 clear days -> nothing; 7 -> the rate originally due
    assert [r[4] for r in rows(result)] == ([] if amount is None else [amount])
    assert owed(result) == []


def test_pol6_the_4_hour_minimum_of_the_rate_originally_due_applies():
    # when: 3 h worked
    shift = reinstated("2026-03-10", "2026-03-12", times=("2026-03-14 10:00", "2026-03-14 13:00"))
    result = costed("police-officer", [constable(rate="18.27")], [shift])

    # then: 4 h x 18.27 x 1.5 = 109.62
    assert rows(result) == [("POL-6", "reinstated rest day worked at the rate originally due", 4.0, 1.5, "109.62")]


def test_pol6_originally_15_clear_days_and_reinstated_late_the_officer_works_it_for_the_rest_day_in_lieu():
    # given: told Fri 20 Feb (21 clear days: RDiL), reinstated Thu 12 Mar
    # when
    result = costed("police-officer", [constable()], [reinstated("2026-02-20", "2026-03-12")])

    # then
    assert rows(result) == []
    assert owed(result) == [("POL-6", "rdil", 1.0, None)]


def test_pol6_originally_15_clear_days_and_reinstated_in_good_time_owes_no_rest_day_in_lieu():
    # when: reinstated Thu 5 Mar (8 clear days)
    result = costed("police-officer", [constable()], [reinstated("2026-02-20", "2026-03-05")])

    # then: the rest day was given back, so POL-5's RDiL is no longer owed
    assert rows(result) == [] and owed(result) == []


def test_pol6_the_rate_originally_due_may_be_taken_as_toil():
    # when
    result = costed("police-officer", [constable()], [reinstated("2026-03-10", "2026-03-12", compensation="toil")])

    # then: 8 h x 1.5 as time off
    assert rows(result) == []
    assert owed(result) == [("POL-6", "toil", None, 12.0)]


def test_pol6_applies_to_a_rest_day_from_the_rest_day_list_too():
    # given
    shift = reinstated("2026-03-10", "2026-03-12", rostered_rest_day=False)

    # when
    result = costed("police-officer", [constable()], [shift], rest_days=[("P1", day("2026-03-14"))])

    # then
    assert [r[0] for r in rows(result)] == ["POL-6"]


def test_pol6_inspectors_working_a_late_reinstated_rest_day_get_the_day_in_lieu_and_otherwise_nothing():
    # when
    late = costed("police-officer", [constable(rank="inspector")], [reinstated("2026-03-10", "2026-03-12")])
    early = costed("police-officer", [constable(rank="inspector")], [reinstated("2026-02-20", "2026-03-01")])

    # then
    assert owed(late) == [("POL-6", "rdil", 1.0, None)]
    assert owed(early) == [] and rows(early) == []


def test_pol6_a_public_holiday_rest_day_reinstated_in_good_time_owes_no_double_time():
    # given: Easter Monday 6 Apr, cancelled (told 1 Mar), reinstated 20 Mar (16 clear days)
    times = ("2026-04-06 07:00", "2026-04-06 15:00")
    good_time = reinstated("2026-03-01", "2026-03-20", times=times, public_holiday=True)
    late = reinstated("2026-03-01", "2026-04-01", times=times, public_holiday=True)

    # when / then: in good time nothing; late, POL-7 as originally due
    assert rows(costed("police-officer", [constable()], [good_time])) == []
    assert rows(costed("police-officer", [constable()], [late]), "POL-7") == [
        ("POL-7", "public holiday worked", 8.0, 2.0, "320.00")
    ]


def test_pol6_a_reinstatement_on_a_duty_that_is_not_on_a_rest_day_is_bad_input():
    # when / then
    with pytest.raises(PayInputError) as raised:
        costed("police-officer", [constable()], [reinstated("2026-03-10", "2026-03-12", rostered_rest_day=False)])
    assert raised.value.field == "duties[0].rest_day_reinstated_at"
    assert "rostered rest day" in raised.value.problem


@pytest.mark.parametrize(
    ("told", "reinstated_on", "words"),
    [("2026-03-10", "2026-03-15", "before the start"), ("2026-03-12", "2026-03-10", "not be before notified_at")],
)
def test_pol6_a_reinstatement_after_the_duty_or_before_the_cancellation_is_bad_input(told, reinstated_on, words):
    # when / then
    with pytest.raises(PayInputError) as raised:
        costed("police-officer", [constable()], [reinstated(told, reinstated_on)])
    assert raised.value.field == "duties[0].rest_day_reinstated_at"
    assert words in raised.value.problem
