"""The roster optimiser (OR-Tools CP-SAT): pure Python, no Django. Reached from Django only through
rostering/solving.py.

    from muster_engine.solver import Problem, SolveOptions, solve, explain
    solution = solve(problem, SolveOptions(time_limit=30))
    for line in explain(problem, solution.roster).sentences(): ...

problem.py holds the input dataclasses, constraints/ one module per rule, objective.py the sum of their
penalties, solve.py the search, explain.py the planner's account of a result, curtois.py the public benchmark.
"""

from .explain import Explanation, explain
from .problem import (
    Mode,
    Person,
    Problem,
    ProblemError,
    Request,
    Requirement,
    ShiftType,
    Unavailable,
    Weights,
    WorkRules,
)
from .roster import OFF, Assignment, Roster
from .solve import Progress, Solution, SolveOptions, build_model, solve

__all__ = [
    "OFF",
    "Assignment",
    "Explanation",
    "Mode",
    "Person",
    "Problem",
    "ProblemError",
    "Progress",
    "Request",
    "Requirement",
    "Roster",
    "ShiftType",
    "Solution",
    "SolveOptions",
    "Unavailable",
    "Weights",
    "WorkRules",
    "build_model",
    "explain",
    "solve",
]
