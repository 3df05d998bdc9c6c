"""Events and operations: pre-planned events, mutual aid and major incidents, their staffing and cost."""
