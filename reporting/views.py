"""Pages of reporting: thin function-based views calling actions and queries."""
