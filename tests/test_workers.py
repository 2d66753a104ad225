"""`check` of many files shares them among worker processes: same reports, same order, same output."""

from __future__ import annotations

import os
import sys
import time

import pytest

from hso_budget import check_command, i18n, workers
from hso_budget.followup import files as followup_files
from support.corpus import CHECKED_FILES, ROOT

PARENT = os.getpid()
FILES = [str(p) for p in [*CHECKED_FILES, *sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.yaml"))]] + [
    "no/such/budget.yaml"]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def _pid_and(item: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough for every worker to have started before the items run out
    return os.getpid(), item


def _die_in_a_worker(item: int) -> int:
    if os.getpid() != PARENT and item == 13:
        os._exit(1)  # as if killed, or crashed inside C code
    return 2 * item


_real_check_any = followup_files.check_any


def _fail_on_budget(path, *args, **kwargs):
    if path.endswith("data/budget.yaml"):
        raise RuntimeError("broken on purpose")
    return _real_check_any(path, *args, **kwargs)


@pytest.fixture
def cpus(monkeypatch):
    """`cpus(n)`: the CPUs `workers` sees (1: one file after the other in this process); it gives the
    list of the processes each `ordered_map` call ran its items in, filled as the calls are made."""
    ran_in: list[set[int]] = []
    real = workers.ordered_map

    def spied(function, items, *args):
        results = real(_Spied(function), items, *args)
        ran_in.append({pid for pid, _ in results})
        return [result for _, result in results]

    def use(count: int) -> list[set[int]]:
        monkeypatch.setattr(workers, "cpus", lambda: count)
        monkeypatch.setattr(workers, "ordered_map", spied)
        return ran_in
    return use


class _Spied:
    """A function that also says which process ran it (picklable, as the workers need)."""

    def __init__(self, function):
        self.function = function

    def __call__(self, item):
        return os.getpid(), self.function(item)


def test_many_items_go_to_other_processes_and_come_back_in_order(cpus):
    cpus(3)
    results = workers.ordered_map(_pid_and, list(range(60)), 5)
    assert [item for _, item in results] == list(range(60))
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids and len(pids) >= 2


def test_few_items_or_one_cpu_stay_in_this_process(cpus):
    cpus(4)
    assert {pid for pid, _ in workers.ordered_map(_pid_and, list(range(7)), 8)} == {os.getpid()}
    cpus(1)
    assert {pid for pid, _ in workers.ordered_map(_pid_and, list(range(100)), 1)} == {os.getpid()}


def test_a_worker_that_dies_does_not_stop_the_others_or_lose_results(cpus):
    cpus(2)
    assert workers.ordered_map(_die_in_a_worker, list(range(40)), 4) == [2 * i for i in range(40)]


def test_the_workers_find_what_one_process_finds(cpus):
    assert len(FILES) >= 2 * workers.FILES_PER_WORKER
    cpus(1)
    alone = check_command.check_files(FILES, tables=False)
    ran_in = cpus(2)
    shared = check_command.check_files(FILES, tables=False)
    assert ran_in[0] == {os.getpid()} and len(ran_in[1]) == 2 and os.getpid() not in ran_in[1]
    assert [r.file for r in shared] == FILES
    assert [r.problems for r in shared] == [r.problems for r in alone]
    assert any(r.problems for r in shared) and any(not r.problems for r in shared)
    assert any(p.check == "unreadable" for r in shared for p in r.problems)


@pytest.mark.parametrize("output_format", ["parsable", "github", "json"])
def test_check_prints_the_same_from_workers(cpus, capsys, output_format):
    printed = []
    for count in (1, 2):
        ran_in = cpus(count)
        with i18n.using("sv"):
            code = check_command.run(FILES, output_format, strict=False, quiet=False, lang="sv")
        printed.append((code, capsys.readouterr().out))
    assert len(ran_in[-1]) == 2  # the second run was shared among two workers
    assert printed[0] == printed[1]
    assert printed[1][0] == 2 and "budget.yaml" in printed[1][1]


def test_an_internal_error_in_a_worker_is_that_files_problem(cpus, monkeypatch):
    monkeypatch.setattr(followup_files, "check_any", _fail_on_budget)  # the forked workers inherit it
    cpus(2)
    reports = check_command.check_files(FILES, tables=False)
    broken = [p for r in reports for p in r.problems if p.check == "internal"]
    assert [(p.file, "broken on purpose" in p.message) for p in broken] == [(FILES[0], True)]
    assert reports[1].problems == _real_check_any(FILES[1]).problems
