"""Pay: rate tables, costing of duties and changes (through muster_engine.pay), overtime records and budgets."""
