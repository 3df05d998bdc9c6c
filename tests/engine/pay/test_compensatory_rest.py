"""WTR-7: compensatory rest owed for each WTR-3 shortfall the working-time evaluator allows as a warning."""

from .builders import afc, constable, costed, duty, owed


def short_rest(person: str = "P1"):
    """Sat 28 Mar 22:00 - Sun 07:00 (over the clock change), then Sun 16:30: 9 h 30 min rest."""
    return [
        duty("2026-03-28 22:00", "2026-03-29 07:00", person, breaks=45),
        duty("2026-03-29 16:30", "2026-03-30 00:30", person, breaks=45),
    ]


def test_wtr7_a_police_shortfall_of_daily_rest_owes_the_missing_rest():
    # when
    result = costed("police-officer", [constable()], short_rest(), compensatory_rest=True)

    # then: 11 h - 9 h 30 min
    assert owed(result) == [("WTR-7", "compensatory_rest", None, 1.5)]


def test_wtr7_nhs_afc_has_no_exception_so_a_breach_owes_nothing():
    # when
    result = costed("nhs-afc", [afc("P1")], short_rest(), compensatory_rest=True)

    # then
    assert [t for t in owed(result) if t[0] == "WTR-7"] == []


def test_wtr7_ambulance_staff_are_owed_compensatory_rest():
    # when
    result = costed("nhs-ambulance", [afc("P1")], short_rest(), compensatory_rest=True)

    # then
    assert ("WTR-7", "compensatory_rest", None, 1.5) in owed(result)


def test_wtr7_can_be_skipped_when_ranking_many_options():
    # when
    result = costed("police-officer", [constable()], short_rest(), compensatory_rest=False)

    # then
    assert owed(result) == []


def test_wtr7_enough_rest_owes_nothing():
    # given
    duties = [duty("2026-03-09 07:00", "2026-03-09 15:00"), duty("2026-03-10 07:00", "2026-03-10 15:00")]

    # when
    result = costed("police-officer", [constable()], duties, compensatory_rest=True)

    # then
    assert owed(result) == []
