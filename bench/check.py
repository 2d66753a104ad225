"""How fast `hso-budget check` is, as ratios to baselines measured in the same run.

    python bench/check.py [--repeat N]

Run with the Python of the environment hso-budget is installed in (its `hso-budget` console
script is taken from the same folder as `sys.executable`). Each figure is the best of N runs:
whole commands by wall clock in a subprocess, library calls by `time.perf_counter` in this
process. Memory is the peak resident set size (ru_maxrss) of a `hso-budget check` process,
read with `resource.getrusage(RUSAGE_CHILDREN)` in a process whose only child it is.
Exits 1 when a figure misses its target. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from hso_budget.runner import check_path
from measure import BUDGET, best, command, items_budget

ITEMS = 10_000
COPIES = 200
MEMORY_LIMIT_MB = 200
MISSPELT = 3_000






def console_script() -> str:
    folder = Path(sys.executable).parent
    for name in ("hso-budget", "hso-budget.exe"):
        if (folder / name).exists():
            return str(folder / name)
    sys.exit(f"bench: no hso-budget console script next to {sys.executable}; run with the venv's python")




def misspelt_budget(folder: Path, count: int) -> Path:
    """data/budget.yaml with `count` more categories, each with `lable:` for `label:`."""
    lines = "".join(f"  - {{id: extra{n}, lable: Extra {n}, per_period: 1}}\n" for n in range(count))
    path = folder / f"misspelt-{count}.yaml"
    path.write_text(BUDGET.read_text("utf-8").replace("costs:\n", "costs:\n" + lines, 1), "utf-8")
    return path


def load_yaml(path: Path) -> object:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def peak_memory_mb(*args: str) -> float:
    """Peak RSS of the command, in MiB: ru_maxrss of the only child of a fresh Python process."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return int(out) * unit / (1024 * 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", "-n", type=int, default=5, help="runs per figure (the best counts)")
    repeat = parser.parse_args().repeat
    if not yaml.__with_libyaml__:
        sys.exit("bench: PyYAML without libyaml; the baselines need yaml.CSafeLoader")
    script = console_script()
    results = []  # (figure, measured, target, unit, detail)

    imports = best(command(sys.executable, "-c", "import yaml, pydantic, typer, rich"), repeat)
    check_one = best(command(script, "check", str(BUDGET)), repeat)
    results.append(("hso-budget check data/budget.yaml / python -c 'import yaml, pydantic, typer, rich'",
                    check_one / imports, 1.3, "×", f"{check_one * 1000:.0f} ms / {imports * 1000:.0f} ms"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = items_budget(folder, ITEMS)
        report = check_path(big)
        assert report.calculation is not None, [p.message for p in report.errors]
        loaded = best(lambda: load_yaml(big), repeat)
        checked = best(lambda: check_path(big), repeat)
        results.append((f"check_path of a budget with {ITEMS} items / yaml.load(CSafeLoader)",
                        checked / loaded, 1.5, "×", f"{checked * 1000:.0f} ms / {loaded * 1000:.0f} ms"))

        copies = []
        for n in range(COPIES):
            copies.append(folder / f"budget-{n:03}.yaml")
            shutil.copy(BUDGET, copies[-1])
        loaded = best(lambda: [load_yaml(p) for p in copies], repeat)
        checked = best(lambda: [check_path(p) for p in copies], repeat)
        results.append((f"check_path of {COPIES} budgets / yaml.load(CSafeLoader) of them",
                        checked / loaded, 2.0, "×", f"{checked * 1000:.0f} ms / {loaded * 1000:.0f} ms"))

        # misspelt keys (each item lacks 'label' and has 'lable'): the did-you-mean search stays linear
        few, many = misspelt_budget(folder, MISSPELT), misspelt_budget(folder, 2 * MISSPELT)
        checked_few = best(lambda: check_path(few), repeat)
        checked_many = best(lambda: check_path(many), repeat)
        results.append((f"check_path of {2 * MISSPELT} misspelt keys / of {MISSPELT} (linear: 2×)",
                        checked_many / checked_few, 2.5, "×",
                        f"{checked_many * 1000:.0f} ms / {checked_few * 1000:.0f} ms"))

        memory = peak_memory_mb(script, "check", str(big))
        results.append((f"peak RSS of hso-budget check, {ITEMS} items (ru_maxrss)", memory, MEMORY_LIMIT_MB, " MiB",
                        ""))

    failed = 0
    for figure, measured, target, unit, detail in results:
        ok = measured <= target
        failed += not ok
        shown = f"{measured:.2f}{unit}" if unit == "×" else f"{measured:.0f}{unit}"
        print(f"{'PASS' if ok else 'FAIL'}  {figure}: {shown} (target ≤ {target}{unit})  {detail}".rstrip())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
