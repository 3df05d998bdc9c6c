"""Factories and a small named organisation for tests. Build only what a test needs."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from common.choices import Role
from org.choices import StaffGroupKind, UnitKind
from org.models import Post, Rank, RoleAssignment, StaffGroup, Unit
from people.models import Contract, Person, PersonSkill, Skill

User = get_user_model()
PASSWORD = "correct-horse-battery"


def make_unit(name: str, kind: str, parent: Unit | None = None, code: str | None = None) -> Unit:
    unit = Unit.objects.create(name=name, kind=kind, parent=parent, code=code or name.lower().replace(" ", "-"))
    unit.set_path()
    unit.save(update_fields=["path", "depth"])
    return unit


class StaffGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffGroup
        django_get_or_create = ["code"]

    code = "police-officer"
    name = "Police officer"
    kind = StaffGroupKind.POLICE_OFFICER
    rule_pack = "police-officer"


class RankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rank
        django_get_or_create = ["code"]

    code = "constable"
    name = "Constable"
    staff_group = factory.SubFactory(StaffGroupFactory)
    seniority = 10


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["code"]

    code = "taser"
    name = "Taser"
    validity_months = 12


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    payroll_number = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    staff_group = factory.SubFactory(StaffGroupFactory)
    rank = factory.SubFactory(RankFactory)
    start_date = dt.date(2015, 1, 5)
    birth_date = dt.date(1990, 5, 1)


def give_contract(person: Person, hours: str = "40", fte: str = "1", **extra) -> Contract:
    return Contract.objects.create(person=person, effective_from=person.start_date,
                                   hours_per_week=Decimal(hours), fte=Decimal(fte), **extra)


def give_skill(person: Person, skill: Skill, acquired=dt.date(2024, 1, 1), expires=None) -> PersonSkill:
    return PersonSkill.objects.create(person=person, skill=skill, acquired=acquired, expires=expires)


def assign_role(user, role: str, unit: Unit | None = None) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, unit=unit)


class Org:
    """A small force: Northshire → North LPA (Northtown station, teams A/B) and South LPA (Southport, team C).

    Personas: alice (administrator), pat (planner of Northtown station), mo (manager of North LPA),
    olly (planner of Southport only), sam (a constable in team A who signs in as staff)."""

    def __init__(self) -> None:
        self.force = make_unit("Northshire Police", UnitKind.FORCE, code="northshire")
        self.north = make_unit("North LPA", UnitKind.AREA, self.force)
        self.south = make_unit("South LPA", UnitKind.AREA, self.force)
        self.northtown = make_unit("Northtown", UnitKind.STATION, self.north)
        self.southport = make_unit("Southport", UnitKind.STATION, self.south)
        self.team_a = make_unit("Northtown Team A", UnitKind.TEAM, self.northtown)
        self.team_b = make_unit("Northtown Team B", UnitKind.TEAM, self.northtown)
        self.team_c = make_unit("Southport Team C", UnitKind.TEAM, self.southport)
        self.officers = StaffGroupFactory()
        self.constable = RankFactory(staff_group=self.officers)
        self.sergeant = RankFactory(code="sergeant", name="Sergeant", seniority=20, staff_group=self.officers)
        self.taser = SkillFactory()
        self.alice = UserFactory(username="alice")
        self.pat = UserFactory(username="pat")
        self.mo = UserFactory(username="mo")
        self.olly = UserFactory(username="olly")
        self.sam_user = UserFactory(username="sam")
        assign_role(self.alice, Role.ADMINISTRATOR)
        assign_role(self.pat, Role.PLANNER, self.northtown)
        assign_role(self.mo, Role.MANAGER, self.north)
        assign_role(self.olly, Role.PLANNER, self.southport)
        self.sam = PersonFactory(first_name="Sam", last_name="Jones", rank=self.constable, staff_group=self.officers,
                                 home_unit=self.team_a, user=self.sam_user)
        give_contract(self.sam)
        self.kim = PersonFactory(first_name="Kim", last_name="Shah", rank=self.sergeant, staff_group=self.officers,
                                 home_unit=self.team_b)
        give_contract(self.kim)
        self.lee = PersonFactory(first_name="Lee", last_name="Park", rank=self.constable, staff_group=self.officers,
                                 home_unit=self.team_c)
        give_contract(self.lee)
        Post.objects.create(unit=self.team_a, rank=self.constable, funded_fte=Decimal("8"),
                            effective_from=dt.date(2020, 1, 1))
        Post.objects.create(unit=self.team_b, rank=self.sergeant, funded_fte=Decimal("1"),
                            effective_from=dt.date(2020, 1, 1))
