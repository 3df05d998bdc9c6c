import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.choices import MovementKind
from people.models import Movement, Person

HEADER = b"payroll_number,first_name,last_name,staff_group,rank,unit,start_date,hours_per_week\n"


def test_the_import_page_lists_every_bad_row_in_a_table(client_as, org):
    # given
    client = client_as("pat")
    data = (HEADER + b"B1,A,B,police-officer,Sgt,northtown-team-a,2025-01-01,40\n"
            b"B2,A,B,police-officer,constable,x,2025-01-01,40\n")
    # when
    response = client.post(reverse("people:import"), {"kind": "people", "action": "import",
                                                      "file": SimpleUploadedFile("p.csv", data)})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in html
    assert "<code>Sgt</code>" in html and "<code>x</code>" in html
    assert "is not a rank of Police officer" in html
    assert not Person.objects.filter(payroll_number__in=["B1", "B2"]).exists()


def test_check_file_is_a_dry_run_and_import_applies(client_as, org):
    client = client_as("pat")
    data = HEADER + b"B3,Al,Bee,police-officer,constable,northtown-team-a,2025-01-01,40\n"
    checked = client.post(reverse("people:import"), {"kind": "people", "action": "check",
                                                     "file": SimpleUploadedFile("p.csv", data)},
                          HTTP_HX_REQUEST="true")
    assert "File checked: no problems." in checked.content.decode()
    assert "<html" not in checked.content.decode()  # the htmx partial only
    assert not Person.objects.filter(payroll_number="B3").exists()
    client.post(reverse("people:import"), {"kind": "people", "action": "import",
                                           "file": SimpleUploadedFile("p.csv", data)})
    assert Person.objects.filter(payroll_number="B3").exists()


def test_staff_get_403_on_the_import_page(client_as, org):
    assert client_as("sam").get(reverse("people:import")).status_code == 403


def test_export_download_link(client_as, org):
    response = client_as("pat").get(reverse("people:export", args=["skills"]) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    any_kind = client_as("pat").get(reverse("people:export-any") + "?kind=establishment&format=csv")
    assert b"northtown-team-a,constable,8" in any_kind.content


def test_the_movement_form_records_a_transfer_and_redirects_to_the_person(client_as, org):
    client = client_as("pat")
    url = reverse("people:movement-new", args=[org.sam.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "transfer", "effective_date": "2024-03-04", "to_unit": org.team_b.pk,
                                 "reason": "Balance teams"})
    assert response.status_code == 302 and response["Location"] == reverse("people:person-detail", args=[org.sam.pk])
    movement = Movement.objects.get(person=org.sam)
    assert (movement.kind, movement.to_unit, movement.effective_date) == (MovementKind.TRANSFER, org.team_b,
                                                                          dt.date(2024, 3, 4))


def test_the_movement_form_shows_errors_by_field(client_as, org):
    client = client_as("pat")
    url = reverse("people:movement-new", args=[org.sam.pk])
    response = client.post(url, {"kind": "promotion", "effective_date": "04/03/2024"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="err-to_rank"' in html and "Choose the new rank" in html
    bad_date = client.post(url, {"kind": "transfer", "effective_date": "yesterday", "to_unit": org.team_b.pk})
    assert 'id="err-effective_date"' in bad_date.content.decode()
    assert not Movement.objects.filter(person=org.sam).exists()


def test_the_movement_form_offers_only_units_the_planner_edits_and_refuses_others(client_as, org):
    client = client_as("pat")
    url = reverse("people:movement-new", args=[org.sam.pk])
    html = client.get(url).content.decode()
    assert "Northtown Team B" in html and "Southport Team C" not in html
    response = client.post(url, {"kind": "transfer", "effective_date": "2024-03-04", "to_unit": org.team_c.pk})
    assert 'id="err-to_unit"' in response.content.decode()
    assert client_as("olly").get(url).status_code == 403
