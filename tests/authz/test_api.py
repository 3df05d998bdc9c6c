"""Every API operation, as every persona, on targets inside and outside their scope (the matrix in matrix.py)."""

import pytest

from common.models import ApiToken

from .matrix import API, PERSONAS
from .runner import api_operations, params, run_row

pytestmark = pytest.mark.django_db


def test_every_api_operation_has_rows_in_the_matrix_and_every_row_names_an_operation():
    # given the operations of the OpenAPI schema and those the matrix lists
    served = api_operations()
    listed = {(row.method, row.endpoint) for row in API}
    # then none is missing on either side
    missing = sorted(f"{method} {path}" for method, path in served - listed)
    assert not missing, f"API operations with no row in tests/authz/matrix.py API (new endpoints must join): {missing}"
    stale = sorted(f"{method} {path}" for method, path in listed - served)
    assert not stale, f"API rows for operations that no longer exist: {stale}"


@pytest.mark.parametrize(("row", "persona"), params(API, PERSONAS))
def test_api(as_persona, world, row, persona):
    # given the persona signed in (or not) and the row's target built
    # when the operation is called
    # then the answer is the matrix's, and a refused write leaves no trace
    run_row(as_persona, world, row, persona, api=True)


def _token_for(user) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="matrix", prefix=key[:8], key_hash=ApiToken.hash_key(key))
    return key


def test_a_machine_token_carries_its_users_scope_and_nothing_more(client, world):
    # given a token of pat, planner of Northtown
    headers = {"Authorization": f"Bearer {_token_for(world.pat)}"}
    # when it reads a unit of his and one of olly's
    mine = client.get(f"/api/org/units/{world.northtown.pk}", headers=headers)
    theirs = client.get(f"/api/people/{world.lee.pk}", headers=headers)
    # then the first is answered and the second refused, exactly as for his browser session
    assert mine.status_code == 200 and mine.json()["code"] == world.northtown.code
    assert theirs.status_code == 403


def test_an_unknown_token_is_not_signed_in(client, world):
    # when a made-up token calls the API, in either header
    bearer = client.get("/api/me", headers={"Authorization": "Bearer mst_not-a-real-token"})
    api_key = client.get("/api/me", headers={"X-API-Key": "mst_not-a-real-token"})
    # then both are told to sign in
    assert (bearer.status_code, api_key.status_code) == (401, 401)


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {u["code"] for u in response.json()}


def test_each_persona_lists_only_the_units_in_their_scope(as_persona, world):
    # when each persona lists the units
    seen = {p: _codes(as_persona(p).get("/api/org/units")) for p in ("alice", "pat", "mo", "olly", "sam")}
    # then a planner sees his sub-tree, a manager hers, staff the chain down to their own team
    assert seen["alice"] >= {"northshire", "north-lpa", "south-lpa", "northtown", "southport"}
    assert seen["pat"] == {"northtown", "northtown-team-a", "northtown-team-b"}
    assert seen["mo"] == {"north-lpa", "northtown", "northtown-team-a", "northtown-team-b"}
    assert seen["olly"] == {"southport", "southport-team-c"}
    assert seen["sam"] == {"northshire", "north-lpa", "northtown", "northtown-team-a"}


def test_each_persona_lists_only_the_people_in_their_scope(as_persona, world):
    # when each persona with a role lists people
    def names(persona: str) -> set[str]:
        response = as_persona(persona).get("/api/people")
        assert response.status_code == 200
        return {p["first_name"] for p in response.json()["items"]}

    # then nobody sees a person outside their units
    assert names("alice") == {"Sam", "Kim", "Lee"}
    assert names("pat") == {"Sam", "Kim"}
    assert names("mo") == {"Sam", "Kim"}
    assert names("olly") == {"Lee"}


def test_an_export_holds_only_the_people_in_the_exporters_units(as_persona, world):
    # when pat and olly export people (every unit they may read)
    pat = as_persona("pat").get("/api/people/export/people").content.decode()
    olly = as_persona("olly").get("/api/people/export/people").content.decode()
    # then each file holds their own people only
    assert world.sam.payroll_number in pat and world.kim.payroll_number in pat
    assert world.lee.payroll_number not in pat
    assert world.lee.payroll_number in olly and world.sam.payroll_number not in olly


def test_staff_see_their_own_contact_details_and_nobody_elses(as_persona, world):
    # given Sam's and Kim's phone numbers on record
    from people.models import Person

    Person.objects.filter(pk=world.sam.pk).update(phone="01632 960111")
    # when Sam reads himself and then Kim
    client = as_persona("sam")
    me = client.get(f"/api/people/{world.sam.pk}")
    kim = client.get(f"/api/people/{world.kim.pk}")
    # then he gets his own record with its phone, and nothing of Kim's
    assert me.status_code == 200 and me.json()["phone"] == "01632 960111"
    assert kim.status_code == 403 and "Kim" not in kim.content.decode()


def test_the_roster_api_shows_staff_only_published_days_and_never_names_sickness(as_persona, world):
    # given Sam's teammate Ash with a draft duty in one week and a published one the next, and Sam off sick
    # (health data) on a published day
    import datetime as dt

    from absence.models import Abstraction, AbstractionType
    from rostering.actions import do_publish_roster, do_set_duty, parse_value
    from tests.factories import PersonFactory

    world.shift_type_org  # noqa: B018 - the shift type "E"
    mate = PersonFactory(first_name="Ash", last_name="Teammate", rank=world.constable, staff_group=world.officers,
                         home_unit=world.team_a)
    draft_day, published_day = world.day, world.day + dt.timedelta(days=7)
    for day in (draft_day, published_day):
        do_set_duty(person=mate, date=day, value=parse_value("E"), expected_version=0, acting_user=None)
    do_publish_roster(unit=world.team_a, start=published_day, end=published_day + dt.timedelta(days=6),
                      acting_user=world.pat)
    sick = AbstractionType.objects.create(code="sickness", name="Sickness absence", category="sickness",
                                          health_data=True)
    Abstraction.objects.create(person=world.sam, type=sick, start_date=published_day, end_date=published_day)
    period = {"start": draft_day.isoformat(), "end": (published_day + dt.timedelta(days=6)).isoformat()}
    # when Sam and his manager read the team's roster through the API
    staff = as_persona("sam").get(f"/api/rostering/units/{world.team_a.code}/roster", period)
    manager = as_persona("mo").get(f"/api/rostering/units/{world.team_a.code}/roster", period)
    # then Sam sees Ash's published duty only, the manager both; neither learns that the absence is sickness
    assert staff.status_code == 200 and manager.status_code == 200
    ash_days = {d["date"] for d in staff.json()["duties"] if d["payroll_number"] == mate.payroll_number}
    assert ash_days == {published_day.isoformat()}
    assert {d["date"] for d in manager.json()["duties"] if d["payroll_number"] == mate.payroll_number} == {
        draft_day.isoformat(), published_day.isoformat()}
    for response in (staff, manager):
        sam_off = [d["abstraction"] for d in response.json()["duties"]
                   if d["payroll_number"] == world.sam.payroll_number and d["date"] == published_day.isoformat()]
        assert sam_off == ["ABS"]
        assert "Sickness" not in response.content.decode() and "sickness" not in response.content.decode()


@pytest.fixture
def kim_off_sick(world):
    """Kim (Northtown Team B) off sick today, with a reason code and a note that are health data."""
    from absence.actions import do_report_sick
    from absence.reference import ensure_abstraction_types

    ensure_abstraction_types()
    return do_report_sick(world.kim, first_day=world.today, reason_code="Back problems",
                          note="Matrix-note: fit note from GP", acting_user=world.alice)


def test_a_planner_outside_the_health_data_roles_sees_kims_sickness_only_as_unavailable(as_persona, world,
                                                                                        kim_off_sick, settings):
    # given a force that keeps sickness from its planners: only managers hold health data
    settings.ABSENCE_HEALTH_DATA_ROLES = ["manager"]
    pat, mo = as_persona("pat"), as_persona("mo")
    # when pat, Kim's planner, asks for her sickness record and her absences
    record = pat.get(f"/api/absence/people/{world.kim.pk}/sickness")
    rows = pat.get(f"/api/absence/people/{world.kim.pk}/abstractions", {"start": world.today.isoformat()})
    unit_rows = pat.get("/api/absence/units/northtown/abstractions", {"start": world.today.isoformat()})
    report = pat.get("/api/absence/units/northtown/reports")
    # then the record is refused, and elsewhere the absence is only "unavailable", without its reason or note
    assert record.status_code == 403
    for response in (rows, unit_rows):
        assert response.status_code == 200
        kims = [a for a in response.json() if a["person_id"] == world.kim.pk]
        assert [(a["type"], a["reference"], a["note"]) for a in kims] == [("unavailable", "", "")]
        assert "Matrix-note" not in response.content.decode() and "Back problems" not in response.content.decode()
    assert report.status_code == 200 and report.json()["sickness"] is None
    # and her manager still sees it all
    assert mo.get(f"/api/absence/people/{world.kim.pk}/sickness").status_code == 200
    mine = mo.get(f"/api/absence/people/{world.kim.pk}/abstractions", {"start": world.today.isoformat()}).json()
    assert [(a["type"], a["note"]) for a in mine] == [("sickness", "Matrix-note: fit note from GP")]


def test_colleagues_and_other_units_never_see_kims_sickness(as_persona, world, kim_off_sick):
    # when Sam (her colleague) and olly (another station's planner) ask, with the default health data roles
    for persona in ("sam", "olly"):
        client = as_persona(persona)
        record = client.get(f"/api/absence/people/{world.kim.pk}/sickness")
        rows = client.get(f"/api/absence/people/{world.kim.pk}/abstractions")
        # then both are refused outright, and the refusal names nothing of it
        assert (record.status_code, rows.status_code) == (403, 403)
        assert "Matrix-note" not in record.content.decode() + rows.content.decode()


def test_a_manager_never_decides_her_own_leave_request(as_persona, world):
    # given mo, manager of North LPA, who is also rostered in Northtown Team B and asks for a day's leave
    from absence.actions import do_request_leave
    from absence.periods import clean_period
    from absence.reference import ensure_abstraction_types, type_for
    from tests.factories import PersonFactory, give_contract

    ensure_abstraction_types()
    mo_person = PersonFactory(first_name="Mo", last_name="Manager", rank=world.sergeant, staff_group=world.officers,
                              home_unit=world.team_b, user=world.mo)
    give_contract(mo_person)
    request = do_request_leave(mo_person, type_for("annual-leave"), clean_period(world.day), acting_user=world.mo)
    # when she tries to approve it herself, and then pat, her station's planner, approves it
    own = as_persona("mo").post(f"/api/leave/requests/{request.pk}/decision", {"approve": True},
                                content_type="application/json")
    other = as_persona("pat").post(f"/api/leave/requests/{request.pk}/decision", {"approve": True},
                                   content_type="application/json")
    # then hers is refused and his goes through
    assert own.status_code == 403
    assert other.status_code == 200 and other.json()["status"] == "approved"
