"""How fast `hso-budget export` is, as ratios to baselines measured in the same run.

    python bench/export.py [--repeat N]

Run with the Python of the environment hso-budget is installed in. Each figure is the best
of N runs: library calls by `time.perf_counter` in this process, whole commands by wall
clock in a subprocess. Budgets: data/budget.yaml, and the same budget with Externa tjänster
as 2 000 line items (units × unit price), generated in a temporary folder. Baselines:
openpyxl saving an empty workbook, and checking the same file. Not a test: timings depend
on the machine.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

from hso_budget.runner import check_path
from hso_budget.xlsx import write_workbook
from measure import BUDGET, best, command, items_budget

ITEMS = 2_000






def empty_workbook() -> None:
    Workbook().save(io.BytesIO())




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure; the best is kept (default 7)")
    repeat = parser.parse_args().repeat
    script = str(Path(sys.executable).with_name("hso-budget"))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        empty = best(empty_workbook, repeat)
        print(f"baseline: openpyxl saves an empty workbook   {empty * 1000:8.1f} ms")
        for name, budget in (("data/budget.yaml", BUDGET), (f"{ITEMS} line items", items_budget(folder, ITEMS))):
            report = check_path(budget)
            out = folder / "out.xlsx"
            check = best(lambda: check_path(budget), repeat)
            export = best(lambda: write_workbook(report, out), repeat)
            check_cli = best(command(script, "check", "-q", str(budget)), repeat)
            export_cli = best(command(script, "export", "--xlsx", str(out), str(budget)), repeat)
            print(f"\n{name} ({budget.stat().st_size:,} bytes of YAML, {out.stat().st_size:,} bytes of xlsx)")
            print(f"  check (library)             {check * 1000:8.1f} ms")
            print(f"  write_workbook (library)    {export * 1000:8.1f} ms   "
                  f"{export / empty:5.1f}× empty workbook   {export / check:5.2f}× check")
            print(f"  hso-budget check (command)  {check_cli * 1000:8.1f} ms")
            print(f"  hso-budget export (command) {export_cli * 1000:8.1f} ms   {export_cli / check_cli:5.2f}× check")


if __name__ == "__main__":
    main()
