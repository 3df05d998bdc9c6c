import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from common.models import AuditEvent
from org.models import Post
from people.choices import MovementKind
from people.imports import export_file, run_import
from people.models import Contract, Movement, Person, PersonSkill

PEOPLE_HEADER = ("payroll_number,first_name,last_name,staff_group,rank,unit,start_date,leave_date,birth_date,email,"
                 "phone,hours_per_week,annual_hours,fte,wtr_opt_out,night_worker,pay_point")


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts() -> tuple[int, ...]:
    return (Person.objects.count(), Contract.objects.count(), Movement.objects.count(), PersonSkill.objects.count(),
            Post.objects.count(), AuditEvent.objects.count())


def test_a_good_people_csv_creates_new_people_and_updates_known_ones(org):
    # given two new officers and a new phone number for Sam (his payroll number is known)
    data = csv_bytes(
        PEOPLE_HEADER,
        "N2001,Ravi,Patel,police-officer,constable,northtown-team-a,2024-09-02,,1998-04-01,ravi@example.org,,40,,1,no,yes,",
        "N2002,Jo,Baker,Police officer,Sergeant,northtown-team-b,02/09/2024,,,,,,2080,1,yes,no,PP3",
        f"{org.sam.payroll_number},Sam,Jones,police-officer,constable,northtown-team-a,2015-01-05,,1990-05-01,,"
        "07700 900123,40,,1,no,no,",
    )
    # when
    result = run_import("people", data, filename="intake.csv", acting_user=org.pat)
    # then
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 2, 1, 0)
    ravi = Person.objects.get(payroll_number="N2001")
    assert (ravi.home_unit, ravi.rank, ravi.birth_date) == (org.team_a, org.constable, dt.date(1998, 4, 1))
    assert Contract.objects.get(person=ravi).night_worker is True
    jo = Person.objects.get(payroll_number="N2002")
    assert jo.start_date == dt.date(2024, 9, 2)  # dd/mm/yyyy as typed in the UK
    assert Contract.objects.get(person=jo).annual_hours == Decimal("2080.00")
    assert Movement.objects.filter(person=jo, kind=MovementKind.STARTER, to_unit=org.team_b).exists()
    assert Person.objects.get(pk=org.sam.pk).phone == "07700 900123"
    assert AuditEvent.objects.filter(action="people.person.created").count() == 2
    assert AuditEvent.objects.get(action="people.person.imported").reason == "Imported from intake.csv"


def test_a_good_xlsx_with_date_cells_and_numeric_payroll_numbers_imports(org):
    # given a workbook as Excel saves it: real dates, numbers as numbers
    rows = [PEOPLE_HEADER.split(","),
            [31337, "Mia", "Khan", "police-officer", "constable", "southport-team-c", dt.datetime(2023, 5, 1),
             None, None, None, None, 37.5, None, 1, False, None, None]]
    # when
    result = run_import("people", xlsx_bytes(rows), filename="mia.xlsx", acting_user=org.olly)
    # then
    assert result.ok, result.errors
    mia = Person.objects.get(payroll_number="31337")
    assert mia.start_date == dt.date(2023, 5, 1) and mia.home_unit == org.team_c
    assert Contract.objects.get(person=mia).hours_per_week == Decimal("37.50")


def test_three_bad_rows_are_all_reported_with_row_column_and_value_and_nothing_changes(org):
    # given one good row and three rows with different problems
    before = counts()
    data = csv_bytes(
        PEOPLE_HEADER,
        "N3001,Good,Row,police-officer,constable,northtown-team-a,2024-01-01,,,,,40,,1,,,",
        "N3002,Bad,Rank,police-officer,Sgt,northtown-team-a,2024-01-01,,,,,40,,1,,,",
        "N3003,Bad,Date,police-officer,constable,northtown-team-a,31/02/2024,,,,,40,,1,,,",
        "N3004,Bad,Hours,police-officer,constable,northtown-team-a,2024-01-01,,,,,forty,,1,,,",
    )
    # when
    result = run_import("people", data, filename="bad.csv", acting_user=org.pat)
    # then
    assert not result.ok
    found = [(e.row, e.field, e.value) for e in result.errors]
    assert found == [(3, "rank", "Sgt"), (4, "start_date", "31/02/2024"), (5, "hours_per_week", "forty")]
    assert result.errors[0].message == "'Sgt' is not a rank of Police officer; allowed: constable, sergeant."
    assert "yyyy-mm-dd or dd/mm/yyyy" in result.errors[1].message
    assert counts() == before
    assert (result.created, result.updated) == (0, 0)


def test_a_planner_cannot_import_a_row_for_a_unit_they_do_not_plan(org):
    # given pat plans Northtown only
    before = counts()
    data = csv_bytes(PEOPLE_HEADER,
                     "N4001,Ok,Here,police-officer,constable,northtown-team-a,2024-01-01,,,,,40,,1,,,",
                     "N4002,Not,Mine,police-officer,constable,southport-team-c,2024-01-01,,,,,40,,1,,,")
    # when
    result = run_import("people", data, acting_user=org.pat)
    # then
    assert [(e.row, e.field, e.value) for e in result.errors] == [(3, "unit", "southport-team-c")]
    assert "You do not plan Southport Team C" in result.errors[0].message
    assert counts() == before


def test_a_planner_cannot_update_someone_in_another_unit_by_moving_them_in(org):
    data = csv_bytes(PEOPLE_HEADER, f"{org.lee.payroll_number},Lee,Park,police-officer,constable,northtown-team-a,"
                                    "2015-01-05,,,,,40,,1,,,")
    result = run_import("people", data, acting_user=org.pat)
    assert [(e.row, e.field) for e in result.errors] == [(2, "unit")]
    assert "Southport Team C, which you do not plan" in result.errors[0].message


def test_staff_cannot_import_at_all(org):
    with pytest.raises(PermissionDenied):
        run_import("people", csv_bytes(PEOPLE_HEADER), acting_user=org.sam_user)


@pytest.mark.parametrize("data, field, words", [
    (b"", "file", "empty"),
    (b"%PDF-1.7 binary\x00stuff", "file", "not a CSV or XLSX"),
    (b"\xd0\xcf\x11\xe0old excel", "file", ".xls"),
    (csv_bytes(PEOPLE_HEADER), "file", "no rows"),
    (csv_bytes("payroll_number,first_name,surname", "1,a,b"), "surname", "Unknown column 'surname'"),
    (csv_bytes("payroll_number,first_name,last_name", "1,a,b"), "staff_group", "missing"),
])
def test_file_level_problems_are_clear(org, data, field, words):
    result = run_import("people", data, filename="x.csv", acting_user=org.alice)
    assert not result.ok
    assert any(e.field == field and words in e.message for e in result.errors), result.errors


def test_a_file_over_the_size_limit_is_refused(org, monkeypatch):
    monkeypatch.setattr("people.imports.reading.MAX_BYTES", 100)
    result = run_import("people", csv_bytes(PEOPLE_HEADER, "x" * 200), acting_user=org.alice)
    assert "limit" in result.errors[0].message and result.errors[0].row is None


def test_a_payroll_number_twice_in_one_file_names_the_first_row(org):
    line = "N5001,A,B,police-officer,constable,northtown-team-a,2024-01-01,,,,,40,,1,,,"
    result = run_import("people", csv_bytes(PEOPLE_HEADER, line, line), acting_user=org.alice)
    assert [(e.row, e.field) for e in result.errors] == [(3, "payroll_number")]
    assert "also on row 2" in result.errors[0].message


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(org):
    before = counts()
    data = csv_bytes(PEOPLE_HEADER, "N6001,A,B,police-officer,constable,northtown-team-a,2024-01-01,,,,,40,,1,,,")
    result = run_import("people", data, acting_user=org.pat, dry_run=True)
    assert result.ok and result.created == 1
    assert counts() == before


def test_a_new_unit_or_rank_for_a_known_person_is_recorded_as_movements_today(org):
    # given Sam is a constable in team A
    data = csv_bytes(PEOPLE_HEADER, f"{org.sam.payroll_number},Sam,Jones,police-officer,sergeant,northtown-team-b,"
                                    "2015-01-05,,1990-05-01,,,40,,1,,,")
    # when
    result = run_import("people", data, acting_user=org.pat)
    # then
    assert result.ok and result.updated == 1
    sam = Person.objects.get(pk=org.sam.pk)
    assert (sam.home_unit, sam.rank) == (org.team_b, org.sergeant)
    kinds = list(Movement.objects.filter(person=sam).values_list("kind", "effective_date"))
    today = timezone.localdate()
    assert kinds == [(MovementKind.TRANSFER, today), (MovementKind.PROMOTION, today)]


def test_a_leave_date_in_a_people_file_records_a_leaver(org):
    data = csv_bytes(PEOPLE_HEADER, f"{org.sam.payroll_number},Sam,Jones,police-officer,constable,northtown-team-a,"
                                    "2015-01-05,2024-12-31,1990-05-01,,,40,,1,,,")
    assert run_import("people", data, acting_user=org.pat).ok
    assert Person.objects.get(pk=org.sam.pk).leave_date == dt.date(2024, 12, 31)
    assert Movement.objects.get(person=org.sam).kind == MovementKind.LEAVER


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["people", "skills", "establishment"])
def test_an_export_reimports_cleanly_with_nothing_to_change(org, kind, fmt):
    # given some skills, a leaver and an annualised contract
    PersonSkill.objects.create(person=org.sam, skill=org.taser, acquired=dt.date(2024, 3, 1),
                               expires=dt.date(2025, 3, 1))
    Contract.objects.filter(person=org.kim).update(hours_per_week=None, annual_hours=Decimal("1950.50"),
                                                   fte=Decimal("0.925"), pay_point="PP4", night_worker=True)
    Person.objects.filter(pk=org.lee.pk).update(leave_date=dt.date(2024, 6, 30), last_name="=Park+1")
    content, filename, _type = export_file(kind, fmt, acting_user=org.alice)
    before = counts()
    # when
    result = run_import(kind, content, filename=filename, acting_user=org.alice)
    # then
    assert result.ok, result.errors
    assert result.rows > 0 and (result.created, result.updated) == (0, 0)
    assert result.unchanged == result.rows
    assert counts() == before


def test_people_export_holds_only_units_the_user_reads(org):
    content, _name, _type = export_file("people", "csv", acting_user=org.mo)
    text = content.decode("utf-8-sig")
    assert org.sam.payroll_number in text and org.kim.payroll_number in text
    assert org.lee.payroll_number not in text


def test_staff_cannot_export(org):
    with pytest.raises(PermissionDenied):
        export_file("people", "csv", acting_user=org.sam_user)


def test_skills_import_defaults_the_expiry_and_rejects_unknown_people(org):
    data = csv_bytes("payroll_number,skill,acquired,expires",
                     f"{org.sam.payroll_number},taser,2024-05-01,",
                     "NOBODY,taser,2024-05-01,",
                     f"{org.kim.payroll_number},Taser,2024-13-01,")
    result = run_import("skills", data, acting_user=org.pat)
    assert [(e.row, e.field) for e in result.errors] == [(3, "payroll_number"), (4, "acquired")]
    good = run_import("skills", csv_bytes("payroll_number,skill,acquired,expires",
                                          f"{org.sam.payroll_number},taser,2024-05-01,"), acting_user=org.pat)
    assert good.ok and good.created == 1
    assert PersonSkill.objects.get(person=org.sam).expires == dt.date(2025, 5, 1)


def test_establishment_import_upserts_by_unit_rank_and_date_and_refuses_negative_fte(org):
    header = "unit,rank,funded_fte,effective_from,effective_to"
    bad = run_import("establishment", csv_bytes(header, "northtown-team-a,constable,-2,2020-01-01,"),
                     acting_user=org.pat)
    assert [(e.row, e.field, e.value) for e in bad.errors] == [(2, "funded_fte", "-2")]
    good = run_import("establishment", csv_bytes(header, "northtown-team-a,constable,9.5,2020-01-01,",
                                                 "northtown-team-b,constable,7,2025-04-01,"), acting_user=org.pat)
    assert good.ok and (good.created, good.updated) == (1, 1)
    assert Post.objects.get(unit=org.team_a, rank=org.constable).funded_fte == Decimal("9.50")
    assert AuditEvent.objects.filter(action__in=["org.post.created", "org.post.updated"]).count() == 2
