"""Settings read from the environment, each with help text.

Every call registers the setting in :data:`REGISTRY`, from which
``manage.py settings_reference`` writes ``docs/settings.md``: the reference can never
drift from what the code reads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SettingDoc:
    name: str
    kind: str
    default: str
    help: str


REGISTRY: dict[str, SettingDoc] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _register(name: str, kind: str, default: Any, help: str) -> str | None:
    REGISTRY[name] = SettingDoc(name=name, kind=kind, default=repr(default), help=help)
    return os.environ.get(name)


def env_str(name: str, default: str, help: str) -> str:
    raw = _register(name, "string", default, help)
    return default if raw is None else raw


def env_optional(name: str, help: str) -> str | None:
    raw = _register(name, "string", None, help)
    return raw or None


def env_bool(name: str, default: bool, help: str) -> bool:
    raw = _register(name, "boolean", default, help)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, help: str) -> int:
    raw = _register(name, "integer", default, help)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str], help: str) -> list[str]:
    raw = _register(name, "comma-separated list", ",".join(default), help)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]
