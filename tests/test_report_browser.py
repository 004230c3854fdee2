"""The example's report in a real browser: headless Chromium, offline, as a reader sees it.

Chromium renders the page with every network request refused, then the test
reads what the browser built (``--dump-dom``), takes screenshots at desktop
and phone widths and prints it to PDF. Slow (a browser start is a second or
more): run with ``pytest -m slow``, as .ci/run does after installing Debian's
chromium; skipped, with the reason shown, where no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_report import ROOT, read_page

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
        if (found := shutil.which(name))
    ),
    None,
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None,
        reason="no Chromium on this machine (.ci/run installs Debian's chromium where apt exists)",
    ),
]


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local page, offline, with a fresh profile."""
    assert BROWSER is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # any request the page made would fail
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from qualcode.cli import app

    out = tmp_path_factory.mktemp("browser") / "report.html"
    result = CliRunner().invoke(
        app, ["report", "-p", str(ROOT), "--no-index", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return out


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_shows_every_section(report: Path, tmp_path: Path) -> None:
    dom = tmp_path / "dom.html"
    dom.write_text(chromium(tmp_path, report, "--dump-dom").stdout, encoding="utf-8")
    html, page = read_page(dom)
    text = page.visible
    headings = [
        "Project and corpus",
        "Codebook",
        "Code frequency",
        "Co-occurrence",
        "Codes by attribute",
        "Word frequency",
        "Surveys",
        "Quotes",
        "Intercoder agreement",
        "Memos",
    ]
    for heading in headings:
        assert f">{heading}</h2>" in html, heading
    assert "Talk about trusting other people" in text  # the codebook's definitions
    assert "13 of 72 (18.1%)" in text
    assert "(Pancho 10/6/10, interview)" in text
    assert "Agreement per code: ana × tomas, by paragraph" in text
    assert "Disagreements to discuss" in text
    # the charts made it into the page as SVG, with their bars
    assert html.count("<svg") == 9
    assert html.count('class="qc-bar"') > 50
    assert html.count('class="qc-cell"') == 12 * 12
    assert "<script" not in html


def test_screenshots_at_desktop_and_phone_widths(report: Path, tmp_path: Path) -> None:
    for width in (1280, 390):
        shot = tmp_path / f"report-{width}.png"
        chromium(tmp_path, report, f"--window-size={width},2400", f"--screenshot={shot}")
        assert png_size(shot) == (width, 2400)
        # a blank page compresses to a few kilobytes; text and charts do not
        assert shot.stat().st_size > 60_000, shot.stat().st_size


def test_print_to_pdf(report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, report, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert 200_000 < len(data) < 20_000_000


def test_a_quote_with_a_script_shows_as_text(run, project, tmp_path: Path) -> None:
    from qualcode.models import Document, Segment
    from qualcode.store.codings import save_segments
    from tests.retrieval import build

    build(project)
    body = "Clara: <script>document.title='pwned'</script> trust <b>bold</b>\n"
    doc = project.save_document(
        Document(id="2010-10-20-clara", kind="interview", title="Third", body=body,
                 participants=("Clara",))
    )  # fmt: skip
    save_segments(
        project, "ana", doc.id, [Segment(doc.id, 7, len(body) - 1, "trust", "ana", body[7:-1])]
    )
    out = tmp_path / "r.html"
    run("report", "-p", project.root, "-o", out)
    dom = tmp_path / "dom.html"
    dom.write_text(chromium(tmp_path, out, "--dump-dom").stdout, encoding="utf-8")
    html, page = read_page(dom)
    assert "<script" not in html and "<b>bold" not in html
    assert "<script>document.title='pwned'</script> trust <b>bold</b>" in page.visible
    assert "<title>Test project</title>" in html  # the script never ran
