"""How fast `hso-budget check` is, as ratios to baselines measured in the same run.

    python bench/check.py [--repeat N] [--only startup|library]

Run with the Python of the environment hso-budget is installed in (its `hso-budget` console
script, and `check-jsonschema` from `pip install check-jsonschema`, are taken from the same
folder as `sys.executable`). Start-up figures are ratios of the best and of the median of N
(default 41, at least 15) runs, each run in a subprocess with its output read from a pipe,
after one warm-up run of each command, the commands taking turns; bytecode caches are used as
in a user's shell (PYTHONDONTWRITEBYTECODE is not passed on). The baselines are
bench/baseline.py (yaml, typer, rich and one pydantic model validating one dict) and
`check-jsonschema --schemafile schema/budget.schema.json data/budget.yaml`. Library calls are
timed by `time.perf_counter` in this process, best of N / 2 (at least 15), each check and its
loader baseline taking turns (as the commands do), with the garbage collector set as the
console script sets it for every command (`console.tune_collector`); many budgets are checked
as `check --quiet` and the parsable, github and JSON formats check them
(`check_command.check_files` without tables: in worker processes on a machine with more than
one CPU, the problems coming back), against the C loader in this one process; the same check in
one process is shown beside it, without a target. Memory is the peak resident set size
(ru_maxrss) of a `hso-budget check` process, read with `resource.getrusage(RUSAGE_CHILDREN)` in
a process whose only child it is.
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

from hso_budget.check_command import check_files
from hso_budget.console import tune_collector
from hso_budget.followup.files import check_any
from hso_budget.runner import check_path
from hso_budget.workers import cpus
from measure import BUDGET, ROOT, best, best_and_median, command, items_budget

ITEMS = 10_000
COPIES = 200
MANY_COPIES = 2_000
MEMORY_LIMIT_MB = 200
MISSPELT = 3_000
BASELINE = ROOT / "bench" / "baseline.py"
SCHEMA = ROOT / "schema" / "budget.schema.json"


def console_script(script: str = "hso-budget", install: str = "pip install -e .") -> str:
    folder = Path(sys.executable).parent
    for name in (script, f"{script}.exe"):
        if (folder / name).exists():
            return str(folder / name)
    sys.exit(f"bench: no {script} console script next to {sys.executable}; run with the venv's python ({install})")


def startup(results: list, figure: str, times: tuple[float, float], baseline: tuple[float, float],
            target: float) -> None:
    """Best and median against the baseline's: both must be at or under the target."""
    for which, t, b in zip(("best", "median"), times, baseline):
        results.append((f"{figure} ({which})", t / b, target, "×", f"{t * 1000:.0f} ms / {b * 1000:.0f} ms"))


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
    parser.add_argument("--repeat", "-n", type=int, default=41,
                        help="runs per start-up figure (default 41, at least 15); library figures: half, at least 15")
    parser.add_argument("--only", choices=("startup", "library"), help="only the start-up or only the library figures")
    args = parser.parse_args()
    repeat = args.repeat
    if repeat < 15:
        parser.error("--repeat: at least 15 runs, or a best and a median say little")
    if not yaml.__with_libyaml__:
        sys.exit("bench: PyYAML without libyaml; the baselines need yaml.CSafeLoader")
    script = console_script()
    results = []  # (figure, measured, target (None: shown for comparison), unit, detail)
    if args.only != "library":
        startup_figures(results, script, repeat)
    if args.only != "startup":
        library_figures(results, script, max(15, repeat // 2))

    failed = 0
    for figure, measured, target, unit, detail in results:
        shown = f"{measured:.2f}{unit}" if unit == "×" else f"{measured:.0f}{unit}"
        if target is None:  # for comparison, without a target
            print(f"INFO  {figure}: {shown}  {detail}".rstrip())
            continue
        ok = measured <= target
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {figure}: {shown} (target ≤ {target}{unit})  {detail}".rstrip())
    return 1 if failed else 0


def startup_figures(results: list, script: str, repeat: int) -> None:
    validator = console_script("check-jsonschema", "pip install check-jsonschema")
    budget = str(BUDGET)
    times = best_and_median({
        "baseline": command(sys.executable, str(BASELINE), pipe=True),
        "schema": command(validator, "--schemafile", str(SCHEMA), budget, pipe=True),
        "text": command(script, "check", budget, pipe=True),
        "parsable": command(script, "check", "--format", "parsable", budget, pipe=True),
    }, repeat)
    startup(results, "hso-budget check data/budget.yaml / bench/baseline.py", times["text"], times["baseline"], 1.25)
    startup(results, "hso-budget check --format parsable data/budget.yaml / bench/baseline.py", times["parsable"],
            times["baseline"], 1.1)
    startup(results, "hso-budget check --format parsable data/budget.yaml / check-jsonschema", times["parsable"],
            times["schema"], 0.7)


def library_figures(results: list, script: str, repeat: int) -> None:
    tune_collector()  # as `hso-budget check` runs the library
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = items_budget(folder, ITEMS)
        report = check_path(big)
        assert report.calculation is not None, [p.message for p in report.errors]
        del report  # kept alive, its 10 000 items would be walked by every garbage collection below
        timed = best_and_median({"load": lambda: load_yaml(big), "check": lambda: check_path(big)}, repeat)
        loaded, checked = timed["load"][0], timed["check"][0]
        results.append((f"check_path of a budget with {ITEMS} items / yaml.load(CSafeLoader)",
                        checked / loaded, 1.5, "×", f"{checked * 1000:.0f} ms / {loaded * 1000:.0f} ms"))

        growth = {}  # count: (check, load) time per budget
        for count, target in ((COPIES, 1.5), (MANY_COPIES, 1.5)):
            copies = []
            for n in range(count):
                copies.append(folder / f"budget-{n:04}.yaml")
                shutil.copy(BUDGET, copies[-1])
            runs = max(3, repeat * COPIES // count)
            names = [str(p) for p in copies]
            timed = best_and_median({"load": lambda: [load_yaml(p) for p in copies],
                                     "check": lambda: check_files(names, tables=False),
                                     "one process": lambda: [check_any(p).for_output(tables=False) for p in names]},
                                    runs)
            loaded, checked, alone = timed["load"][0], timed["check"][0], timed["one process"][0]
            growth[count] = (checked / count, loaded / count)
            results.append((f"check of {count} budgets ({cpus()} CPUs) / yaml.load(CSafeLoader) of them",
                            checked / loaded, target, "×", f"{checked * 1000:.0f} ms / {loaded * 1000:.0f} ms"))
            results.append((f"check of {count} budgets in one process / yaml.load(CSafeLoader) of them",
                            alone / loaded, None, "×", f"{alone * 1000:.0f} ms / {loaded * 1000:.0f} ms"))
            for path in copies:
                path.unlink()
        (check_many, load_many), (check_few, load_few) = growth[MANY_COPIES], growth[COPIES]
        results.append((f"growth of check time per budget from {COPIES} to {MANY_COPIES} budgets / the loader's "
                        "(linear as loading: about 1)", (check_many / check_few) / (load_many / load_few), 1.2, "×",
                        f"{check_few * 1000:.2f} → {check_many * 1000:.2f} ms per budget"))

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


if __name__ == "__main__":
    sys.exit(main())
