"""The dev stack's supervisor with real child processes (``sleep``): a child that dies unasked is reported and
started again after its back-off; one stopped on purpose (``stop_proc``, ``make stop``) is not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.devstack import Stack
from scripts.supervisor import RestartPolicy, describe_exit, stop_from_pidfiles

SLEEPER = ["sleep", "600"]


def eventually(predicate: Callable[[], object], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:g} s")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    stack = Stack(var_dir=tmp_path, restart_policy=RestartPolicy(first_delay_s=0.2, max_delay_s=0.8))
    try:
        yield stack
    finally:
        stack.stop_all()


def test_backoff_doubles_up_to_the_cap_and_starts_over_after_a_stable_run() -> None:
    policy = RestartPolicy(first_delay_s=1, max_delay_s=30, stable_after_s=60)
    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    assert policy.streak(previous_streak=4, uptime_s=5) == 5
    assert policy.streak(previous_streak=4, uptime_s=61) == 1
    assert describe_exit(-signal.SIGKILL) == "killed by SIGKILL" and describe_exit(3) == "exited with code 3"


def test_a_killed_child_is_reported_and_restarted(stack: Stack) -> None:
    first = stack.spawn("sleeper", SLEEPER)
    stack.supervise()
    os.kill(first.popen.pid, signal.SIGKILL)
    eventually(lambda: stack.procs["sleeper"].popen.pid != first.popen.pid, "restart")
    restarted = stack.procs["sleeper"]
    assert restarted.popen.poll() is None and restarted.restarts == 1 and restarted.args == SLEEPER
    assert (stack.run_dir / "sleeper.pid").read_text() == str(restarted.popen.pid)
    report = (stack.log_dir / "supervisor.log").read_text()
    assert "sleeper" in report and "killed by SIGKILL" in report and "restarting in 0.2 s" in report
    # A second death in a row waits twice as long.
    os.kill(restarted.popen.pid, signal.SIGKILL)
    eventually(lambda: stack.procs["sleeper"].restarts == 2, "second restart")
    assert "restarting in 0.4 s (failure 2 in a row)" in (stack.log_dir / "supervisor.log").read_text()


def test_a_child_stopped_on_purpose_stays_stopped(stack: Stack) -> None:
    proc = stack.spawn("sleeper", SLEEPER)
    stack.supervise()
    stack.stop_proc("sleeper", sig=signal.SIGKILL)
    time.sleep(1.5)  # several watcher passes and longer than the back-off
    assert "sleeper" not in stack.procs and not alive(proc.popen.pid)
    assert not (stack.log_dir / "supervisor.log").exists()


def test_stop_all_restarts_nothing(stack: Stack) -> None:
    procs = [stack.spawn(f"sleeper-{i}", SLEEPER) for i in range(3)]
    stack.supervise()
    stack.stop_all()
    time.sleep(1.0)
    assert stack.procs == {} and not any(alive(p.popen.pid) for p in procs)
    assert not stack.supervised


def test_make_stop_ends_a_supervised_stack_without_restarts(tmp_path: Path) -> None:
    """``make stop`` from another process while ``make run`` supervises: the supervisor gets SIGTERM, stops its
    children and exits; nothing comes back."""
    script = (
        "import signal, sys, time\n"
        "from pathlib import Path\n"
        "from scripts.devstack import Stack\n"
        "from scripts.supervisor import SUPERVISOR_PIDFILE\n"
        "stack = Stack(var_dir=Path(sys.argv[1]))\n"
        "(stack.run_dir / SUPERVISOR_PIDFILE).write_text(str(__import__('os').getpid()))\n"
        "stopping = []\n"
        "signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))\n"
        "stack.spawn('sleeper', ['sleep', '600'])\n"
        "stack.supervise()\n"
        "print('up', flush=True)\n"
        "while not stopping and stack.procs:\n"
        "    time.sleep(0.2)\n"
        "stack.stop_all()\n"
    )
    root = Path(__file__).resolve().parents[2]
    supervisor = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], cwd=root, stdout=subprocess.PIPE, text=True
    )
    try:
        assert supervisor.stdout is not None and supervisor.stdout.readline().strip() == "up"
        child = int((tmp_path / "run" / "sleeper.pid").read_text())
        stop_from_pidfiles(tmp_path, wait_s=30)
        assert supervisor.wait(30) == 0
        eventually(lambda: not alive(child), "child stopped")
        assert list((tmp_path / "run").glob("*.pid")) == []
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def test_a_child_whose_pidfile_is_gone_was_stopped_from_outside(stack: Stack) -> None:
    """What ``make stop`` does when it cannot reach the supervisor: pid file first, then the signal."""
    proc = stack.spawn("sleeper", SLEEPER)
    stack.supervise()
    (stack.run_dir / "sleeper.pid").unlink()
    os.kill(proc.popen.pid, signal.SIGTERM)
    eventually(lambda: "sleeper" not in stack.procs, "dropped from supervision")
    assert "stopped from outside" in (stack.log_dir / "supervisor.log").read_text()


def test_make_stop_during_the_backoff_cancels_the_restart(tmp_path: Path) -> None:
    stack = Stack(var_dir=tmp_path, restart_policy=RestartPolicy(first_delay_s=3))
    try:
        proc = stack.spawn("sleeper", SLEEPER)
        stack.supervise()
        os.kill(proc.popen.pid, signal.SIGKILL)
        eventually(lambda: stack.procs["sleeper"].restart_at is not None, "restart scheduled")
        (stack.run_dir / "sleeper.pid").unlink()  # make stop, while the dead child waits out its back-off
        eventually(lambda: "sleeper" not in stack.procs, "dropped from supervision")
        time.sleep(3.5)
        assert "sleeper" not in stack.procs
        assert "sleeper restarted" not in (stack.log_dir / "supervisor.log").read_text()
    finally:
        stack.stop_all()
