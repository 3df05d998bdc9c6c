"""Importing call history: all or nothing, every problem named by row, column and value."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.calendar import LONDON
from common.errors import DomainError
from common.models import AuditEvent
from demand.actions import do_import_demand
from demand.models import DemandInterval

from .helpers import history_file


def problems(error: DomainError) -> set[tuple]:
    return {(e.row, e.field, e.value) for e in error.errors}


def test_a_planner_imports_three_days_of_half_hours_and_it_is_audited(org, queue):
    # given
    text = history_file(days=3)

    # when
    summary = do_import_demand(queue, text.encode(), filename="calls.csv", acting_user=org.pat)

    # then
    assert (summary.rows, summary.intervals, summary.replaced) == (144, 144, 0)
    assert DemandInterval.objects.filter(queue=queue).count() == 144
    first = DemandInterval.objects.filter(queue=queue).order_by("start").first()
    assert first.start == dt.datetime(2025, 6, 1, 23, 0, tzinfo=dt.UTC)  # midnight BST
    assert first.calls_answered + first.calls_abandoned == first.calls_offered and first.aht_seconds > 0
    event = AuditEvent.objects.get(action="demand.history.import")
    assert event.unit_id == org.northtown.pk and event.after["intervals"] == 144
    assert event.after["filename"] == "calls.csv"


def test_quarter_hours_are_added_up_into_the_queues_half_hours(org, queue):
    # given
    text = history_file(days=1, interval_minutes=15)
    quarter = [line.split(",") for line in text.splitlines()[1:3]]

    # when
    summary = do_import_demand(queue, text, acting_user=org.pat)

    # then
    assert (summary.rows, summary.intervals) == (96, 48)
    first = DemandInterval.objects.filter(queue=queue).order_by("start").first()
    assert first.minutes == 30
    assert first.calls_offered == int(quarter[0][1]) + int(quarter[1][1])


def test_a_hole_inside_a_day_is_refused_and_nothing_is_stored(org, queue):
    # given: 10:30 and 11:00 missing on the first day
    lines = history_file(days=2).splitlines()
    kept = [line for line in lines if not line.startswith(("2025-06-02T10:30", "2025-06-02T11:00"))]

    # when
    with pytest.raises(DomainError) as raised:
        do_import_demand(queue, "\n".join(kept), acting_user=org.pat)

    # then
    error = raised.value.errors[0]
    assert (error.row, error.field, error.value) == (22, "interval_start", "2025-06-02T11:30:00+01:00")
    assert "10:30 to 11:30" in error.message
    assert "nothing was imported" in raised.value.message
    assert not DemandInterval.objects.exists()


def test_closed_nights_are_not_holes():
    # given: a centre open 08:00-20:00 on two days
    from demand.imports import parse_file

    lines = ["interval_start,calls_offered"]
    for day in ("2025-06-02", "2025-06-03"):
        lines += [f"{day}T{h:02d}:{m:02d},5" for h in range(8, 20) for m in (0, 30)]

    # when
    parsed = parse_file("\n".join(lines), interval_minutes=30)

    # then
    assert parsed.ok and len(parsed.intervals) == 48


def test_bad_times_duplicates_and_impossible_counts_are_all_reported_at_once(org, queue):
    # given
    text = "\n".join([
        "interval_start,calls_offered,calls_answered,calls_abandoned,aht_seconds",
        "2025-06-02T08:00,10,9,1,300",
        "2025-06-02T08:30,ten,,,",
        "2 June 2025 09:00,4,,,",
        "2025-06-02T08:00:00+01:00,3,,,",
        "2025-06-02T09:30,5,6,,",
        "2025-06-02T10:00,5,4,2,",
        "2025-06-02T10:30,-1,,,0",
        "2025-03-30T01:30,2,,,",
    ])

    # when
    with pytest.raises(DomainError) as raised:
        do_import_demand(queue, text, acting_user=org.pat)

    # then
    assert problems(raised.value) == {
        (2, "calls_offered", "ten"), (3, "interval_start", "2 June 2025 09:00"),
        (4, "interval_start", "2025-06-02T08:00:00+01:00"), (5, "calls_answered", "6"), (6, "calls_abandoned", "2"),
        (7, "calls_offered", "-1"), (7, "aht_seconds", "0"), (8, "interval_start", "2025-03-30T01:30")}
    messages = {(e.row, e.field): e.message for e in raised.value.errors}
    assert messages[(4, "interval_start")] == "The same interval as row 1."
    assert "clocks go forward" in messages[(8, "interval_start")]
    assert raised.value.message == "7 rows have problems; nothing was imported."
    assert not DemandInterval.objects.exists()


def test_a_file_without_the_calls_column_says_which_column_is_missing(org, queue):
    with pytest.raises(DomainError) as raised:
        do_import_demand(queue, "interval_start,answered\n2025-06-02T08:00,3\n", acting_user=org.pat)
    assert raised.value.errors[0].field == "calls_offered"
    assert "no 'calls_offered' column" in raised.value.errors[0].message


def test_hourly_rows_cannot_fill_a_half_hourly_queue(org, queue):
    text = "interval_start,calls\n" + "\n".join(f"2025-06-02T{h:02d}:00,10" for h in range(8, 12))
    with pytest.raises(DomainError) as raised:
        do_import_demand(queue, text, acting_user=org.pat)
    assert "60-minute intervals" in raised.value.message


def test_importing_again_replaces_the_same_period(org, queue):
    # given
    do_import_demand(queue, history_file(days=2), acting_user=org.pat)
    lines = history_file(days=1).splitlines()
    noon = next(i for i, line in enumerate(lines) if line.startswith("2025-06-02T12:00"))
    lines[noon] = "2025-06-02T12:00:00+01:00,999,990,9,300"

    # when
    summary = do_import_demand(queue, "\n".join(lines), acting_user=org.pat)

    # then: the first day's 48 intervals are replaced, the second day's kept
    assert (summary.intervals, summary.replaced) == (48, 48)
    assert DemandInterval.objects.filter(queue=queue).count() == 96
    noon_row = DemandInterval.objects.get(queue=queue, start=dt.datetime(2025, 6, 2, 11, tzinfo=dt.UTC))
    assert noon_row.calls_offered == 999


def test_the_repeated_autumn_hour_is_two_intervals(org, queue):
    # given: naive local times on 26 October 2025, 01:00 and 01:30 written twice
    lines = ["interval_start,calls"] + [f"2025-10-26T00:{m:02d},1" for m in (0, 30)]
    lines += ["2025-10-26T01:00,2", "2025-10-26T01:30,3", "2025-10-26T01:00,4", "2025-10-26T01:30,5",
              "2025-10-26T02:00,6"]

    # when
    do_import_demand(queue, "\n".join(lines), acting_user=org.pat)

    # then
    starts = list(DemandInterval.objects.filter(queue=queue).order_by("start").values_list("start", "calls_offered"))
    assert len(starts) == 7
    assert [s.astimezone(LONDON).strftime("%H:%M%z") for s, _ in starts][2:6] == [
        "01:00+0100", "01:30+0100", "01:00+0000", "01:30+0000"]


@pytest.mark.parametrize("persona", ["mo", "olly"])
def test_managers_and_other_units_planners_cannot_import(org, queue, persona):
    with pytest.raises(PermissionDenied):
        do_import_demand(queue, history_file(days=1), acting_user=getattr(org, persona))
    assert not DemandInterval.objects.exists()
