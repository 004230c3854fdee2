"""Machine coders: which coders make suggestions, not codings (no YAML, no locks: read on every report)."""

from __future__ import annotations

from typing import Any

from qualcode.errors import InvalidData

MACHINE_CODER = "auto"
"""The coder that keyword auto-coding writes under; always a machine coder."""


def machine_coders(settings: dict[str, Any] | None) -> frozenset[str]:
    """Return the machine coders of a project: ``auto`` and those of ``machine_coders``.

    ``qualcode.yaml`` may list more under ``machine_coders`` (another tool's
    suggestions imported as a coder, say). Their segments are suggestions,
    not codings: reports leave them out unless asked for by name
    (``--coder auto``) or with ``--include-auto``.

    Args:
        settings: The project settings (``qualcode.yaml``).

    Raises:
        InvalidData: ``machine_coders`` is not a list of names.
    """
    value = (settings or {}).get("machine_coders") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidData(
            "machine_coders must be a list of coder names",
            path="qualcode.yaml",
            hint="write machine_coders: [auto, other-tool]",
        )
    return frozenset({MACHINE_CODER, *value})
