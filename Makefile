# TalkFace — `make run` starts the whole stack on embedded defaults; `make test` runs the full suite.
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONUNBUFFERED := 1

.PHONY: help setup run stop logs test test-fast lint bench openapi sdk client clean

help:
	@echo "make run    - set up (first time) and start the whole local stack; prints the URL and dev API key"
	@echo "make stop   - stop what make run started"
	@echo "make logs   - follow the stack's logs"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff, mypy, and the SPA's eslint + tsc"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make openapi - assemble the public OpenAPI spec (sdk/openapi.json), the Python SDK and docs/errors.md"
	@echo "make sdk    - regenerate the Python SDK (sdk/python/talkface_client) from sdk/openapi.json"
	@echo "make client - regenerate the SPA's typed API client from sdk/openapi.json"

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) -m scripts.devstack run

stop:
	@$(PY) -m scripts.devstack stop

logs:
	@mkdir -p var/log && tail -n 50 -F var/log/*.log

test: setup
	$(PY) -m pytest -p no:cacheprovider --durations=15 $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -p no:cacheprovider -m "not slow" $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy shared gateway services ernerf scripts bench tests
	cd frontend && npm run lint

openapi: setup
	$(PY) -m scripts.export_openapi
	$(PY) -m scripts.gen_error_docs

sdk: setup
	$(PY) -m scripts.gen_sdk

client: setup
	cd frontend && npm run gen:api

bench: setup
	$(PY) bench/gateway_overhead.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
