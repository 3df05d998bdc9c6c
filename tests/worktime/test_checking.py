import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from people.models import Contract, Person
from worktime.checking import EngineDuty, check_changes, engine_people

LONDON = ZoneInfo("Europe/London")


def at(day: str, hhmm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=LONDON)


def duty(person: str, day: str, start: str, end_day: str, end: str) -> EngineDuty:
    # POL-1: a 10 h tour needs 60 min refreshment.
    return EngineDuty(person=person, start=at(day, start), end=at(end_day, end), break_minutes=60)


@pytest.mark.django_db
def test_engine_people_take_the_contract_in_force_and_the_staff_group_pack(org):
    # given sam went part-time (24 h) from 1 June 2026
    Contract.objects.filter(person=org.sam).update(effective_to=dt.date(2026, 5, 31))
    Contract.objects.create(person=org.sam, effective_from=dt.date(2026, 6, 1), hours_per_week=Decimal("24"),
                            fte=Decimal("0.6"), wtr_opt_out=True)
    ids = Person.objects.values_list("pk", flat=True)
    # when his facts are read for May and for July
    may = {p.id: p for p in engine_people(ids, dt.date(2026, 5, 1))}[str(org.sam.pk)]
    july = {p.id: p for p in engine_people(ids, dt.date(2026, 7, 1))}[str(org.sam.pk)]
    # then each uses the contract of its date
    assert (may.hours_per_week, may.wtr_opt_out) == (40.0, False)
    assert (july.hours_per_week, july.wtr_opt_out) == (24.0, True)
    assert july.pack == "police-officer" and july.rank == "constable"


@pytest.mark.django_db
def test_check_changes_reports_the_rest_shortfall_a_moved_duty_would_introduce(org):
    # given sam works a late 14:00-24:00 on Monday and an early 07:00-17:00 on Wednesday
    people = engine_people([org.sam.pk], dt.date(2026, 6, 1))
    pid = people[0].id
    current = {1: duty(pid, "2026-06-01", "14:00", "2026-06-02", "00:00"),
               2: duty(pid, "2026-06-03", "07:00", "2026-06-03", "17:00")}
    # when the early is moved to Tuesday 07:00 (7 h after the late ends)
    result = check_changes(people=people, current=current,
                           proposed={2: duty(pid, "2026-06-02", "07:00", "2026-06-02", "17:00")})
    # then exactly the WTR-3 shortfall of 4 h is introduced, owed as compensatory rest
    assert [v.rule for v in result.introduced] == ["WTR-3"]
    assert result.introduced[0].compensatory_rest_minutes == 240
    assert not result.resolved and not result.clean


@pytest.mark.django_db
def test_check_changes_reports_what_a_change_mends(org):
    people = engine_people([org.sam.pk], dt.date(2026, 6, 1))
    pid = people[0].id
    current = {1: duty(pid, "2026-06-01", "14:00", "2026-06-02", "00:00"),
               2: duty(pid, "2026-06-02", "07:00", "2026-06-02", "17:00")}
    # when the second duty is removed
    result = check_changes(people=people, current=current, proposed={2: None})
    # then the shortfall is resolved and nothing new is broken
    assert [v.rule for v in result.resolved] == ["WTR-3"]
    assert result.clean


def test_a_local_code_that_reads_like_an_excluded_type_is_not_excluded_unless_flagged():
    from worktime.checking import engine_abstraction

    day = dt.date(2026, 6, 1)
    assert engine_abstraction(1, "sickness", "sick-self-cert", True, day, day).excluded
    assert not engine_abstraction(1, "other", "sickness", False, day, day).excluded
    assert engine_abstraction(1, "leave", "annual-leave", True, day, day).type == "annual_leave"
