"""SIE 4 ledger exports: a streaming reader, the `ledger:` mapping, and the project's actual costs."""
