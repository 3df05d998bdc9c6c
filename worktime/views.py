"""Pages of worktime: thin function-based views calling actions and queries."""
