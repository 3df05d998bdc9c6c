"""Every page, as every persona, on targets inside and outside their scope (the matrix in matrix.py)."""

import datetime as dt

import pytest

from .matrix import PAGES, PERSONAS
from .runner import page_names, params, run_row

pytestmark = pytest.mark.django_db


def test_every_page_has_rows_in_the_matrix_and_every_row_names_a_page():
    # given the URL names the project serves and those the matrix lists
    served = page_names()
    listed = {row.endpoint for row in PAGES}
    # then none is missing on either side
    missing = sorted(f"{name} ({route})" for name, route in served.items() if name not in listed)
    assert not missing, f"pages with no row in tests/authz/matrix.py PAGES (new endpoints must join it): {missing}"
    stale = sorted(listed - set(served))
    assert not stale, f"PAGES rows for URL names that no longer exist: {stale}"


@pytest.mark.parametrize(("row", "persona"), params(PAGES, PERSONAS))
def test_page(as_persona, world, row, persona):
    # given the persona signed in (or not) and the row's target built
    # when the page is requested
    # then the answer is the matrix's, and a refused write leaves no trace
    run_row(as_persona, world, row, persona, api=False)


def test_a_planner_is_kept_out_of_the_django_admin(as_persona):
    # given pat, a planner with no staff flag
    client = as_persona("pat")
    # when he opens the admin
    response = client.get("/admin/")
    # then Django's admin sends him to its own sign-in instead of serving the index
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_member_sees_only_published_days_of_his_own_team(as_persona, world):
    # given a draft duty for Sam's teammate in one week and a published roster in another
    from rostering.actions import do_publish_roster, do_set_duty, parse_value
    from tests.factories import PersonFactory

    world.shift_type_org  # noqa: B018 - the shift type "E"
    mate = PersonFactory(first_name="Ash", last_name="Teammate", rank=world.constable, staff_group=world.officers,
                         home_unit=world.team_a)
    draft_day, published_day = world.day, world.day + dt.timedelta(days=14)
    for day in (draft_day, published_day):
        do_set_duty(person=mate, date=day, value=parse_value("E"), expected_version=0, acting_user=None)
    do_publish_roster(unit=world.team_a, start=published_day, end=published_day, acting_user=world.pat)
    client = as_persona("sam")
    # when Sam opens his team's roster over both weeks
    response = client.get(f"/rostering/units/{world.team_a.code}/roster/",
                          {"start": draft_day.isoformat(), "end": published_day.isoformat()})
    # then the published duty shows and the draft one does not
    assert response.status_code == 200
    grid = response.context["grid"]
    cells = {c.day: c for row in grid.rows if row.person.pk == mate.pk for c in row.cells}
    assert cells[published_day].duty is not None
    assert cells[draft_day].duty is None and cells[draft_day].hidden


def test_sickness_is_never_named_on_a_roster_grid(as_persona, world):
    # given Kim off sick (health data) on a day of a published Northtown roster
    from absence.models import Abstraction, AbstractionType

    sick = AbstractionType.objects.create(code="sickness", name="Sickness absence", category="sickness",
                                          health_data=True)
    Abstraction.objects.create(person=world.kim, type=sick, start_date=world.day, end_date=world.day)
    for persona in ("pat", "mo"):
        # when a planner or manager opens the roster
        response = as_persona(persona).get(f"/rostering/units/{world.northtown.code}/roster/",
                                           {"start": world.day.isoformat(), "days": "7"})
        # then the cell says only that Kim is unavailable
        assert response.status_code == 200
        page = response.content.decode()
        assert "Sickness absence" not in page
        assert "ABS" in page


def test_a_planner_outside_the_health_data_roles_sees_no_sickness_on_the_absence_pages(as_persona, world, settings):
    # given Kim off sick with a note, and a force where only managers hold health data
    from absence.actions import do_report_sick
    from absence.reference import ensure_abstraction_types

    ensure_abstraction_types()
    do_report_sick(world.kim, first_day=world.today, reason_code="Back problems", note="Matrix-note: fit note",
                   acting_user=world.alice)
    settings.ABSENCE_HEALTH_DATA_ROLES = ["manager"]
    pat = as_persona("pat")
    # when pat opens Kim's absences, the unit's absences (also filtered on sickness) and the unit's sickness
    person = pat.get(f"/absence/people/{world.kim.pk}/")
    unit = pat.get("/absence/units/northtown/")
    filtered = pat.get("/absence/units/northtown/", {"category": "sickness"})
    sickness = pat.get("/absence/units/northtown/sickness/")
    record = pat.get(f"/absence/people/{world.kim.pk}/sickness/")
    # then Kim shows as unavailable, never as sick, and the sickness pages are refused
    for response in (person, unit, filtered):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Matrix-note" not in page and "Back problems" not in page
    assert "Unavailable" in person.content.decode() and "Unavailable" in unit.content.decode()
    assert world.kim.last_name not in filtered.content.decode()
    assert (sickness.status_code, record.status_code) == (403, 403)
    # and her manager sees the reason
    assert "Back problems" in as_persona("mo").get(f"/absence/people/{world.kim.pk}/sickness/").content.decode()
