import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from common.errors import DomainError
from rostering.actions import do_publish_roster, do_set_duty, parse_value
from rostering.actions.patterns import assign_team_pattern
from rostering.models import Duty, DutyChange, Notification, RosterPeriod
from rostering.notice import LEAD_TIMES, Entry, classify, clear_days

from .helpers import materialise, police_pattern

LONDON = timezone.get_default_timezone()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def published(org):
    """Northtown's roster from Monday 2 March 2026, published on 1 January (on time)."""
    start = dt.date(2026, 3, 2)
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, start)
    assign_team_pattern(org.team_b, pattern, start, offset_days=7)
    materialise(org.northtown, start, start + dt.timedelta(days=55))
    org.sam.email = "sam@example.org"
    org.sam.save(update_fields=["email"])
    return org, start


def publish(org, start, when: str, **kw):
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=at(when)):
        return do_publish_roster(unit=org.northtown, start=start, end=start + dt.timedelta(days=55),
                                 acting_user=org.pat, **kw)


def change(org, person, day, value, when: str, reason="Operation Falcon"):
    from unittest import mock

    current = Duty.objects.exclude(status="cancelled").filter(person=person, date=day).first()
    with mock.patch("django.utils.timezone.now", return_value=at(when)):
        return do_set_duty(person=person, date=day, value=parse_value(value),
                           expected_version=current.version if current else 0, reason=reason, acting_user=org.pat)


def test_publishing_on_time_records_the_lead_time_and_notifies_each_person(
        published, django_capture_on_commit_callbacks):
    org, start = published
    with django_capture_on_commit_callbacks(execute=True):
        period = publish(org, start, "2026-01-10 09:00")
    assert period.status == "published" and not period.late
    assert period.lead_time_rule.startswith("1 month (POL-3)")
    assert period.notice_days == (start - dt.date(2026, 1, 10)).days
    assert Duty.objects.filter(date__range=(start, start + dt.timedelta(days=55)), published=False).count() == 0
    assert Notification.objects.filter(person=org.sam).count() == 1
    assert mail.outbox[0].to == ["sam@example.org"]


def test_publishing_inside_the_lead_time_needs_a_reason_and_is_recorded_late(published):
    org, start = published
    # POL-3: published at least a month before 2 March, i.e. by 2 February
    with pytest.raises(DomainError) as err:
        publish(org, start, "2026-02-10 09:00")
    assert err.value.errors[0].field == "late_reason" and "POL-3" in err.value.message
    period = publish(org, start, "2026-02-10 09:00", late_reason="Consultation overran")
    assert period.late and period.late_reason == "Consultation overran" and period.notice_days == 20


def test_a_roster_cannot_be_published_twice_over_the_same_days(published):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    with pytest.raises(DomainError) as err:
        publish(org, start, "2026-01-11 09:00")
    assert err.value.errors[0].field == "start"


def test_a_change_after_publication_needs_a_reason(published):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    with pytest.raises(DomainError) as err:
        change(org, org.sam, start, "E10", "2026-02-20 09:00", reason="")
    assert err.value.errors[0].field == "reason"


def test_working_a_rest_day_at_short_notice_is_pol5_time_and_a_half(published, django_capture_on_commit_callbacks):
    # given Sam's published rest day on Wednesday 4 March
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    day = start + dt.timedelta(days=2)
    assert Duty.objects.get(person=org.sam, date=day).is_rest_day
    # when on Monday 23 February at 10:00 it becomes an early (07:00 on 4 March)
    with django_capture_on_commit_callbacks(execute=True):
        result = change(org, org.sam, day, "E10", "2026-02-23 10:00")
    # then the change records 8 clear days, the notice in hours and POL-5 at time and a half
    ch = result.change
    assert ch.clear_days == 8
    assert ch.notice_minutes == (8 * 24 + 21) * 60
    assert ch.rule == "POL-5" and "time and a half, min 4 h" in ch.compensation_class and not ch.rdil_owed
    assert ch.old["kind"] == "rest" and ch.new["code"] == "E10" and ch.reason == "Operation Falcon"
    # and Sam is told, in the app and by e-mail
    note = Notification.objects.filter(person=org.sam).latest("created_at")
    assert "rest day to E10 07:00–17:00" in note.text and note.recipient == org.sam_user
    assert any("Duty change" in m.subject for m in mail.outbox)


def test_working_a_rest_day_with_fifteen_clear_days_owes_a_rest_day_in_lieu(published):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    day = start + dt.timedelta(days=2)
    ch = change(org, org.sam, day, "E10", "2026-02-10 10:00").change
    assert ch.clear_days == 21 and ch.rule == "POL-5" and ch.rdil_owed
    assert "RDiL owed" in ch.compensation_class


def test_reinstating_a_cancelled_rest_day_at_short_notice_is_pol6(published):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    day = start + dt.timedelta(days=2)
    change(org, org.sam, day, "E10", "2026-02-10 10:00")
    ch = change(org, org.sam, day, "RD", "2026-03-01 10:00").change
    assert ch.rule == "POL-6" and ch.clear_days == 2 and "take it or work it" in ch.compensation_class


def test_every_change_after_publication_records_notice_and_class(published):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    change(org, org.sam, start, "N10", "2026-02-27 12:00")
    change(org, org.sam, start + dt.timedelta(days=1), "", "2026-02-27 12:00")
    change(org, org.kim, start, "E10", "2026-02-27 12:00")
    rows = list(DutyChange.objects.all())
    assert len(rows) == 3
    assert all(r.compensation_class and r.notice_minutes is not None and r.clear_days is not None for r in rows)
    cancelled = Duty.objects.get(person=org.sam, date=start + dt.timedelta(days=1))
    assert cancelled.status == "cancelled"


def test_changes_before_publication_record_no_duty_change(published):
    org, start = published
    change(org, org.sam, start, "E10", "2026-01-05 10:00", reason="")
    assert DutyChange.objects.count() == 0


def test_a_planner_sees_the_changes_page_and_staff_see_their_own(published, client_as):
    org, start = published
    publish(org, start, "2026-01-10 09:00")
    change(org, org.sam, start + dt.timedelta(days=2), "E10", "2026-02-23 10:00")
    assert "POL-5" in client_as("pat").get("/rostering/units/northtown/changes/").content.decode()
    client = client_as("sam")
    assert client.get("/rostering/units/northtown/changes/").status_code == 403
    page = client.get(f"/my/duties/?month={start:%Y-%m}").content.decode()
    assert "Operation Falcon" in page and "POL-5" in page


# -- the classification itself (RULES.md C-3, POL-5, POL-6, POL-7, PSC-1) ----------------------------------------


def test_clear_days_count_neither_the_day_of_notice_nor_the_day_of_duty():
    assert clear_days(at("2026-03-01 23:59"), dt.date(2026, 3, 3)) == 1
    assert clear_days(at("2026-03-02 00:30"), dt.date(2026, 3, 3)) == 0


def test_public_holiday_working_at_short_notice_is_pol7_with_a_day_in_lieu():
    comp = classify(pack="police-officer", rank_code="constable", old=Entry("rest"), new=Entry("duty"),
                    published_rest_day=True, public_holiday=True, notified_at=at("2026-04-01 10:00"),
                    duty_date=dt.date(2026, 4, 6))
    assert comp.rule == "POL-7" and "day off in lieu" in comp.text and "chief superintendent" in comp.text


def test_inspectors_get_no_rest_day_premium_but_a_day_in_lieu():
    comp = classify(pack="police-officer", rank_code="inspector", old=Entry("rest"), new=Entry("duty"),
                    published_rest_day=True, public_holiday=False, notified_at=at("2026-04-01 10:00"),
                    duty_date=dt.date(2026, 4, 8))
    assert comp.rule == "POL-4" and comp.rdil_owed


def test_police_staff_rest_day_working_under_five_days_is_psc1_overtime_plus_toil():
    comp = classify(pack="police-staff", rank_code="grade-5", old=Entry("rest"), new=Entry("duty"),
                    published_rest_day=True, public_holiday=False, notified_at=at("2026-04-01 10:00"),
                    duty_date=dt.date(2026, 4, 4))
    assert comp.rule == "PSC-1" and "<5 days" in comp.text


def test_nhs_changes_carry_no_notice_compensation():
    comp = classify(pack="nhs-afc", rank_code="band-5", old=Entry("rest"), new=Entry("duty"), published_rest_day=True,
                    public_holiday=False, notified_at=at("2026-04-01 10:00"), duty_date=dt.date(2026, 4, 4))
    assert comp.rule == "NHS" and comp.text.startswith("NHS: no notice compensation")


def test_lead_times_are_data_per_rule_pack():
    assert LEAD_TIMES["police-officer"].deadline(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert LEAD_TIMES["nhs-afc"].deadline(dt.date(2026, 3, 31)) == dt.date(2026, 2, 17)
    assert RosterPeriod.objects.model._meta.get_field("late")
