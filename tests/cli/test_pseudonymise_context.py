"""Issue 11 through the CLI: decisions from context in the report, unsure findings in scan."""

from __future__ import annotations

import shutil
from pathlib import Path

KEY = Path(__file__).resolve().parents[1] / "fixtures" / "pseudonymisation" / "context-key.yaml"


def install_key(project):
    target = project.root / ".qualcode" / "people.yaml"
    shutil.copy(KEY, target)
    target.chmod(0o600)


def test_report_lists_decisions_without_real_text_unless_revealed(run, project, tmp_path):
    install_key(project)
    raw = tmp_path / "notas.txt"
    raw.write_text("Había flores.\nEstrella llegó con Lucho.\n", encoding="utf-8")
    result = run("pseudonymise", raw, "-p", project.root)
    assert result.stdout == "Había flores.\nGabriela llegó con Pipe.\n"
    assert "Decided from context" in result.stderr
    assert "an ordinary word in lower case" in result.stderr
    assert "2 decided from context (1 left as words or places)" in result.stderr
    assert "flores" not in result.stderr.lower().replace("left as words or places", "")
    revealed = run("pseudonymise", raw, "--reveal", "--dry-run", "-p", project.root)
    assert "flores" in revealed.stderr


def test_scan_flags_words_it_left_with_file_and_line_and_passes(run, project):
    install_key(project)
    note = project.root / "fieldnotes" / "paseo.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("# Paseo\n\nVimos flores en la calle Flores.\n", encoding="utf-8")
    result = run("scan", note, "-p", project.root, "-f", "csv")
    rows = [line for line in result.stdout.splitlines() if ",unsure," in line]
    assert [row.split(",")[:4] for row in rows] == [
        ["fieldnotes/paseo.md", "3", "7", "unsure"],
        ["fieldnotes/paseo.md", "3", "26", "unsure"],
    ]
    assert "Flores" not in "".join(rows)  # masked unless --reveal
    assert "0 leak(s), 2 unsure" in result.stderr
