import datetime as dt
import json

import pytest
from django.core.management import call_command

from common.models import ApiToken, AuditEvent
from people.choices import MovementKind
from people.models import Movement, Person, PersonSkill


def post_json(client, url, data, method="post", **headers):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json", **headers)


def test_staff_cannot_list_people_but_can_read_themselves(client_as, org):
    # given sam signs in as staff
    client = client_as("sam")
    # when / then
    assert client.get("/api/people").status_code == 403
    own = client.get(f"/api/people/{org.sam.pk}")
    assert own.status_code == 200 and own.json()["payroll_number"] == org.sam.payroll_number
    assert client.get(f"/api/people/{org.kim.pk}").status_code == 403


def test_a_manager_lists_only_people_in_units_they_read(client_as, org):
    response = client_as("mo").get("/api/people")
    assert response.status_code == 200
    numbers = {p["payroll_number"] for p in response.json()["items"]}
    assert numbers == {org.sam.payroll_number, org.kim.payroll_number}
    filtered = client_as("mo").get(f"/api/people?unit={org.team_b.pk}").json()
    assert [p["payroll_number"] for p in filtered["items"]] == [org.kim.payroll_number]


def test_anonymous_requests_get_401_json(client, org):
    response = client.get("/api/people")
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_creating_a_person_returns_201_and_bad_input_names_the_field(client_as, org):
    client = client_as("pat")
    body = {"payroll_number": "A100", "first_name": "Ada", "last_name": "Lovell", "rank": "constable",
            "home_unit": org.team_a.pk, "start_date": "2025-01-06", "hours_per_week": "40"}
    created = post_json(client, "/api/people", body)
    assert created.status_code == 201, created.content
    assert created.json()["contract"]["hours_per_week"] == "40.00"
    again = post_json(client, "/api/people", body)
    assert again.status_code == 400
    assert again.json()["errors"] == [{"field": "payroll_number",
                                       "message": "Payroll number A100 is already used by someone else."}]
    missing = post_json(client, "/api/people", {k: v for k, v in body.items() if k != "start_date"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "start_date"


def test_a_planner_cannot_create_a_person_in_another_unit(client_as, org):
    body = {"payroll_number": "A101", "first_name": "Ada", "last_name": "Lovell", "rank": "constable",
            "home_unit": org.team_c.pk, "start_date": "2025-01-06", "hours_per_week": "40"}
    assert post_json(client_as("pat"), "/api/people", body).status_code == 403


def test_patch_with_a_stale_version_is_409(client_as, org):
    client = client_as("pat")
    ok = post_json(client, f"/api/people/{org.sam.pk}", {"version": 1, "phone": "0100"}, method="patch")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = post_json(client, f"/api/people/{org.sam.pk}", {"version": 1, "phone": "0200"}, method="patch")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version"
    unknown = post_json(client, f"/api/people/{org.sam.pk}", {"version": 2, "home_unit": 3}, method="patch")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "home_unit"


def test_movements_are_recorded_and_listed(client_as, org):
    client = client_as("pat")
    response = post_json(client, f"/api/people/{org.sam.pk}/movements",
                         {"kind": "transfer", "effective_date": "2024-04-01", "to_unit": org.team_b.pk,
                          "reason": "Rebalance"})
    assert response.status_code == 201, response.content
    assert response.json()["from_unit"] == org.team_a.pk and response.json()["applied"] is True
    bad = post_json(client, f"/api/people/{org.sam.pk}/movements",
                    {"kind": "promotion", "effective_date": "2024-05-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "to_rank"
    listed = client_as("sam").get(f"/api/people/{org.sam.pk}/movements").json()
    assert [m["kind"] for m in listed] == [MovementKind.TRANSFER]


def test_skills_are_added_and_removed(client_as, org):
    client = client_as("pat")
    added = post_json(client, f"/api/people/{org.sam.pk}/skills", {"skill": "taser", "acquired": "2025-01-10"})
    assert added.status_code == 201 and added.json()["expires"] == "2026-01-10"
    unknown = post_json(client, f"/api/people/{org.sam.pk}/skills", {"skill": "jetpack", "acquired": "2025-01-10"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "skill"
    assert client.delete(f"/api/people/{org.sam.pk}/skills/taser").status_code == 204
    assert not PersonSkill.objects.filter(person=org.sam).exists()
    assert client_as("olly").delete(f"/api/people/{org.sam.pk}/skills/taser").status_code == 403


def test_import_dry_run_then_real_import_over_the_api(client_as, org):
    client = client_as("pat")
    csv = (b"payroll_number,first_name,last_name,staff_group,rank,unit,start_date,hours_per_week\n"
           b"A200,Bo,Ng,police-officer,constable,northtown-team-a,2025-02-03,40\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    dry = client.post("/api/people/import/people", {"file": SimpleUploadedFile("a.csv", csv), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["created"] == 1 and dry.json()["dry_run"] is True
    assert not Person.objects.filter(payroll_number="A200").exists()
    real = client.post("/api/people/import/people", {"file": SimpleUploadedFile("a.csv", csv)})
    assert real.status_code == 200 and real.json()["ok"] is True
    assert Person.objects.filter(payroll_number="A200").exists()


def test_a_rejected_import_is_400_listing_row_field_and_value(client_as, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (b"payroll_number,first_name,last_name,staff_group,rank,unit,start_date,hours_per_week\n"
           b"A300,Bo,Ng,police-officer,constable,nowhere,2025-02-03,40\n")
    response = client_as("pat").post("/api/people/import/people", {"file": SimpleUploadedFile("a.csv", csv)})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["row"], error["field"], error["value"]) == (2, "unit", "nowhere")


def test_export_over_the_api_is_a_csv_attachment(client_as, org):
    response = client_as("mo").get(f"/api/people/export/people?format=csv&unit={org.north.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="people-north-lpa-')
    assert org.sam.payroll_number in response.content.decode("utf-8-sig")
    assert client_as("mo").get(f"/api/people/export/people?unit={org.south.pk}").status_code == 403
    bad = client_as("mo").get("/api/people/export/people?format=pdf")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "format"


def test_a_token_from_createtoken_authenticates_the_api(org, client, capsys):
    # given
    call_command("createtoken", "pat", "HR feed")
    key = capsys.readouterr().out.strip()
    # then
    assert key.startswith("mst_") and ApiToken.objects.get(name="HR feed").key_hash == ApiToken.hash_key(key)
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["username"] == "pat"
    assert response.json()["roles"] == [{"role": "planner", "unit": org.northtown.pk, "unit_name": "Northtown",
                                         "unit_code": "northtown"}]
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer mst_wrong").status_code == 401
    assert AuditEvent.objects.filter(action="common.apitoken.created").count() == 1


def test_me_shows_a_staff_members_own_record(client_as, org):
    me = client_as("sam").get("/api/me").json()
    assert me["is_administrator"] is False and me["roles"] == []
    assert me["person"]["id"] == org.sam.pk


def test_only_administrators_read_the_audit_log(client_as, org):
    post_json(client_as("pat"), f"/api/people/{org.sam.pk}", {"version": 1, "phone": "0100"}, method="patch")
    assert client_as("pat").get("/api/audit").status_code == 403
    events = client_as("alice").get(f"/api/audit?person={org.sam.pk}").json()["items"]
    assert [e["action"] for e in events] == ["people.person.updated"]
    assert events[0]["before"]["phone"] == "" and events[0]["after"]["phone"] == "0100"


@pytest.mark.parametrize("who, expected", [("alice", 200), ("olly", 403)])
def test_movement_cancel_is_permission_checked(client_as, org, who, expected):
    movement = Movement.objects.create(person=org.sam, kind=MovementKind.TRANSFER,
                                       effective_date=dt.date.today() + dt.timedelta(days=9), from_unit=org.team_a,
                                       to_unit=org.team_b)
    response = client_as(who).delete(f"/api/people/{org.sam.pk}/movements/{movement.pk}")
    assert response.status_code == (204 if expected == 200 else 403)
