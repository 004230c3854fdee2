"""Lazy package exports (PEP 562): a package names its public objects without importing them.

``import qualcode.pseudonymise.key`` runs the package's ``__init__`` first; with
lazy exports that costs nothing, so a command loads only the modules it uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for a package that exports names lazily.

    Args:
        package: The package's ``__name__`` (for the error message).
        exports: Public name -> the module (absolute dotted name) that defines it.

    Returns:
        The two module-level functions; assign them in the package's ``__init__``.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__


__all__ = ["lazy_exports"]
