import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.choices import Role
from common.errors import DomainError
from common.models import AuditEvent
from org.actions import do_assign_role, do_create_unit, do_remove_role, do_set_post, do_update_unit
from org.choices import UnitKind
from org.models import Post, RoleAssignment, Unit


def test_a_planner_adds_a_team_under_their_station_with_its_path_and_an_audit_row(org):
    # given pat plans Northtown
    # when
    unit = do_create_unit(name="Northtown Team D", code="northtown-d", kind=UnitKind.TEAM, parent=org.northtown,
                          acting_user=org.pat, reason="New relief")
    # then
    assert unit.path == f"{org.northtown.path}{unit.pk}/"
    assert unit.depth == 3
    event = AuditEvent.objects.get(action="org.unit.created", object_id=str(unit.pk))
    assert event.actor == org.pat and event.reason == "New relief" and event.unit_id == unit.pk
    assert event.after["code"] == "northtown-d"


@pytest.mark.parametrize("who, unit", [("pat", "southport"), ("olly", "northtown"), ("sam_user", "northtown"),
                                       ("sam_user", "southport"), ("mo", "northtown")])
def test_only_planners_of_the_unit_may_add_units_below_it(org, who, unit):
    # given / when / then
    with pytest.raises(PermissionDenied):
        do_create_unit(name="X", code="x-team", kind=UnitKind.TEAM, parent=getattr(org, unit),
                       acting_user=getattr(org, who))
    assert not Unit.objects.filter(code="x-team").exists()


def test_a_duplicate_code_is_refused_naming_the_code_field(org):
    # when
    with pytest.raises(DomainError) as exc:
        do_create_unit(name="Another", code="northtown", kind=UnitKind.STATION, parent=org.north,
                       acting_user=org.alice)
    # then
    assert exc.value.errors[0].field == "code"
    assert "already used" in exc.value.message


def test_moving_a_station_recomputes_the_paths_of_its_whole_subtree(org):
    # given Northtown (with teams A and B) is under North LPA
    # when an administrator moves it under South LPA
    do_update_unit(org.northtown, parent=org.south, acting_user=org.alice, reason="Restructure")
    # then
    northtown, team_a = Unit.objects.get(pk=org.northtown.pk), Unit.objects.get(pk=org.team_a.pk)
    assert northtown.path == f"{org.south.path}{northtown.pk}/" and northtown.depth == 2
    assert team_a.path == f"{northtown.path}{team_a.pk}/" and team_a.depth == 3
    assert set(org.south.subtree().values_list("code", flat=True)) >= {"northtown", "northtown-team-a",
                                                                       "northtown-team-b"}
    assert not org.north.subtree().filter(code="northtown-team-a").exists()
    event = AuditEvent.objects.get(action="org.unit.updated")
    assert event.before["parent"] == org.north.pk and event.after["parent"] == org.south.pk


def test_a_unit_cannot_be_moved_under_its_own_subtree(org):
    # when
    with pytest.raises(DomainError) as exc:
        do_update_unit(org.northtown, parent=org.team_a, acting_user=org.alice)
    # then
    assert exc.value.errors[0].field == "parent"
    assert Unit.objects.get(pk=org.northtown.pk).parent_id == org.north.pk


def test_a_planner_cannot_move_their_unit_into_a_unit_they_do_not_plan(org):
    # given pat plans Northtown but not Southport
    # when / then
    with pytest.raises(PermissionDenied):
        do_update_unit(org.team_a, parent=org.southport, acting_user=org.pat)


def test_setting_a_post_creates_then_updates_the_same_establishment_row(org):
    # given
    start = dt.date(2025, 4, 1)
    # when
    post = do_set_post(unit=org.team_a, rank=org.sergeant, funded_fte="2", effective_from=start, acting_user=org.pat)
    again = do_set_post(unit=org.team_a, rank=org.sergeant, funded_fte=Decimal("2.5"), effective_from=start,
                        acting_user=org.pat, reason="Uplift")
    # then
    assert again.pk == post.pk
    assert Post.objects.get(pk=post.pk).funded_fte == Decimal("2.50")
    updated = AuditEvent.objects.get(action="org.post.updated")
    assert (updated.before["funded_fte"], updated.after["funded_fte"]) == ("2.00", "2.50")
    assert updated.reason == "Uplift"


def test_negative_funded_fte_is_refused_naming_the_field(org):
    with pytest.raises(DomainError) as exc:
        do_set_post(unit=org.team_a, rank=org.constable, funded_fte="-1", effective_from=dt.date(2025, 1, 1),
                    acting_user=org.alice)
    assert exc.value.errors[0].field == "funded_fte"


def test_olly_cannot_set_northtown_establishment(org):
    with pytest.raises(PermissionDenied):
        do_set_post(unit=org.team_a, rank=org.constable, funded_fte="9", effective_from=dt.date(2025, 1, 1),
                    acting_user=org.olly)


def test_only_administrators_assign_and_remove_roles(org):
    # given
    with pytest.raises(PermissionDenied):
        do_assign_role(user=org.sam_user, role=Role.PLANNER, unit=org.team_a, acting_user=org.pat)
    # when
    assignment = do_assign_role(user=org.sam_user, role=Role.PLANNER, unit=org.team_a, acting_user=org.alice)
    # then
    assert RoleAssignment.objects.filter(user=org.sam_user, role=Role.PLANNER, unit=org.team_a).exists()
    with pytest.raises(PermissionDenied):
        do_remove_role(assignment, acting_user=org.mo)
    do_remove_role(assignment, acting_user=org.alice, reason="Acting up ended")
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action__in=["org.role.assigned", "org.role.removed"]).count() == 2


def test_a_planner_role_needs_a_unit(org):
    with pytest.raises(DomainError) as exc:
        do_assign_role(user=org.sam_user, role=Role.PLANNER, unit=None, acting_user=org.alice)
    assert exc.value.errors[0].field == "unit"
