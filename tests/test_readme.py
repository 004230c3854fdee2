"""The README's tour runs as written, with the installed ``qualcode`` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tour_script() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- tour:start -->", 1)[1].split("<!-- tour:end -->", 1)[0]
    found = re.search(r"```sh\n(.*?)```", block, re.S)
    assert found is not None
    return found.group(1)


def test_readme_tour_runs(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "qualcode").exists() and shutil.which("qualcode") is None:
        pytest.skip("the qualcode command is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALCODE_")}
    env.update(
        {"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1", "COLUMNS": "100"}
    )
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + tour_script()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Code frequency" in result.stdout
    assert "(Clara 10/6/10, interview)" in result.stdout
    assert "3  Clara: Con la feria ganamos confianza" in result.stdout
    assert "[EMAIL-1]" in result.stdout
    for path in (tmp_path / "tesis").rglob("*"):
        if path.is_file() and ".qualcode" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Rosalía" not in text and "rosalia.fuentes" not in text, path
