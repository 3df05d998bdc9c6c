"""evaluate(): working time by kind, several people and packs at once, periods, array input."""

from datetime import date

import numpy as np
import pytest

from muster_engine.worktime import Duty, Person, Timelines, evaluate, shipped_packs
from muster_engine.worktime.clock import to_minutes

from .builders import at, duty, period, weekly_average


@pytest.mark.parametrize(("kind", "hours"), [("duty", 8), ("training", 8), ("on_call_at_work", 8), ("on_call_away", 0)])
def test_on_call_away_from_the_workplace_is_not_working_time(kind, hours):
    # given
    duties = [duty("2026-03-10 09:00", "2026-03-10 17:30", 30, kind=kind)]

    # when
    worked = weekly_average(duties, "2026-03-10") * 17

    # then
    assert worked == pytest.approx(hours)


def two_people() -> Timelines:
    people = [Person("A", pack="police-officer"), Person("B", pack="nhs-afc"), Person("C")]
    duties = [
        duty("2026-03-10 07:00", "2026-03-10 19:00", 30, person="A"),
        duty("2026-03-11 05:00", "2026-03-11 13:00", 45, person="A"),
        duty("2026-03-10 07:00", "2026-03-10 19:00", 30, person="B"),
        duty("2026-03-11 05:00", "2026-03-11 13:00", 30, person="B"),
        duty("2026-03-10 07:00", "2026-03-10 19:00", 30, person="C"),
        duty("2026-03-11 05:00", "2026-03-11 13:00", 30, person="C"),
    ]
    return Timelines.from_records(people, duties, default_pack="nhs-ambulance")


def test_everyone_is_judged_by_their_own_pack_in_one_call():
    # when
    found = evaluate(two_people(), shipped_packs(), period("2026-03-01", "2026-03-31"))

    # then A (police) gets a warning, B (AfC) a breach, C (the default ambulance pack) a warning
    rest = [(v.person, v.severity, v.compensatory_rest_minutes) for v in found if v.rule == "WTR-3"]
    assert rest == [("A", "warning", 60), ("B", "breach", None), ("C", "warning", 60)]


def test_a_single_pack_judges_everyone():
    # when
    found = evaluate(
        two_people(), shipped_packs().in_force("nhs-afc", date(2026, 3, 1)), period("2026-03-01", "2026-03-31")
    )

    # then
    assert {(v.person, v.severity) for v in found if v.rule == "WTR-3"} == {
        ("A", "breach"),
        ("B", "breach"),
        ("C", "breach"),
    }


def test_someone_with_no_duties_among_others_with_duties_has_no_violations():
    # given
    people = [Person("A", pack="police-officer"), Person("B", pack="nhs-afc")]
    timelines = Timelines.from_records(people, [duty("2026-03-02 07:00", "2026-03-02 15:00", 30, person="B")])

    # when
    found = evaluate(timelines, shipped_packs(), period("2026-03-01", "2026-03-31"))

    # then
    assert [v.person for v in found] == []


def test_violations_outside_the_period_are_not_reported_but_history_counts():
    # given a short rest on 11 March
    timelines = two_people()

    # when
    april = evaluate(timelines, shipped_packs(), period("2026-04-01", "2026-04-30"))
    eleventh = evaluate(timelines, shipped_packs(), period("2026-03-11"))

    # then
    assert april == []
    assert {v.person for v in eleventh if v.rule == "WTR-3"} == {"A", "B", "C"}


def test_timelines_from_arrays_give_the_same_answer_as_from_records_in_any_order():
    # given the records and the same duties as shuffled arrays
    records = two_people()
    order = np.array([5, 2, 0, 4, 1, 3])
    arrays = Timelines.from_arrays(
        records.people,
        duty_person=records.duty_person[order],
        duty_start=records.duty_start[order],
        duty_end=records.duty_end[order],
        duty_break=records.duty_break[order],
        duty_kind=records.duty_kind[order],
        default_pack="nhs-ambulance",
    )

    # when
    within = period("2026-03-01", "2026-03-31")

    # then
    assert evaluate(arrays, shipped_packs(), within) == evaluate(records, shipped_packs(), within)
    assert list(arrays.duty_start[:2]) == [to_minutes(at("2026-03-10 07:00")), to_minutes(at("2026-03-11 05:00"))]


def test_bad_records_name_what_is_wrong():
    # given
    person = Person("P1", pack="nhs-afc")

    # then
    with pytest.raises(ValueError, match=r"duties\[0\].person: unknown person 'P2'"):
        Timelines.from_records([person], [duty("2026-03-10 07:00", 60, person="P2")])
    with pytest.raises(ValueError, match=r"duties\[0\].end: must be after the start"):
        Timelines.from_records([person], [Duty("P1", at("2026-03-10 07:00"), at("2026-03-10 07:00"))])
    with pytest.raises(ValueError, match="person 'P1' has no rule pack"):
        evaluate(Timelines.from_records([Person("P1")], []), shipped_packs(), period("2026-03-10"))
