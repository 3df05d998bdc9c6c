"""colgen: the column-generation bound never passes the optimum, and its rows keep every hard rule."""

import time

import pytest

from muster_engine.solver import Request, Roster, SolveOptions, solve
from muster_engine.solver.colgen import generate, integer_bound
from muster_engine.solver.objective import breaches

from .builders import day, every_day, people, problem, with_rules


def small_problem():
    staff = [with_rules(p, daily_rest_minutes=11 * 60, max_consecutive_days=4, min_consecutive_days_off=2)
             for p in people("ann", "bea", "cy", min_minutes=4 * 480, max_minutes=6 * 480)]
    staff[0] = staff[0].__class__(**{**staff[0].__dict__, "requests": (Request(day(3), None, False, 3),)})
    reqs = every_day(10, "E", 1) + every_day(10, "L", 1) + every_day(10, "N", 1, under_target=50)
    return problem(staff, reqs, n_days=10)


@pytest.mark.slow
def test_the_bound_is_at_most_the_optimum_and_close_to_it():
    # given
    p = small_problem()
    optimum = solve(p, SolveOptions(time_limit=60, colgen=False, lns=False)).objective

    # when
    result = generate(p, None, time.monotonic() + 20, workers=2)

    # then
    assert result.converged
    assert 0 < integer_bound(result) <= optimum
    assert optimum - integer_bound(result) <= 0.1 * optimum


def test_every_generated_row_keeps_the_hard_rules():
    # given
    p = small_problem()

    # when
    result = generate(p, None, time.monotonic() + 20, workers=2, dive_until=time.monotonic() + 20)

    # then
    for person, rows in enumerate(result.columns):
        for r in rows:
            roster = Roster(p, tuple(r if q == person else (-1,) * p.horizon for q in range(len(p.people))))
            assert [b for b in breaches(roster) if b.person == p.people[person].id] == []
    assert result.dived is not None and len(result.dived) == 3


def _master_whose_pricing(monkeypatch, finds_nothing_and_proves: float | None):
    """A master over the small problem whose pricing finds no row and proves `finds_nothing_and_proves` as the
    best reduced cost's lower bound (None: proves nothing, as CP-SAT stopped by its time limit)."""
    from concurrent.futures import ThreadPoolExecutor

    from muster_engine.solver.colgen import Master, _Pricer

    master = Master(small_problem(), workers=2)
    with ThreadPoolExecutor(2) as pool:
        assert master.seed(None, pool=pool)
    monkeypatch.setattr(_Pricer, "price", lambda self, duals, limit, hint=None, parameters=None: (
        [], None if finds_nothing_and_proves is None else finds_nothing_and_proves))
    return master


def test_pricing_cut_short_by_the_deadline_is_not_convergence(monkeypatch):
    # given: so little time left that each person's pricing gets a fraction of its usual time, and finds nothing
    from concurrent.futures import ThreadPoolExecutor

    master = _master_whose_pricing(monkeypatch, None)

    # when
    with ThreadPoolExecutor(2) as pool:
        converged = master.converge(pool, time.monotonic() + 0.3)

    # then: no proof and no full-time search, so column generation has not converged (dives would start on a poor LP)
    assert converged is False


def test_pricing_that_proves_no_row_prices_out_is_convergence(monkeypatch):
    # given: pricing proves every person's best reduced cost is far above zero, even with little time left
    from concurrent.futures import ThreadPoolExecutor

    master = _master_whose_pricing(monkeypatch, 1e9)

    # when
    with ThreadPoolExecutor(2) as pool:
        converged = master.converge(pool, time.monotonic() + 0.3)

    # then
    assert converged is True


def test_a_redive_keeps_everyone_outside_the_free_people_on_their_rows_and_every_rule():
    # given: a roster from a dive, and the column generation master that made it
    from concurrent.futures import ThreadPoolExecutor

    from muster_engine.solver.colgen import Master

    p = small_problem()
    master = Master(p, workers=2)
    with ThreadPoolExecutor(2) as pool:
        assert master.seed(None, pool=pool)
        master.converge(pool, time.monotonic() + 10)
        roster = master.dive(pool, time.monotonic() + 10)
        master.release()

        # when: only bea (person 1) is free
        redived = master.redive(pool, roster, {1}, time.monotonic() + 10)
        master.release()

    # then: ann and cy keep their rows, bea has one that keeps her rules, and nobody is left fixed
    assert redived[0] == roster[0] and redived[2] == roster[2]
    assert [b for b in breaches(Roster(p, tuple(redived))) if b.rule != "cover"] == []
    assert master.fixed == {}


def test_progress_shows_only_better_rosters_ending_at_the_one_returned():
    # given: a first phase too short to matter, so the rosters come from column generation's dives and the search
    p = small_problem()
    seen = []

    # when
    solution = solve(p, SolveOptions(time_limit=4, first_share=0.01, on_progress=seen.append))

    # then: the chart of the best objective never goes up, and ends at the roster returned
    objectives = [point.objective for point in seen]
    assert objectives and objectives == sorted(objectives, reverse=True)
    assert objectives[-1] == solution.objective
    assert all(point.bound <= solution.objective for point in seen)


def test_column_generation_reports_each_better_dive_roster_as_it_finds_it():
    # given
    from muster_engine.solver.objective import evaluate

    p = small_problem()
    heard = []

    # when
    result = generate(p, None, time.monotonic() + 10, workers=2, dive_until=time.monotonic() + 3,
                      on_roster=lambda cost, bound: heard.append((cost, bound)))

    # then: strictly better each time, never below the bound, the last one the roster kept
    costs = [cost for cost, _ in heard]
    assert costs and costs == sorted(set(costs), reverse=True)
    assert all(bound <= cost for cost, bound in heard)
    assert costs[-1] == evaluate(Roster(p, tuple(result.dived))).total


def _converged_master(p):
    from concurrent.futures import ThreadPoolExecutor

    from muster_engine.solver.colgen import Master

    master = Master(p, workers=2)
    pool = ThreadPoolExecutor(2)
    assert master.seed(None, pool=pool)
    assert master.converge(pool, time.monotonic() + 20)
    return master, pool


@pytest.mark.slow
def test_the_rows_listed_for_a_target_hold_every_row_of_a_roster_within_it():
    # given: a proved optimal roster (in about 15 s on an idle core: the limit leaves room for a test beside it), and
    # the converged master
    p = small_problem()
    optimum = solve(p, SolveOptions(time_limit=60, colgen=False, lns=False))
    assert optimum.status == "optimal"
    master, pool = _converged_master(p)

    # when
    with pool:
        lists, complete = master.enumerate(pool, optimum.objective, time.monotonic() + 20)

    # then: complete, and every optimal row is there (a wrong sign in the Lagrangian slack leaves them out)
    assert complete
    assert all(row in lists[person] for person, row in enumerate(optimum.roster.rows))


def test_no_row_is_listed_for_a_target_below_the_lagrangian_bound_and_that_is_a_proof():
    # given
    master, pool = _converged_master(small_problem())

    # when
    with pool:
        lists, complete = master.enumerate(pool, int(master.lower_bound) - 1, time.monotonic() + 20)

    # then
    assert complete and lists == [set(), set(), set()]


def test_listing_more_rows_than_an_ip_can_take_gives_up(monkeypatch):
    # given: room for one row in all
    import muster_engine.solver.colgen as colgen

    monkeypatch.setattr(colgen, "ENUMERATE_MOST", 1)
    master, pool = _converged_master(small_problem())

    # when
    with pool:
        lists, complete = master.enumerate(pool, int(master.lower_bound) + 50, time.monotonic() + 20)

    # then
    assert lists is None and not complete


def test_the_rows_nearest_the_lp_are_as_many_as_asked_and_none_nearer_is_left_out():
    # given: the converged master, its duals, and every row that could be in a roster within 30 of the bound
    from muster_engine.solver.colgen import reduced_cost

    master, pool = _converged_master(small_problem())
    best = int(master.lower_bound) + 30
    with pool:
        duals, cheapest, bound = master._at_duals(pool, time.monotonic() + 20)
        every = [master.pricers[p].within(duals[p], cheapest[p] + best - 1 - bound, 20, 10**6)[0]
                 for p in range(master.n_people)]

        # when
        nearest = master.closest(pool, best, 10, time.monotonic() + 20)

    # then: about 10 rows of the many, each one that could be in a better roster, and every nearer row among them
    def distance(p, row):
        return reduced_cost(master.problem, p, row, duals[p]) - cheapest[p]

    listed = [(p, row) for p, rows in enumerate(nearest) for row in rows]
    assert 10 <= len(listed) < sum(map(len, every))
    assert all(row in every[p] for p, row in listed)
    furthest = max(distance(p, row) for p, row in listed)
    assert all(row in nearest[p] for p, rows in enumerate(every) for row in rows if distance(p, row) < furthest - 1e-6)


def test_rows_listed_for_rising_targets_find_the_optimum_and_prove_it(curtois_dir, monkeypatch):
    # given: Curtois 1, whose LP bound of 606.x leaves the optimum of 607 unproved by column generation alone, and
    # listing whatever the dives' roster (under load, one poor dive would otherwise leave too wide a gap to list)
    import muster_engine.solver.colgen as colgen
    from muster_engine.solver.curtois import read_instance, to_problem
    from muster_engine.solver.objective import evaluate

    monkeypatch.setattr(colgen, "ENUMERATE_GAP", 1.0)
    p = to_problem(read_instance(curtois_dir / "Instance1.txt"))

    # when: a second of dives, then the lists and IPs
    now = time.monotonic()
    result = generate(p, None, now + 20, workers=2, dive_until=now + 60, enumerate_from=now + 1)

    # then: every row that could be used was listed, and the IP's roster is the optimum, proved
    assert result.enumerated is not None and result.enumerated[1] == 1
    assert evaluate(Roster(p, tuple(result.dived))).total == 607
    assert integer_bound(result) == 607


class _FailingGlop:
    """The master's GLOP as seen in long runs: the first `fails` solves are ABNORMAL, and with `presolve_fails`
    every solve is while GLOP's presolve is on."""

    def __init__(self, lp, fails: int = 0, presolve_fails: bool = False):
        self._lp, self.fails, self.presolve_fails = lp, fails, presolve_fails
        self.settings, self.failures = "", 0

    def SetSolverSpecificParametersAsString(self, settings):  # noqa: N802 (pywraplp's name)
        self.settings = settings
        return self._lp.SetSolverSpecificParametersAsString(settings)

    def Solve(self, *parameters):  # noqa: N802
        from ortools.linear_solver import pywraplp

        if self.failures < self.fails or (self.presolve_fails and self.settings != "use_preprocessing: false"):
            self.failures += 1
            return pywraplp.Solver.ABNORMAL
        return self._lp.Solve(*parameters)

    def __getattr__(self, name):
        return getattr(self._lp, name)


def test_a_dive_goes_on_when_the_lp_fails_once_from_its_warm_start():
    # given: a converged master whose next LP solve fails, as GLOP's warm start has after hours of dives
    p = small_problem()
    master, pool = _converged_master(p)
    master.lp = _FailingGlop(master.lp, fails=1)

    # when
    with pool:
        rows = master.dive(pool, time.monotonic() + 10)

    # then: the LP was solved again from scratch, and the dive gave a roster
    assert master.lp.failures == 1
    assert rows is not None and len(rows) == 3


def test_a_dive_goes_on_when_glops_presolve_fails_warm_and_cold():
    # given: a converged master whose LP fails, warm start or not, until GLOP's presolve is off (Curtois 8 in a
    # re-dive with 16,215 columns)
    p = small_problem()
    master, pool = _converged_master(p)
    master.lp = _FailingGlop(master.lp, presolve_fails=True)

    # when
    with pool:
        rows = master.dive(pool, time.monotonic() + 10)

    # then: each solve failed warm and cold, then went through without presolve, which is switched back on after
    assert master.lp.failures >= 2
    assert rows is not None and len(rows) == 3
    assert master.lp.settings == ""


def test_the_nearest_rows_are_searched_halfway_to_the_bound_beside_best_less_one_until_settled(monkeypatch):
    # given: the converged master, a dive's roster, and a best said to be 10 above it; SCIP (faked) finds that
    # roster for any cutoff it keeps within and proves nothing exists below it
    import muster_engine.solver.colgen as colgen
    from muster_engine.solver.colgen import ColumnGeneration
    from muster_engine.solver.objective import evaluate

    master, pool = _converged_master(small_problem())
    with pool:
        rows = master.dive(pool, time.monotonic() + 20)
        master.release()
        cost = evaluate(Roster(master.problem, tuple(rows))).total
        result = ColumnGeneration(master.problem, master.columns, lower_bound=cost - 8.5, dived=rows)
        asked = []

        def pick(problem, columns, seconds, cutoff=None, **_):
            asked.append(cutoff)
            assert all(row in columns[p] for p, row in enumerate(rows))  # the dive's rows are always offered
            return (rows, None) if cutoff >= cost else (None, float("inf"))

        monkeypatch.setattr(colgen, "_pick", pick)

        # when
        best = colgen._pick_closest(master, pool, result, cost + 10, time.monotonic() + 30, None)

    # then: with the bound at cost - 8 and the best at cost + 10, the cutoffs halfway (cost) and best less one
    # (cost + 9) side by side, which find the roster; then halfway again (cost - 5) and cost - 1, which prove
    # nothing is cheaper, and it stops there
    assert best == cost and result.dived == rows
    assert sorted(asked[:2]) == [cost, cost + 9]
    assert sorted(asked[2:]) == [cost - 5, cost - 1]
