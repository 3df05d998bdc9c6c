"""Periods over the clock change, the management commands, and backfilling leave recorded before the ledgers."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from absence.choices import EntryKind, Ledger
from absence.ledgers import balance
from absence.models import Abstraction, AbstractionType, LedgerEntry
from absence.periods import clean_period, estimate_hours
from common.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_week_of_leave_over_the_spring_clock_change_is_an_hour_short_but_takes_five_standard_days(org, types):
    # given leave Monday 23 to Sunday 29 March 2026 (the clocks go forward on the 29th)
    period = clean_period(dt.date(2026, 3, 23), dt.date(2026, 3, 29))
    # then the absence lasts 167 hours, and without a roster it takes five standard days of 8 h
    assert period.ends_at - period.starts_at == dt.timedelta(hours=167)
    assert estimate_hours(org.sam, period) == Decimal("40.00")
    # and a night off from 22:00 on the 28th to 07:00 on the 29th is 8 hours long, not 9
    night = clean_period(dt.date(2026, 3, 28), dt.date(2026, 3, 29), "22:00", "07:00")
    assert night.ends_at - night.starts_at == dt.timedelta(hours=8)


def test_a_part_day_ending_before_it_starts_is_refused_naming_the_field():
    with pytest.raises(DomainError) as error:
        clean_period(dt.date(2030, 6, 3), None, "14:00", "09:00")
    assert error.value.errors[0].field == "end_time"


def test_backfill_debits_approved_leave_recorded_before_the_ledgers_once(org, types):
    # given a week of annual leave loaded without hours or ledger rows (as the demo and imports do)
    leave = Abstraction.objects.create(person=org.sam, type=types["annual-leave"], start_date=dt.date(2030, 6, 3),
                                       end_date=dt.date(2030, 6, 7))
    out = StringIO()
    # when the backfill runs, twice
    call_command("leave_ledgers", "backfill", stdout=out)
    call_command("leave_ledgers", "backfill", stdout=StringIO())
    # then the leave has its hours and one "taken" row, and the year's balance is entitlement less 40 h
    leave.refresh_from_db()
    assert leave.hours == Decimal("40.00")
    assert LedgerEntry.objects.filter(abstraction=leave, kind=EntryKind.TAKEN).count() == 1
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, dt.date(2030, 4, 1)) == Decimal(224 - 40)
    assert "ledger rows" in out.getvalue()


def test_open_and_expire_commands_answer_json(org, types):
    out = StringIO()
    call_command("leave_ledgers", "open", "--on", "2030-05-01", "--unit", "northtown", "--format", "json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["people_changed"] == 2 and summary["rows_posted"] == 4
    with pytest.raises(CommandError):
        call_command("leave_ledgers", "open", "--on", "yesterday")


def test_load_abstraction_types_creates_the_missing_ones_only(db):
    AbstractionType.objects.create(code="sickness", name="Sick (local name)", category="sickness")
    call_command("load_abstraction_types", stdout=StringIO())
    assert AbstractionType.objects.get(code="sickness").name == "Sick (local name)"
    assert AbstractionType.objects.filter(code="court-warning", roster_risk=True, removes_from_roster=False).exists()


def test_the_forecast_command_prints_json_and_exits_2_on_a_wrong_unit(org, types):
    out = StringIO()
    call_command("absence_forecast", "northtown", "--format", "json", "--weeks", "4", stdout=out)
    body = json.loads(out.getvalue())
    assert body["unit"] == "northtown" and len(body["weeks"]) == 4
    with pytest.raises(CommandError) as error:
        call_command("absence_forecast", "nowhere")
    assert error.value.returncode == 2
