"""Keeps the local stack's children running, as compose's ``restart: unless-stopped`` does in a deployment.

A child that dies without being asked to is reported loudly (name, exit code or signal, its last log lines) on
the console and in ``var/log/supervisor.log``, then started again after an exponential back-off (1 s, 2 s, 4 s
... 30 s); the back-off starts over once a child has stayed up for a minute. A child stopped on purpose
(``Stack.stop_proc``, ``Stack.stop_all``, ``make stop``) is never restarted.

Hand-written rather than supervisord/circus: those would own the processes, their logs and their ports, while
the dev stack must keep starting everything itself (free ports for the tests, pid files for ``make stop``); the
policy here is a poll loop and a doubling delay.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RestartPolicy:
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    stable_after_s: float = 60.0

    def delay(self, failures_in_a_row: int) -> float:
        """Wait before restart number ``failures_in_a_row`` (1 for the first failure of a streak)."""
        return min(self.max_delay_s, self.first_delay_s * 2 ** max(0, failures_in_a_row - 1))

    def streak(self, previous_streak: int, uptime_s: float) -> int:
        """Failures in a row, counting this one: a child that had stayed up long enough starts a new streak."""
        return 1 if uptime_s >= self.stable_after_s else previous_streak + 1


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with code {returncode}"


def last_lines(path: Path, count: int = 15) -> list[str]:
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 16384))
            return fh.read().decode(errors="replace").splitlines()[-count:]
    except OSError:
        return []


class Announcer:
    """Says what the supervisor does where a person will see it: stderr and ``supervisor.log``."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._lock = threading.Lock()

    def __call__(self, message: str) -> None:
        stamped = f"[devstack {time.strftime('%H:%M:%S')}] {message}"
        with self._lock:
            print(stamped, file=sys.stderr, flush=True)
            with self.log_path.open("a", encoding="utf-8") as fh:
                fh.write(stamped + "\n")


class Watcher:
    """A daemon thread calling ``check`` every ``interval_s`` until stopped."""

    def __init__(self, check: Callable[[], None], interval_s: float = 0.5) -> None:
        self._check = check
        self._interval_s = interval_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="devstack-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(10)

    def _run(self) -> None:
        while not self._stopped.wait(self._interval_s):
            try:
                self._check()
            except Exception as exc:  # the watcher must outlive a failed restart; the next poll tries again
                print(f"[devstack] supervisor error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)


SUPERVISOR_PIDFILE = "devstack.pid"


def _is_devstack(pid: int) -> bool:
    """Whether ``pid`` is a running ``make run`` (a stale pid file may name a process that reused the pid)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    return not cmdline.exists() or b"devstack" in cmdline.read_bytes()


def stop_from_pidfiles(var_dir: Path, wait_s: float = 90) -> None:
    """``make stop``: end what a previous ``make run`` left running. Its supervisor is asked first (it stops its
    children and restarts none); whatever is left is ended by its pid file, which goes before the signal so a
    supervisor that still watches knows the death was asked for."""
    run_dir = var_dir / "run"
    supervisor = run_dir / SUPERVISOR_PIDFILE
    if supervisor.exists():
        try:
            pid = int(supervisor.read_text())
        except ValueError:
            pid = 0
        if pid and pid != os.getpid() and _is_devstack(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + wait_s
            while _is_devstack(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            print(f"stopped the supervisor (pid {pid})")
        supervisor.unlink(missing_ok=True)
    for pidfile in sorted(run_dir.glob("*.pid")):
        try:
            pid = int(pidfile.read_text())
        except ValueError:
            pid = 0
        pidfile.unlink(missing_ok=True)
        try:
            os.killpg(pid, signal.SIGTERM)
            print(f"stopped {pidfile.stem}")
        except (ProcessLookupError, PermissionError, ValueError, OSError):
            pass
