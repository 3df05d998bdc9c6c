"""Muster engine: pure-Python working time, pay, solver and queueing maths (never imports Django)."""
