import json

from common.models import AuditEvent
from org.models import Post, Unit


def send(client, method, url, data):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def test_staff_see_only_their_own_unit_chain(client_as, org):
    units = client_as("sam").get("/api/org/units").json()
    assert [u["code"] for u in units] == ["northshire", "north-lpa", "northtown", "northtown-team-a"]
    assert units[-1]["parent"] == org.northtown.pk and units[-1]["depth"] == 3
    assert client_as("sam").get(f"/api/org/units/{org.southport.pk}").status_code == 403


def test_a_planner_sees_their_subtree(client_as, org):
    codes = [u["code"] for u in client_as("olly").get("/api/org/units").json()]
    assert codes == ["southport", "southport-team-c"]


def test_create_and_move_units_over_the_api(client_as, org):
    client = client_as("pat")
    created = send(client, "post", "/api/org/units", {"name": "Team D", "code": "northtown-team-d", "kind": "team",
                                                      "parent": org.northtown.pk})
    assert created.status_code == 201 and created.json()["path"].startswith(org.northtown.path)
    unit_id = created.json()["id"]
    bad = send(client, "patch", f"/api/org/units/{unit_id}", {"kind": "galaxy"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "kind"
    loop = send(client_as("alice"), "patch", f"/api/org/units/{org.northtown.pk}", {"parent": unit_id})
    assert loop.status_code == 400 and loop.json()["errors"][0]["field"] == "parent"
    moved = send(client, "patch", f"/api/org/units/{unit_id}", {"parent": org.team_a.pk, "name": "Team A-1"})
    assert moved.status_code == 200 and moved.json()["depth"] == 4
    assert Unit.objects.get(pk=unit_id).name == "Team A-1"
    denied = send(client_as("olly"), "post", "/api/org/units", {"name": "X", "code": "x", "kind": "team",
                                                                "parent": org.northtown.pk})
    assert denied.status_code == 403


def test_posts_are_read_and_set_per_unit(client_as, org):
    client = client_as("pat")
    listed = client.get(f"/api/org/units/{org.team_a.pk}/posts").json()
    assert [(p["rank"], p["funded_fte"]) for p in listed] == [("constable", "8.00")]
    body = {"posts": [{"rank": "constable", "funded_fte": "9", "effective_from": "2020-01-01"},
                      {"rank": "sergeant", "funded_fte": "1", "effective_from": "2025-04-01"}], "reason": "Review"}
    response = send(client, "put", f"/api/org/units/{org.team_a.pk}/posts", body)
    assert response.status_code == 200
    assert Post.objects.filter(unit=org.team_a).count() == 2
    assert AuditEvent.objects.filter(action__startswith="org.post.", reason="Review").count() == 2
    negative = send(client, "put", f"/api/org/units/{org.team_a.pk}/posts",
                    {"posts": [{"rank": "constable", "funded_fte": "-1", "effective_from": "2020-01-01"}]})
    assert negative.status_code == 400 and negative.json()["errors"][0]["field"] == "funded_fte"
    assert send(client_as("olly"), "put", f"/api/org/units/{org.team_a.pk}/posts", body).status_code == 403


def test_roles_are_administered_over_the_api(client_as, org):
    assert send(client_as("pat"), "post", "/api/org/roles", {"username": "sam", "role": "planner",
                                                             "unit": org.team_a.pk}).status_code == 403
    created = send(client_as("alice"), "post", "/api/org/roles", {"username": "sam", "role": "planner",
                                                                  "unit": org.team_a.pk})
    assert created.status_code == 201
    assert client_as("alice").delete(f"/api/org/roles/{created.json()['id']}").status_code == 204
