"""All events of a period: a person deployed twice at once, or a skill pool over-committed, is shown as a clash."""

from events.models import Assignment, Event
from events.overview import overview
from tests.events.helpers import SAT, constable, give_skill, match, psu


def _deploy(event, person):
    phase = event.phases.first()
    a = Assignment.objects.create(event=event, person=person, date=SAT, start=phase.start, end=phase.end,
                                  method="overtime", unit=person.home_unit)
    a.phases.set([phase])
    return a


def test_the_same_person_on_two_events_at_once_is_a_clash(org):
    # given ann proposed for a match and for a parade overlapping it
    ann = constable(org, "Ann")
    first = match(org, reference="op-match")
    second = match(org, reference="op-parade", phases=((12, 16),))
    _deploy(first, ann)
    _deploy(second, ann)
    # when
    o = overview(Event.objects.all(), SAT, SAT)
    # then
    [clash] = o.clashes
    assert clash.kind == "person" and "Ann Officer" in clash.text
    assert [row for _e, row in o.demand] == [[2], [2]]


def test_a_skill_pool_over_committed_across_events_is_a_clash(org):
    # given two events asking for 2 PSU constables each, and only three PSU-trained people
    skill = psu()
    for name in ("Ann", "Bob", "Cat"):
        give_skill(constable(org, name), skill)
    match(org, reference="op-match", skill=skill)
    match(org, reference="op-parade", skill=skill, phases=((12, 16),))
    # when
    [clash] = overview(Event.objects.all(), SAT, SAT).clashes
    # then
    assert clash.kind == "skill"
    assert "ask for 4 people with PSU level 2 together; 3 are available" in clash.text
