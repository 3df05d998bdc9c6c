"""The full-size demo organisation: about 1,200 in the force and 250 in the 111 centre."""

import datetime as dt

import pytest

from absence.models import Abstraction
from demo.generate import load_demo_organisation
from org.choices import UnitKind
from org.models import Unit
from people.models import Contract, Person

TODAY = dt.date(2026, 3, 2)


def people_under(code: str):
    return Person.objects.filter(home_unit__path__startswith=Unit.objects.get(code=code).path)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_full_demo_has_a_force_of_about_1200_and_a_111_centre_of_about_250():
    # given / when
    result = load_demo_organisation(2026, today=TODAY)
    # then
    assert 1100 <= people_under("northshire").count() <= 1300
    assert 220 <= people_under("northshire-111").count() <= 280
    assert Unit.objects.filter(kind=UnitKind.AREA, parent__code="northshire").count() == 4
    assert Unit.objects.filter(kind=UnitKind.STATION, parent__parent__code="northshire").count() == 12
    assert Unit.objects.filter(kind=UnitKind.TEAM, code__contains="-response-").count() == 60
    assert result.counts["people"] == Person.objects.count()
    # About 4 % of people are on long-term sickness today (RULES.md ABS-2: more than 28 days).
    long_term = Abstraction.objects.filter(type__code="sickness", start_date__lte=TODAY - dt.timedelta(days=28),
                                           end_date__gte=TODAY).count()
    assert 0.025 * Person.objects.count() <= long_term <= 0.05 * Person.objects.count()
    # Part-time working is around 12 % in the force.
    police = people_under("northshire").exclude(staff_group__code="special")
    part_time = Contract.objects.filter(person__in=police, effective_to__isnull=True, fte__lt=1).count()
    assert 0.08 * police.count() <= part_time <= 0.16 * police.count()
