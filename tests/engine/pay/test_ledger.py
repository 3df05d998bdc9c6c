"""The shared arithmetic: money half-up to the penny (C-4), clear days (C-3), splitting at local boundaries."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from muster_engine.pay.ledger import allocate, clear_days, money, pieces, week_of
from muster_engine.pay.rates import shipped_pay_rules
from muster_engine.worktime import LONDON

from .builders import at


def test_c4_money_rounds_half_up_to_the_penny():
    # then
    assert money(Fraction(1, 200)) == Decimal("0.01")
    assert money(Fraction(4999, 1000)) == Decimal("5.00")
    assert money(Fraction(80, 3)) == Decimal("26.67")
    assert money(Fraction(40, 3)) == Decimal("13.33")
    assert money(Fraction(2, 1)) == Decimal("2.00")


def test_c3_clear_days_count_neither_the_day_told_nor_the_day_of_duty():
    # then
    assert clear_days(date(2026, 3, 20), date(2026, 3, 4)) == 15
    assert clear_days(date(2026, 3, 20), date(2026, 3, 19)) == 0
    assert clear_days(date(2026, 3, 20), date(2026, 3, 20)) == -1


def test_c2_the_force_week_starts_on_monday():
    # then
    assert week_of(date(2026, 3, 15)) == date(2026, 3, 9)
    assert week_of(date(2026, 3, 16)) == date(2026, 3, 16)


def test_c4_a_duty_over_the_march_clock_change_is_split_at_local_midnight_into_true_minutes():
    # when
    parts = pieces(at("2026-03-28 22:00"), at("2026-03-29 07:00"), LONDON)

    # then: 2 h on Saturday, 6 h on Sunday (01:00-02:00 never happened)
    assert [(p.local.date().isoformat(), p.minutes) for p in parts] == [("2026-03-28", 120), ("2026-03-29", 360)]


def test_pieces_split_at_local_cut_times():
    # when
    parts = pieces(at("2026-03-09 18:00"), at("2026-03-10 08:00"), LONDON, cuts=(20 * 60, 6 * 60))

    # then
    assert [p.minutes for p in parts] == [120, 240, 360, 120]


def test_allocate_keeps_whole_minutes_that_add_up():
    # then
    assert allocate({"a": 150, "b": 360}, Fraction(480, 510)) == {"a": 141, "b": 339}
    assert sum(allocate({"a": 1, "b": 1, "c": 1}, Fraction(2, 3)).values()) == 2


def test_pay_rules_are_versioned_by_effective_date():
    # given
    table = shipped_pay_rules()

    # then: NHS-2 band 1 Sunday rate before and from 2020/21
    assert table.in_force("nhs-afc", date(2020, 3, 31)).ush_for_band(1) == (Fraction(1, 2), Fraction(1))
    assert table.in_force("nhs-afc", date(2020, 4, 1)).ush_for_band(1) == (Fraction(47, 100), Fraction(94, 100))


def test_a_pay_rule_can_be_changed_locally_without_touching_code():
    # given: a force that counts planned overtime from 30 min
    from .builders import constable, costed, duty, rows

    table = shipped_pay_rules().replace("police-officer", date(2026, 1, 1), planned_min_minutes=30)
    shift = duty("2026-03-09 07:00", "2026-03-09 15:20", overtime="planned", tour_end="2026-03-09 15:00")

    # when
    result = costed("police-officer", [constable()], [shift], rules=table)

    # then
    assert rows(result) == []
