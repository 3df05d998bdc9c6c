"""Queueing and forecasting for contact centres (RULES.md § 7): pure Python, NumPy and SciPy, no Django.

- `erlang`: Erlang B / C / A service measures and the fewest agents for a service-level, ASA or abandonment
  target with an occupancy cap and shrinkage, one interval at a time or vectorised over many.
- `forecast`: calls per interval for the days after a history (daily totals x intraday profile).
- `synthetic`: a seeded, realistic NHS 111 call history for the demo, tests and benchmarks.
- `shift_design`: CP-SAT chooses how many people start which shift to cover a requirement curve.
"""
