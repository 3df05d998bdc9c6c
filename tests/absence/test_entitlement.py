"""Entitlement: POL-13 / NHS-5 by service, pro rata for part time and part years, leap years, public holidays."""

import datetime as dt
from decimal import Decimal

from absence.choices import Ledger
from absence.entitlement import (
    SCHEMES,
    ContractSpan,
    carry_over_cap,
    compute_entitlement,
    leave_year,
    recall_credit_days,
    scheme_for,
)

POLICE = SCHEMES["police-officer"]
NHS = SCHEMES["nhs-afc"]
YEAR = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def entitlement(scheme, *, hours="40", start=dt.date(2015, 1, 5), employed_from=None, employed_to=None,
                contracts=None, year=YEAR):
    spans = contracts or [ContractSpan(start, None, Decimal(hours))]
    return compute_entitlement(scheme, year_start=year[0], year_end=year[1], service_start=start,
                               employed_from=employed_from or start, employed_to=employed_to, contracts=spans)


def test_a_full_time_constable_with_eleven_years_service_gets_27_days_of_8_hours_and_a_day_per_public_holiday():
    # given a constable who joined in January 2015, full time on 40 hours
    # when the 2026/27 leave year's entitlement is computed
    result = entitlement(POLICE)
    # then annual leave is 27 × 8 h (POL-13, 10+ years) and a day of 8 h for each public holiday (POL-4): 2026/27
    # holds two Easters (April 2026 and March 2027), so 10 of them, Boxing Day counted once (on its substitute
    # Monday, 28 December)
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("216.00")
    assert result.total(Ledger.PUBLIC_HOLIDAY) == Decimal("80.00")
    # and a leave year with one Easter has the usual 8
    usual = entitlement(POLICE, year=(dt.date(2025, 4, 1), dt.date(2026, 3, 31)))
    assert usual.total(Ledger.PUBLIC_HOLIDAY) == Decimal("64.00")


def test_service_bands_follow_pol_13_counted_at_the_end_of_the_leave_year():
    # given officers who complete 1, 2, 15 and 20 years during the leave year
    def days_for(joined):
        return entitlement(POLICE, start=joined).total(Ledger.ANNUAL_LEAVE) / 8

    # then they get 22, 25, 28 and 30 days
    assert days_for(dt.date(2026, 1, 1)) == 22
    assert days_for(dt.date(2025, 3, 31)) == 25
    assert days_for(dt.date(2012, 3, 1)) == 28
    assert days_for(dt.date(2007, 3, 31)) == 30


def test_a_part_time_officer_on_24_hours_gets_three_fifths_and_4_h_48_for_each_public_holiday():
    # given a constable on 24 hours a week (POL-12: pro rata to 40 h)
    result = entitlement(POLICE, hours="24")
    # then 27 days × 8 h × 0.6 and 4 h 48 min for each of the 10 public holidays
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("129.60")
    assert result.total(Ledger.PUBLIC_HOLIDAY) == Decimal("48.00")
    assert result.part_time == Decimal("0.6")


def test_a_contract_change_mid_year_is_weighted_by_the_months_on_each():
    # given full time until 30 September, then 20 hours from 1 October (half the year each)
    start = dt.date(2015, 1, 5)
    contracts = [ContractSpan(start, dt.date(2026, 9, 30), Decimal(40)),
                 ContractSpan(dt.date(2026, 10, 1), None, Decimal(20))]
    # when
    result = entitlement(POLICE, contracts=contracts)
    # then 216 h × (6/12 × 1 + 6/12 × 0.5) = 162 h
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("162.00")


def test_a_starter_half_way_through_the_year_gets_half_and_only_the_public_holidays_after_joining():
    # given a new constable joining on 1 October 2026
    result = entitlement(POLICE, start=dt.date(2026, 10, 1))
    # then 22 days × 8 h × 6/12 = 88 h; public holidays from October to March: Christmas, Boxing Day (observed),
    # New Year, Good Friday and Easter Monday 2027 = 5 × 8 h
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("88.00")
    assert result.total(Ledger.PUBLIC_HOLIDAY) == Decimal("40.00")


def test_a_leaver_is_pro_rata_to_the_months_worked():
    # given an officer who leaves on 31 July 2026 (4 months of the leave year)
    result = entitlement(POLICE, employed_to=dt.date(2026, 7, 31))
    # then 216 × 4/12
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("72.00")


def test_in_a_leap_year_february_weighs_one_month_whatever_its_length():
    # given a leave year holding 29 February 2028 and a starter on 1 February 2028 (2 of 12 months left)
    year = (dt.date(2027, 4, 1), dt.date(2028, 3, 31))
    result = entitlement(NHS, hours="37.5", start=dt.date(2028, 2, 1), year=year)
    # then 27 days × 7.5 h × 2/12 exactly, and the 29th of February is no extra day
    assert result.total(Ledger.ANNUAL_LEAVE) == Decimal("33.75")
    # and a starter on 15 February 2028 gets 15/29 of February: 202.5 × (15/29 + 1) / 12
    half = entitlement(NHS, hours="37.5", start=dt.date(2028, 2, 15), year=year)
    assert half.total(Ledger.ANNUAL_LEAVE) == Decimal("25.60")


def test_nhs_staff_get_hours_by_service_and_a_60_hour_public_holiday_bank_pro_rata():
    # given NHS staff with 6 years' service, one full time and one on 30 hours
    full = entitlement(NHS, hours="37.5", start=dt.date(2020, 1, 6))
    part = entitlement(NHS, hours="30", start=dt.date(2020, 1, 6))
    # then 29 days × 7.5 h = 217.5 h plus 60 h (NHS-5, NHS-6), and 80 % of each for the part-timer
    assert (full.total(Ledger.ANNUAL_LEAVE), full.total(Ledger.PUBLIC_HOLIDAY)) == (Decimal("217.50"), Decimal(60))
    assert (part.total(Ledger.ANNUAL_LEAVE), part.total(Ledger.PUBLIC_HOLIDAY)) == (Decimal("174.00"), Decimal(48))


def test_entitlement_is_never_below_the_statutory_5_6_weeks(settings):
    # given a force that configured police staff with only 10 days' leave (a mistake WTR-9 must catch)
    settings.ABSENCE_LEAVE_SCHEMES = {"police-staff": {"service_days": [[0, 10]]}}
    scheme = scheme_for("police-staff")
    # when
    result = entitlement(scheme, hours="37")
    # then a WTR-9 top-up brings leave plus public holidays to 5.6 × 37 h = 207.2 h
    assert sum(line.hours for line in result.lines) == Decimal("207.20")
    assert [line.rule for line in result.lines][-1] == "WTR-9"


def test_leave_year_is_fixed_from_1_april_by_default_or_the_anniversary_when_configured(settings):
    # given the default scheme and one configured to run from the start-date anniversary
    joined = dt.date(2016, 2, 29)
    # then 10 January 2027 falls in the year from 1 April 2026
    assert leave_year(POLICE, dt.date(2027, 1, 10), joined) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    settings.ABSENCE_LEAVE_SCHEMES = {"police-officer": {"leave_year": "anniversary"}}
    anniversary = scheme_for("police-officer")
    # and a 29 February joiner's anniversary year starts on 28 February in common years
    assert leave_year(anniversary, dt.date(2027, 3, 10), joined) == (dt.date(2027, 2, 28), dt.date(2028, 2, 28))


def test_special_constables_earn_no_leave():
    assert scheme_for("police-officer", "special", "special") is None


def test_carry_over_is_capped_at_5_days_pro_rata_and_recall_credits_follow_pol_13():
    assert carry_over_cap(POLICE, Decimal(1)) == Decimal("40.00")
    assert carry_over_cap(POLICE, Decimal("0.5")) == Decimal("20.00")
    # recalled on 1, 2 and 4 leave days: 2, 4 and 7 days back
    assert [recall_credit_days(n) for n in (1, 2, 4)] == [2, 4, 7]
