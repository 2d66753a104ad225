"""Following the budget through the project: actual costs per reporting period against the approved
budget, the deviation rule, the payment claim per financier and the change request.

Its files live next to the budget (`follow-up.yaml`, `actuals/<period>.yaml`); the core budget
format does not know them. It computes actual costs with the core calculator.
"""
