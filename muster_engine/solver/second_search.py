"""A second branch-and-price search, in a process of its own, beside the dives and the searches after them.

On Curtois 6 and 7 the dives come within 1-3 of the best known in the first 60-140 s of 600 and find nothing
better after; only branch-and-price finds the last point, and which of its restarted trees holds the roster near
its root is luck (colgen._branch_and_price). In the main process it starts when the dives give way (Curtois 6:
at 234 s), so it searches about 350 s; started here as soon as the dives are within SECOND_SEARCH_GAP of the bound,
a second search on its own seed adds 520 s of trees on 6. A process, not a thread: a node's Python work (listing,
duals, the sequence pricer's relaxation) holds the GIL, and two searches in threads branched 308 times in 150 s
together against 255 for one; in two processes, 235 times in 100 s against 190.

The two processes share the cost to beat (both aim below the better of them) and a stop flag; rosters and the
final bound come back over a queue, and the main process takes them whenever it looks (`SecondSearch.take`).
Nothing here is needed for a result: a second search that fails to start, crashes or finds nothing changes nothing.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from .problem import Problem

# The dives' roster within this share of the bound before the second search starts: Curtois 6 (1951-1953 against
# 1949) and 7 (1057 against 1054-1055) are, from 58 s and 136 s of 600; 8 (1304-1313 against 1296) is not, and its
# dives, which still improve until 240-330 s, keep both cores.
SECOND_SEARCH_GAP = 0.003
# Long enough for the process to start (imports, its master's models: about 3 s) and search some trees.
SECOND_SEARCH_SECONDS = 60.0
STOP_WAIT = 10.0  # most the main process waits for the second search to stop and report

log = logging.getLogger(__name__)


class SecondSearch:
    """Branch-and-price for a roster better than `best` from `columns`, in another process, until `deadline` (a
    time.monotonic() value: the clock is the machine's, the same in every process) or `close()`."""

    def __init__(self, problem: Problem, columns: list[list[tuple[int, ...]]], rows: list[tuple[int, ...]],
                 best: int, lower_bound: float, deadline: float, workers: int, seed: int) -> None:
        # Spawn, not fork: the main process runs solver threads, and a forked copy of their locks can deadlock.
        context = multiprocessing.get_context("spawn")
        self.shared = context.Value("q", best)  # the cost to beat, lowered by either process
        self.stop = context.Event()
        self.messages = context.Queue()
        self.seen = best  # the best cost heard from the second search
        self.bound: float | None = None
        self.error: str | None = None
        self.done = False
        self.closed = False  # stopped, and its last news taken
        self.process = context.Process(
            target=_search, daemon=True, name="muster-second-search",
            args=(problem, columns, rows, best, lower_bound, deadline, workers, seed, self.shared, self.stop,
                  self.messages))
        self.process.start()

    def take(self, result, best: int, on_roster: Callable[[int, int], None] | None = None) -> int:
        """Trade news with the second search: tell it `best`, adopt any better roster it found into `result`
        (a ColumnGeneration) and raise `result`'s bound to its proof. Returns the best cost known anywhere."""
        with self.shared.get_lock():
            self.shared.value = min(self.shared.value, best)
        while not self.closed:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                break
            self._read(message, result, best, on_roster)
            best = min(best, self.seen)
        if self.bound is not None:
            result.lower_bound = max(result.lower_bound, self.bound)
        return min(best, self.seen)

    def _read(self, message: tuple, result, best: int, on_roster) -> None:
        from .colgen import integer_bound

        kind, value = message
        if kind == "roster":
            cost, rows = value
            if cost < self.seen:
                self.seen = cost
                if cost < best:
                    result.dived = rows
                    if on_roster is not None:
                        on_roster(cost, integer_bound(result))
        elif kind == "bound":
            self.bound = value if self.bound is None else max(self.bound, value)
        elif kind == "error":
            self.error = value
            log.warning("the second branch-and-price search failed, and the first went on alone: %s", value)
        elif kind == "done":
            self.done = True

    def close(self, result, best: int, on_roster: Callable[[int, int], None] | None = None) -> int:
        """Stop the second search, wait (up to STOP_WAIT) for its last news, and take it: returns the best cost."""
        self.stop.set()
        waited_until = time.monotonic() + STOP_WAIT
        while not self.done and time.monotonic() < waited_until:
            try:
                self._read(self.messages.get(timeout=max(0.01, waited_until - time.monotonic())), result, best,
                           on_roster)
            except queue.Empty:
                break
            best = min(best, self.seen)
        best = self.take(result, best, on_roster)
        self.process.join(timeout=1.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=1.0)
        self.messages.close()
        self.closed = True
        return best


def _search(problem: Problem, columns: list[list[tuple[int, ...]]], rows: list[tuple[int, ...]], best: int,
            lower_bound: float, deadline: float, workers: int, seed: int, shared, stop, messages) -> None:
    """The second process: its own master over the columns, converged, then branch-and-price on its own seed."""
    from .colgen import ColumnGeneration, Master, _branch_and_price

    try:
        master = Master(problem, workers)
        master.deadline = deadline
        for p, listed in enumerate(columns):
            for row in listed:
                master.add_column(p, row)
        result = ColumnGeneration(problem, master.columns, lower_bound=lower_bound, dived=rows)

        def found(cost: int, _bound: int) -> None:
            with shared.get_lock():
                shared.value = min(shared.value, cost)
            messages.put(("roster", (cost, result.dived)))

        def elsewhere(mine: int) -> int:
            return min(mine, shared.value)

        with ThreadPoolExecutor(max_workers=master.workers) as pool:
            if master.converge(pool, deadline, stop.is_set):
                result.lower_bound = max(result.lower_bound, master.lower_bound)
                _branch_and_price(master, pool, result, elsewhere(best), deadline, found, stop.is_set, seed,
                                  elsewhere)
        messages.put(("bound", result.lower_bound))
    except Exception as error:  # the main process goes on without it, and says why
        messages.put(("error", f"{type(error).__name__}: {error}"))
    finally:
        messages.put(("done", None))
