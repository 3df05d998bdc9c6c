"""Ranking cover options: cost first, then disruption, then fairness; hard breaches never offered."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cover.ranking import Ranked, notice_band, rank

KINDS = ("move", "shift_time", "bank", "extend", "swap", "rest_day", "extra", "recall")

options = st.builds(
    Ranked,
    id=st.uuids().map(str),
    kind=st.sampled_from(KINDS),
    cost=st.decimals(min_value=0, max_value=2000, places=2),
    people_affected=st.integers(1, 3),
    changes=st.integers(1, 3),
    notice_hours=st.floats(0, 400, allow_nan=False),
    recent=st.integers(0, 10),
    breaches=st.sampled_from([(), (), (), ("WTR-3: only 9 h rest",)]),
)


@given(st.lists(options, max_size=30))
def test_a_cheaper_legal_option_is_never_ranked_below_a_dearer_one_with_equal_disruption(found):
    # when
    ranked = rank(found)
    # then
    for i, a in enumerate(ranked):
        for b in ranked[i + 1:]:
            assert not (b.cost < a.cost and b.disruption == a.disruption)


@given(st.lists(options, max_size=30))
def test_options_with_a_hard_breach_are_never_offered_and_legal_ones_all_are(found):
    ranked = rank(found)
    assert all(o.legal for o in ranked)
    assert len(ranked) == sum(1 for o in found if o.legal)


@given(st.lists(options, max_size=30))
def test_the_ranking_is_ordered_by_cost_then_disruption_then_fairness(found):
    ranked = rank(found)
    keys = [(o.cost, o.disruption, o.recent) for o in ranked]
    assert keys == sorted(keys)


def test_at_equal_cost_and_disruption_whoever_had_least_overtime_lately_comes_first():
    # given two rest-day workers costing the same, one with four recent overtime records
    busy = Ranked("a", "rest_day", Decimal("242.40"), 1, 1, 60.0, recent=4)
    fresh = Ranked("b", "rest_day", Decimal("242.40"), 1, 1, 60.0, recent=0)
    # when / then
    assert [o.id for o in rank([busy, fresh])] == ["b", "a"]


def test_at_equal_cost_fewer_people_and_changes_come_first():
    swap = Ranked("swap", "swap", Decimal("0.00"), 1, 2, 60.0)
    move = Ranked("move", "move", Decimal("0.00"), 1, 1, 60.0)
    assert [o.id for o in rank([swap, move])] == ["move", "swap"]


def test_shorter_notice_is_more_disruptive():
    assert notice_band(8 * 24) == 0
    assert notice_band(30) == 1
    assert notice_band(8) == 2
    assert notice_band(2) == 3
