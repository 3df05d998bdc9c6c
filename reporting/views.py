"""Pages of reporting: thin function-based views over read-only queries (reporting writes nothing)."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from org.models import Unit
from org.permissions import can_edit_unit, readable_units, require_read_unit
from people.models import Contract, Person, PersonSkill

from .establishment import LONG_TERM_DAYS, employed_on, establishment_report, in_force

PEOPLE_PER_PAGE = 100
# Skills expiring within this many days are flagged so planners book refresher training in time.
SKILL_WARNING_DAYS = 30


def parse_on(value: str | None) -> dt.date | None:
    """`?on=YYYY-MM-DD` → a date; None when absent. Raises ValueError on anything else."""
    if not value:
        return None
    return dt.date.fromisoformat(value)


def unit_people(unit: Unit, today: dt.date):
    """The people whose home unit is in the sub-tree today, with their contract in force and skills prefetched.

    A constant number of queries whatever the head-count: one for the page, one per prefetch. Who is off today is
    added to the page afterwards (`attach_abstracted_until`), not as a correlated subquery over the whole sub-tree."""
    return (Person.objects.filter(employed_on(today), home_unit__path__startswith=unit.path)
            .select_related("rank", "home_unit")
            .prefetch_related(
                Prefetch("contracts", queryset=Contract.objects.filter(in_force(today)).order_by("-effective_from"),
                         to_attr="contracts_in_force"),
                Prefetch("skills", queryset=PersonSkill.objects.select_related("skill").order_by("skill__name")))
            .order_by("home_unit__path", "last_name", "first_name", "pk"))


def attach_abstracted_until(people: list[Person], today: dt.date) -> None:
    """`person.abstracted_until`: the last day of their approved abstraction covering today (None if none), for one
    page of people in one query."""
    until: dict[int, dt.date] = {}
    for person_id, end in (Abstraction.objects.filter(
            person_id__in=[p.pk for p in people], status=AbstractionStatus.APPROVED,
            start_date__lte=today, end_date__gte=today).values_list("person_id", "end_date")):
        until[person_id] = max(end, until.get(person_id, end))
    for person in people:
        person.abstracted_until = until.get(person.pk)


def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit: where it sits, its sub-units, establishment vs strength per rank, and its people."""
    unit = get_object_or_404(Unit, pk=pk)
    require_read_unit(request.user, unit)
    today = timezone.localdate()
    try:
        on = parse_on(request.GET.get("on")) or today
    except ValueError:
        messages.error(request, _("Give the date as YYYY-MM-DD, for example %(example)s. Showing today instead.")
                       % {"example": today.isoformat()})
        on = today
    report = establishment_report(unit, on)

    ancestors = unit.ancestors()[:-1]
    readable_ids = set(readable_units(request.user).filter(pk__in=[a.pk for a in ancestors])
                       .values_list("pk", flat=True))
    page = Paginator(unit_people(unit, today), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    people = list(page)
    attach_abstracted_until(people, today)
    for person in people:
        person.contract = person.contracts_in_force[0] if person.contracts_in_force else None
    return render(request, "reporting/unit.html", {
        "unit": unit,
        "breadcrumbs": [(a, a.pk in readable_ids) for a in ancestors],
        "report": report,
        "on": on,
        "today": today,
        "is_today": on == today,
        "warn_until": today + dt.timedelta(days=SKILL_WARNING_DAYS),
        "long_term_days": LONG_TERM_DAYS,
        "page": page,
        "people": people,
        "can_edit": can_edit_unit(request.user, unit),
        "direct_label": _("Held by %(unit)s itself") % {"unit": unit.name},
        "show_own_row": report.own.funded or report.own.headcount,
        "query_on": "" if on == today else on.isoformat(),
    })
