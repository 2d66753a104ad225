"""hso-budget: budgets and co-financing for publicly co-financed regional development projects."""

__version__ = "0.1.0"
