"""``qualcode report``: one self-contained page, every section, the library's own figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qualcode.models import Document, Segment
from qualcode.store.codings import save_segments
from qualcode.store.project import Project
from qualcode.survey.model import Question, Survey
from qualcode.survey.store import save_survey
from tests.retrieval import build

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = (
    "summary",
    "codebook",
    "frequency",
    "cooccurrence",
    "matrix",
    "words",
    "surveys",
    "quotes",
    "agreement",
    "memos",
)


class Page(HTMLParser):
    """The parts of a page a test reads: visible text, tags, attributes, inline SVGs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def read_page(path: Path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


def assert_self_contained(html: str, page: Page, *, urls: bool = True) -> None:
    """Nothing in the page can make a request: no scripts, no external references."""
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed", "base"), tag
        for name in ("src", "href", "action", "srcset", "data", "xlink:href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), (tag, name, value)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "url(" not in html and "@import" not in html
    stripped = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not urls or "http://" not in stripped and "https://" not in stripped


@pytest.fixture(scope="module")
def example_report(tmp_path_factory) -> Path:
    """The report of the example project (the repository root), written once."""
    from typer.testing import CliRunner

    from qualcode.cli import app

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(
        app, ["report", "-p", str(ROOT), "--no-index", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    return out


def test_the_example_report_is_one_small_self_contained_file(example_report):
    assert example_report.stat().st_size < 2_000_000
    html, page = read_page(example_report)
    assert html.startswith("<!DOCTYPE html>")
    assert_self_contained(html, page)
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert set(SECTIONS) <= ids
    # accessible: a language, one h1, table headers with scope, every chart named
    assert ("html", {"lang": "en"}) in page.tags
    assert sum(1 for tag, _ in page.tags if tag == "h1") == 1
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in page.tags if tag == "th")
    # two code-frequency charts, the heat map, words, five survey questions
    assert html.count("<svg") == html.count('role="img"') == 9
    assert html.count("<caption") == html.count("<table")


def test_the_example_report_shows_what_a_reader_needs(example_report):
    _, page = read_page(example_report)
    text = page.visible
    # the codebook, with definitions, include/exclude and examples
    assert "Talk about trusting other people" in text
    assert "Do not use when" in text and "Use when" in text
    # the code-frequency table with denominators
    # (human coding only; participants are those whose own speech is coded: docs/counting.md)
    assert "documents of 14" in text and "participants of 10" in text
    assert "10 (71.4%)" in text and "12 (85.7%)" not in text  # trust: 12 documents with auto
    # a meeting's narration is cited by the meeting, not as its first participant
    assert "(General Meeting 10/12/10)" in text
    # survey tallies as "n of N (p%)"
    assert "13 of 72 (18.1%)" in text and "51 of 72 (70.8%)" in text
    # quotes with citations as the project's template writes them
    assert "(Pancho 10/6/10, interview)" in text
    # agreement with the disagreements and a methods paragraph
    assert "Agreement per code: ana × tomas, by paragraph" in text
    assert "Disagreements to discuss" in text
    assert "Cohen" in text and "Krippendorff" in text
    # memos
    assert "Trust is built by doing" in text or "trust is built by doing" in text.lower()


def test_the_report_draws_the_same_svg_as_the_commands(run, example_report):
    html = example_report.read_text(encoding="utf-8")
    for args in (
        ("tally", "-f", "svg"),
        ("tally", "-f", "svg", "--unit", "documents"),
        ("cooccur", "-f", "svg"),
        ("survey", "tally", "feria-2008", "cambio", "-f", "svg"),
        ("survey", "tally", "talleres", "comuna", "-f", "svg"),
        ("words", "-f", "svg"),
    ):
        command = args[:2] if args[0] == "survey" else args[:1]
        rest = args[len(command) :]
        svg = run(
            *command, "-p", ROOT, *rest, *(("--no-index",) if args[0] != "survey" else ())
        ).stdout
        assert svg.startswith("<svg") and svg in html, args


def test_the_same_project_gives_the_same_bytes(run, tmp_path):
    for name in ("a.html", "b.html"):
        run("report", "-p", ROOT, "--no-index", "-o", tmp_path / name)
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_participant_text_is_data_never_markup(run, project, tmp_path):
    build(project)
    body = 'Clara: <script>alert("x")</script> & <img src=http://example.org/x.png> trust\n'
    doc = project.save_document(
        Document(
            id="2010-10-20-clara",
            kind="interview",
            title="<b>Third</b> interview",
            body=body,
            date="2010-10-20",
            participants=("Clara",),
            attributes={"generation": "<i>younger</i>"},
        )
    )
    save_segments(
        project, "ana", doc.id, [Segment(doc.id, 0, len(body) - 1, "trust", "ana", body[:-1])]
    )
    out = tmp_path / "r.html"
    run("report", "-p", project.root, "-o", out)
    html, page = read_page(out)
    assert "<script" not in html and "<img" not in html and "<b>Third" not in html
    assert "&lt;script&gt;" in html
    assert '<script>alert("x")</script>' in page.visible  # shown as text
    assert "<b>Third</b> interview" in page.visible
    assert_self_contained(html, page, urls=False)  # a URL in a quote is text, not a reference


def test_scope_options(run, project, tmp_path):
    build(project)
    out = tmp_path / "r.html"
    result = run(
        "report",
        "-p",
        project.root,
        "--code",
        "paternalism",
        "--where",
        "generation=younger",
        "--coder",
        "ana",
        "--title",
        "Paternalism, younger",
        "-o",
        out,
    )
    assert f"wrote {out}" in result.stderr
    _, page = read_page(out)
    text = page.visible
    assert "Paternalism, younger" in text
    assert "Documents: 2 of 4 (--where generation=younger)" in text
    assert "Coders: ana" in text
    assert "Codes: paternalism" in text
    codebook_headings = [
        a.get("id")
        for t, a in page.tags
        if t in ("h3", "h4") and a.get("id", "").startswith("code-")
    ]
    assert codebook_headings == ["code-paternalism", "code-paternalism--state"]


def test_agreement_needs_two_coders(run, project, tmp_path):
    build(project)
    for path in (project.root / "codings" / "ben").glob("*"):
        path.unlink()
    out = tmp_path / "r.html"
    run("report", "-p", project.root, "-o", out)
    text = read_page(out)[1].visible
    assert "needs two or more coders besides auto; this project has 1 (ana)" in text


def test_surveys_show_missing_apart_and_multi_response_both_ways(run, project, tmp_path):
    build(project)
    save_survey(
        project,
        Survey(
            name="feria",
            title="Feria",
            questions=[
                Question(
                    "need", "¿Qué necesita?", "multi", options=("puestos", "crédito"), separator=";"
                ),
            ],
            attributes=[],
            ids=["r1", "r2", "r3", "r4"],
            columns={"need": ["puestos;crédito", "puestos", "", "crédito"]},
        ),
    )
    out = tmp_path / "r.html"
    run("report", "-p", project.root, "-o", out)
    html, page = read_page(out)
    text = page.visible
    assert "2 of 3 (66.7%)" in text and "2 of 4 mentions (50.0%)" in text
    assert "1 of 4 missing" in text
    assert re.search(r'<tr class="missing"><th scope="row"[^>]*>\(missing\)</th>', html)


def test_errors(run, project, tmp_path):
    build(project)
    result = run(
        "report",
        "-p",
        project.root,
        "--code",
        "nothing-like-it",
        "-o",
        tmp_path / "r.html",
        expect=1,
    )
    assert result.stderr.startswith("qualcode: error: ")
    run("report", "-p", project.root, "--where", "generation", expect=2)
    result = run("report", "-p", project.root, "-o", tmp_path / "no" / "r.html", expect=1)
    assert "does not exist" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_demo_ends_with_the_report(run, tmp_path):
    result = run("demo", tmp_path / "demo")
    path = tmp_path / "demo" / "report.html"
    last = result.stdout.rstrip().splitlines()[-1]
    assert last.startswith(f"wrote {path}")
    html = path.read_text(encoding="utf-8")
    assert "(Pancho 10/6/10, interview)" in html
    assert Project.open(tmp_path / "demo").settings.get("name")
