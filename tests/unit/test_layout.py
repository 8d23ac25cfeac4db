"""The same rooms in every service, the import contracts, and deploy commands that name real modules.

The rooms (README, "Where things are"):
- ``main.py`` (app factory + lifespan) and ``settings.py`` (pydantic-settings): every service;
- ``api.py`` (thin routes; a separate group of routes may have its own ``<topic>_api.py``), ``service.py``
  (the operations behind the routes: checking a request, storing its inputs, queueing its job) and ``deps.py``
  (the app's typed state and the dependency routes take it by): every service that serves feature routes,
  all three or none;
- ``worker.py`` (job actors): exactly the services whose code queues jobs, and the deploy files start workers
  for those services only;
- ``backends/``: where a service chooses between engines.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/__init__.py"))
WEB_ROOMS = ("api.py", "service.py", "deps.py")


def service_dir(service: str) -> Path:
    return ROOT / "services" / service


def queues_jobs(service: str) -> bool:
    """Whether the service's code (its worker aside) puts jobs on a queue."""
    return any(
        "submit_job(" in path.read_text() for path in service_dir(service).rglob("*.py") if path.name != "worker.py"
    )


def own_imports(path: Path, package: str) -> set[str]:
    """Modules of ``package`` that the file at ``path`` imports (``from package import x`` counts ``x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == package:
                found |= {f"{package}.{alias.name}" for alias in node.names}
            elif node.module.startswith(f"{package}."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(f"{package}.")}
    return found


# -- the import contracts ---------------------------------------------------------------------------------------
def test_import_contracts_hold() -> None:
    """Services never import each other; shared imports no service and not the gateway; the gateway imports
    only shared (pyproject.toml, ``[tool.importlinter]``)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.is_file(), "import-linter is missing: install the dev extra (requirements/dev.txt)"
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken", result.stdout), result.stdout


def test_every_service_is_under_the_independence_contract() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    (independence,) = [c for c in contracts if c["type"] == "independence"]
    assert sorted(independence["modules"]) == [f"services.{s}" for s in SERVICES]


# -- the rooms --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("service", SERVICES)
def test_rooms(service: str) -> None:
    directory = service_dir(service)
    assert (directory / "main.py").is_file() and (directory / "settings.py").is_file(), service
    web = {room: (directory / room).is_file() for room in WEB_ROOMS}
    assert all(web.values()) or not any(web.values()), f"{service}: api.py, service.py, deps.py go together: {web}"
    has_worker = (directory / "worker.py").is_file()
    assert has_worker == queues_jobs(service), f"{service}: worker.py exists exactly where jobs are queued"
    main = importlib.import_module(f"services.{service}.main")
    assert callable(getattr(main, "create_app", None)) and callable(getattr(main, "main", None)), service


def route_modules(service: str) -> list[Path]:
    """api.py and ``<topic>_api.py`` (a separate group of routes, such as the OpenAI-compatible ones)."""
    return sorted(p for p in service_dir(service).glob("*.py") if p.name == "api.py" or p.name.endswith("_api.py"))


@pytest.mark.parametrize("service", SERVICES)
def test_routes_live_in_route_modules_and_take_the_typed_state(service: str) -> None:
    """Routes are declared only in route modules; these reach the app's parts only through the typed state
    (deps.py: one dataclass extending ServiceState, taken as a dependency), never through the app (main),
    settings or the worker; api.py imports of its own service only service.py and deps.py."""
    package = f"services.{service}"
    routers = [p for p in service_dir(service).rglob("*.py") if "APIRouter(" in p.read_text()]
    assert set(routers) <= set(route_modules(service)), f"routes outside api.py / *_api.py: {routers}"
    for module in route_modules(service):
        imported = own_imports(module, package)
        assert not imported & {f"{package}.main", f"{package}.settings", f"{package}.worker"}, (module, imported)
    if (service_dir(service) / "api.py").is_file():
        # HTTP only: the operations are service.py's, the app's parts come in the typed state.
        assert own_imports(service_dir(service) / "api.py", package) == {f"{package}.service", f"{package}.deps"}
        source = (service_dir(service) / "deps.py").read_text()
        assert "(ServiceState)" in source and "depends_on_state(" in source, f"{service}: the typed state and alias"


def test_app_state_is_reached_one_way() -> None:
    """Only shared/app_state.py touches ``app.state`` (and the health router its metrics registry)."""
    access = re.compile(r"\bapp\.state(?:\.(\w+)|, \"(\w+)\")")
    offenders = []
    for path in [*ROOT.glob("gateway/**/*.py"), *ROOT.glob("services/**/*.py"), *ROOT.glob("shared/**/*.py")]:
        if path == ROOT / "shared" / "app_state.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if any((m.group(1) or m.group(2)) != "metrics_registry" for m in access.finditer(line)):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# -- deploy commands ------------------------------------------------------------------------------------------
def compose_commands() -> list[list[str]]:
    services = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["services"]
    return [[str(part) for part in svc["command"]] for svc in services.values() if isinstance(svc.get("command"), list)]


def k8s_commands() -> list[list[str]]:
    commands = []
    for path in sorted((ROOT / "deploy" / "k8s").rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            pod = (doc or {}).get("spec", {}).get("template", {}).get("spec", {})
            for container in pod.get("containers", []) + pod.get("initContainers", []):
                commands.append([str(p) for p in container.get("command", []) + container.get("args", [])])
    return commands


def dockerfile_commands() -> list[list[str]]:
    text = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
    return [[str(p) for p in ast.literal_eval(m)] for m in re.findall(r"(?m)^CMD (\[.*\])$", text)]


def python_modules(command: list[str]) -> list[str]:
    return [command[i + 1] for i, part in enumerate(command[:-1]) if part == "-m"]


def devstack_modules() -> list[str]:
    """Modules scripts/devstack.py runs with ``-m``: literal ones, and ``services.{service}.<room>`` for each
    service it starts them for (workers only where a worker.py exists, which it checks)."""
    source = (ROOT / "scripts" / "devstack.py").read_text()
    modules = re.findall(r'"-m",\s*"([\w.]+)"', source)
    modules += re.findall(r'start_app\([^)]*?"((?:gateway|services)\.[\w.]+)"', source)
    for room in re.findall(r'f"services\.\{service\}\.(\w+)"', source):
        if room == "worker":
            assert '/ "worker.py").exists()' in source, "devstack starts workers only where worker.py exists"
            modules += [f"services.{s}.worker" for s in SERVICES if (service_dir(s) / "worker.py").is_file()]
        else:
            modules += [f"services.{s}.{room}" for s in SERVICES]
    return modules


def test_every_module_a_deploy_command_names_exists() -> None:
    named: dict[str, str] = {}
    for where, commands in (
        ("docker-compose.yml", compose_commands()),
        ("k8s", k8s_commands()),
        ("Dockerfile", dockerfile_commands()),
    ):
        for command in commands:
            for module in python_modules(command):
                named.setdefault(module, where)
    for module in devstack_modules():
        named.setdefault(module, "devstack.py")
    ours = {m: w for m, w in named.items() if m.split(".")[0] in ("services", "gateway", "shared", "scripts")}
    assert {"gateway.main", *(f"services.{s}.main" for s in SERVICES)} <= set(ours), sorted(ours)
    for module, where in sorted(named.items()):
        assert importlib.util.find_spec(module) is not None, f"{where} runs `python -m {module}`: no such module"
    for module, where in sorted(ours.items()):
        imported = importlib.import_module(module)
        assert callable(getattr(imported, "main", None)), f"{where} runs {module}, which has no main()"
