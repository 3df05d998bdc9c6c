"""Contact-centre demand: call history per queue, stored forecasts, interval requirements by Erlang, shift design."""
