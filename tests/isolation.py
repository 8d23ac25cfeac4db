"""Keep a developer's configuration out of the test suite: no `.env` file and no exported TalkFace variable may
change what the tests run against. ``tests/conftest.py`` calls :func:`isolate` before anything imports the
settings; the stack's processes inherit the cleaned environment."""

from __future__ import annotations

import importlib
import os
from collections.abc import MutableMapping

# Read by scripts/devstack.py rather than by a settings class.
DEVSTACK_VARIABLES = frozenset({"TALKFACE_LLM_THREADS"})
# Knobs of the test suite itself, kept.
TEST_VARIABLES = frozenset({"TF_TEST_LOG_LEVEL"})


def talkface_variables(environ: MutableMapping[str, str]) -> set[str]:
    """The names in ``environ`` that some TalkFace settings class (or the dev stack) reads: every field's
    variable, and anything under a settings env prefix (``VOICE_``, ``LIMIT_`` ...) or ``TALKFACE_``."""
    from scripts.gen_env_example import APPS, env_name
    from shared.settings import CommonSettings, Limits

    classes = [CommonSettings, Limits, *(getattr(importlib.import_module(module), cls) for _, module, cls in APPS)]
    names = {env_name(cls, field).upper() for cls in classes for field in cls.model_fields if field != "limits"}
    names |= DEVSTACK_VARIABLES
    prefixes = (*({str(cls.model_config.get("env_prefix") or "") for cls in classes} - {""}), "TALKFACE_")
    return {
        key
        for key in environ
        if key.upper() not in TEST_VARIABLES and (key.upper() in names or key.upper().startswith(prefixes))
    }


def isolate(environ: MutableMapping[str, str] = os.environ) -> set[str]:
    """No app started by the suite reads a `.env` (TALKFACE_ENV_FILE empty); exported TalkFace variables are
    removed. Returns the names removed."""
    environ["TALKFACE_ENV_FILE"] = ""
    removed = talkface_variables(environ) - {"TALKFACE_ENV_FILE"}
    for key in removed:
        del environ[key]
    return removed
