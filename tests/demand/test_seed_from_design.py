"""Seeding the roster from a shift design (issue 8): shift types and a rota pattern for the centre's teams, and
the staffing requirements the optimiser's fill mode fills to (rostering/design_seed.py, rostering/actions/design.py)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.errors import DomainError
from common.models import AuditEvent
from demand.actions import do_design_shifts, do_make_forecast
from demand.models import ShiftDesign
from rostering import design_seed
from rostering.actions import do_save_shift_type, do_seed_pattern_from_design, do_seed_requirements_from_design
from rostering.compliance import check_pattern
from rostering.models import Requirement, ShiftPattern, ShiftType, TeamPattern
from rostering.staffing import required_intervals
from tests.factories import PersonFactory, give_contract

MONDAY = dt.date(2025, 6, 23)  # the forecast's first day (history 2-22 June)


@pytest.fixture
def design(org, queue_with_history) -> ShiftDesign:
    """A week of 8-hour shifts at 07:00, 15:00 and 23:00 for Northtown's health advisors."""
    for team in (org.team_a, org.team_b):
        for n in range(3):
            give_contract(PersonFactory(first_name=f"Advisor{n}", last_name=team.name.split()[-1], rank=org.constable,
                                        staff_group=org.officers, home_unit=team))
    forecast = do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)
    return do_design_shifts(forecast, acting_user=org.pat, days=7, shift_hours=[8], start_times=["07:00", "15:00",
                                                                                                  "23:00"],
                            break_minutes=30, time_limit_s=5)


def team_ids(org) -> list[int]:
    return [org.team_a.pk, org.team_b.pk]


def test_a_planner_seeds_a_pattern_with_new_shift_types_for_the_centres_teams(org, design):
    # when
    seeded = do_seed_pattern_from_design(design, team_ids=team_ids(org), hours_per_week=37.5, acting_user=org.pat,
                                         time_limit_s=5)

    # then: one week-row per team, the design's shift types created at Northtown, 11 h rest kept (WTR-3)
    pattern = seeded.pattern
    assert (pattern.code, pattern.weeks, pattern.teams, pattern.unit) == (f"design-{design.pk}", 2, 2, org.northtown)
    assert len(pattern.days) == 14 and {c for c in pattern.days if c} <= {"0700-8", "1500-8", "2300-8"}
    created = ShiftType.objects.filter(code__in=[st.code for st in seeded.created_types])
    assert {(st.unit_id, st.break_minutes) for st in created} == {(org.northtown.pk, 30)}
    if "2300-8" in pattern.days:
        assert ShiftType.objects.get(code="2300-8").counts_as_night
    types = {st.code: st for st in ShiftType.objects.all()}
    assert not [v for v in check_pattern(pattern.days, types, pattern.rule_pack) if v.rule == "WTR-3"]
    assert abs(seeded.plan.rota.average_paid_hours - 37.5) <= 3.75
    assert not TeamPattern.objects.exists()  # no start date: the teams are not moved onto it
    summary = AuditEvent.objects.get(action="rostering.design.seed_pattern")
    assert (summary.actor, summary.unit_id, summary.after["team_sizes"]) == (org.pat, org.northtown.pk, [4, 4])
    assert AuditEvent.objects.filter(action="rostering.pattern.create").count() == 1


def test_seeding_with_a_start_date_puts_each_team_a_week_apart_on_the_pattern(org, design):
    # when
    seeded = do_seed_pattern_from_design(design, team_ids=team_ids(org), assign_from=MONDAY, acting_user=org.pat,
                                         time_limit_s=5)

    # then
    rows = {tp.team_id: tp for tp in TeamPattern.objects.filter(pattern=seeded.pattern)}
    assert rows[org.team_a.pk].offset_days == 0 and rows[org.team_b.pk].offset_days == 7
    assert {(tp.anchor_date, tp.start_date) for tp in rows.values()} == {(MONDAY, MONDAY)}


def test_an_existing_shift_type_with_the_same_times_is_reused(org, design):
    # given
    early = do_save_shift_type(code="E8", name="Early", start_time=dt.time(7), end_time=dt.time(15), break_minutes=30,
                               unit=org.northtown, acting_user=org.pat)

    # when
    seeded = do_seed_pattern_from_design(design, team_ids=team_ids(org), acting_user=org.pat, time_limit_s=5)

    # then
    assert "0700-8" not in seeded.pattern.days and early not in seeded.created_types
    assert not ShiftType.objects.filter(code="0700-8").exists()


def test_a_design_seeds_one_pattern_only(org, design):
    # given
    do_seed_pattern_from_design(design, team_ids=team_ids(org), acting_user=org.pat, time_limit_s=5)

    # when
    with pytest.raises(DomainError) as raised:
        do_seed_pattern_from_design(design, team_ids=team_ids(org), acting_user=org.pat, time_limit_s=5)

    # then
    assert raised.value.errors[0].field == "design" and "already seeded" in raised.value.message
    assert ShiftPattern.objects.count() == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"team_ids": []}, "teams"), ({"hours_per_week": "lots"}, "hours_per_week"), ({"hours_per_week": 60},
                                                                                   "hours_per_week"),
    ({"time_limit_s": 120}, "time_limit_s"), ({"assign_from": dt.date(2025, 1, 6)}, "assign_from"),
])
def test_seed_options_are_checked_before_anything_is_written(org, design, change, field):
    # when
    with pytest.raises(DomainError) as raised:
        do_seed_pattern_from_design(design, **{"team_ids": team_ids(org), "acting_user": org.pat, **change})

    # then
    assert raised.value.errors[0].field == field
    assert not ShiftPattern.objects.exists() and not ShiftType.objects.exists()


def test_a_team_of_another_unit_is_refused(org, design):
    with pytest.raises(DomainError) as raised:
        do_seed_pattern_from_design(design, team_ids=[org.team_a.pk, org.team_c.pk], acting_user=org.alice)
    assert raised.value.errors[0].field == "teams"


@pytest.mark.parametrize("persona", ["mo", "olly"])
def test_only_the_centres_planners_seed_from_its_design(org, design, persona):
    # when / then: mo manages North LPA (reads only), olly plans Southport
    with pytest.raises(PermissionDenied):
        do_seed_pattern_from_design(design, team_ids=team_ids(org), acting_user=getattr(org, persona))
    with pytest.raises(PermissionDenied):
        do_seed_requirements_from_design(design, acting_user=getattr(org, persona))
    assert not ShiftPattern.objects.exists() and not Requirement.objects.exists()


def test_a_design_without_shifts_cannot_seed(org, design):
    # given
    ShiftDesign.objects.filter(pk=design.pk).update(status="unknown")
    design.refresh_from_db()

    # when / then
    with pytest.raises(DomainError) as raised:
        do_seed_requirements_from_design(design, acting_user=org.pat)
    assert raised.value.errors[0].field == "design"


def test_seeded_requirements_give_the_on_duty_need_of_every_interval_of_the_design(org, design):
    # when
    created = do_seed_requirements_from_design(design, acting_user=org.pat, reason="Week of 23 June")

    # then: the staffing counter reads back, interval by interval, the minimum the forecast needs on duty
    assert created and all(r.unit == org.northtown and r.skill is None and r.rank is None for r in created)
    assert {(r.effective_from, r.effective_to) for r in created} == {(MONDAY, MONDAY + dt.timedelta(days=6))}
    curve = design_seed.on_duty_curve(design)
    needed = {row.start: (row.minimum, row.target)
              for row in required_intervals(org.northtown, MONDAY, MONDAY + dt.timedelta(days=6),
                                            interval_minutes=30)}
    for start, minimum, target in curve:
        assert needed.get(start, (0, 0)) == (minimum, target), start
        assert target >= minimum
    assert any(target > minimum for _, minimum, target in curve)  # the design covers more than the need somewhere
    event = AuditEvent.objects.get(action="rostering.design.seed_requirements")
    assert (event.after["created"], event.reason, event.unit_id) == (len(created), "Week of 23 June", org.northtown.pk)


def test_requirements_already_in_force_on_those_days_are_not_mixed_in(org, design):
    # given
    do_seed_requirements_from_design(design, acting_user=org.pat)
    count = Requirement.objects.count()

    # when
    with pytest.raises(DomainError) as raised:
        do_seed_requirements_from_design(design, acting_user=org.pat)

    # then
    assert raised.value.errors[0].field == "design" and "already has" in raised.value.message
    assert Requirement.objects.count() == count


def test_the_design_shifts_get_codes_from_their_times():
    # given
    early = design_seed.DesignShift(7 * 60, 480, 30)
    long_late = design_seed.DesignShift(14 * 60 + 30, 510, 30)
    night = design_seed.DesignShift(22 * 60, 600, 45)

    # then
    assert (early.code, long_late.code, night.code) == ("0700-8", "1430-510", "2200-10")
    assert night.end_time == dt.time(8) and night.counts_as_night and not early.counts_as_night
    assert long_late.label == "14:30–23:00 (8.5 h)"


# --- the pages ---------------------------------------------------------------------------------------------------

def test_the_design_page_offers_seeding_to_the_centres_planners_only(client_as, design):
    # when
    planner = client_as("pat").get(reverse("demand:design", args=[design.pk])).content.decode()
    manager = client_as("mo").get(reverse("demand:design", args=[design.pk])).content.decode()

    # then
    link = reverse("rostering:design-seed", args=[design.pk])
    assert link in planner and link not in manager


def test_the_seed_page_shows_the_teams_shift_types_and_requirement_bands(client_as, org, design):
    # when
    response = client_as("pat").get(reverse("rostering:design-seed", args=[design.pk]))
    html = response.content.decode()

    # then
    assert response.status_code == 200
    assert org.team_a.name in html and org.team_b.name in html and "(4 people)" in html
    assert "07:00–15:00 (8 h)" in html and "0700-8" in html and "(new)" in html
    bands = len(design_seed.requirement_bands(design))
    assert f'<span id="band-count">{bands}</span>' in html
    assert 'style="' not in html and "<script>" not in html  # strict CSP


def test_making_the_pattern_from_the_page_opens_it_with_a_summary(client_as, org, design):
    # when
    response = client_as("pat").post(reverse("rostering:design-seed-pattern", args=[design.pk]),
                                     {"teams": [org.team_a.pk, org.team_b.pk], "hours_per_week": "37.5",
                                      "assign_from": MONDAY.isoformat(), "time_limit_s": "5"}, follow=True)

    # then
    pattern = ShiftPattern.objects.get()
    assert response.redirect_chain[-1][0] == reverse("rostering:pattern-edit", args=[pattern.pk])
    html = response.content.decode()
    assert "Pattern " in html and "2 weeks for 2 teams" in html and "The teams follow it from Mon 23 Jun 2025" in html
    assert TeamPattern.objects.filter(pattern=pattern).count() == 2


def test_a_refused_seed_comes_back_to_the_page_with_the_reason(client_as, design):
    # when: no team ticked
    response = client_as("pat").post(reverse("rostering:design-seed-pattern", args=[design.pk]),
                                     {"hours_per_week": "37.5"}, follow=True)

    # then
    assert response.redirect_chain[-1][0] == reverse("rostering:design-seed", args=[design.pk])
    assert "Tick the teams that will work the pattern." in response.content.decode()
    assert not ShiftPattern.objects.exists()


def test_adding_the_requirements_from_the_page_lands_on_the_requirements(client_as, org, design):
    # when
    response = client_as("pat").post(reverse("rostering:design-seed-requirements", args=[design.pk]), follow=True)

    # then
    assert response.redirect_chain[-1][0] == reverse("rostering:requirements", args=[org.northtown.code])
    assert "staffing requirements added for 23 Jun to 29 Jun 2025" in response.content.decode()
    assert Requirement.objects.filter(unit=org.northtown).exists()
