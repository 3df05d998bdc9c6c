"""Cover: the live staffing board, reporting sickness on the day, ranked cover options and roll call."""
