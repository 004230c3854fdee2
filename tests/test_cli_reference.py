"""docs/cli.md (every command's ``--help``) and docs/api.md (docstrings) are current (cog --check)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current():
    env = {
        **os.environ,
        "COLUMNS": "200",
        "FORCE_COLOR": "1",
    }  # the generator must not depend on these
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "scripts", "docs/cli.md", "docs/api.md"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        "docs/cli.md or docs/api.md is stale: run `just docs` (cog -r -I scripts docs/cli.md docs/api.md)\n"
        + result.stdout
        + result.stderr
    )


def test_cli_reference_has_every_command():
    from qualcode.cli._commands import COMMANDS

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"# qualcode {name}\n" in text, name


def test_docs_index_lists_every_doc_and_readme_links_it():
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for doc in sorted((ROOT / "docs").glob("*.md")):
        if doc.name != "README.md":
            assert f"]({doc.name})" in index, f"docs/README.md does not list {doc.name}"
    assert "(docs/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
