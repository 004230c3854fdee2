def test_demo_builds_example_and_prints_documents_and_codebook(run, tmp_path):
    result = run("demo", tmp_path / "demo")
    assert "2010-10-06-pancho-network-representative" in result.stdout
    assert "paternalism" in result.stdout and "confianza" in result.stdout
    assert (tmp_path / "demo" / "codebooks" / "santiago-network.yaml").exists()
    assert len(list((tmp_path / "demo" / "fieldnotes").rglob("*.md"))) >= 13


def test_demo_refuses_non_empty_folder(run, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = run("demo", tmp_path / "full", expect=1)
    assert "not empty" in result.stderr


def test_example_documents_and_codebook_are_valid(tmp_path):
    from qualcode.codebook.tree import load_codebook
    from qualcode.demo import create_demo_project

    project = create_demo_project(tmp_path / "d")
    docs = project.documents()
    assert sum(d.kind == "interview" for d in docs) >= 8
    assert sum(d.kind == "meeting" for d in docs) >= 5
    for doc in docs:
        assert {"role", "gender", "generation", "institution"} <= set(doc.attributes)
    book = load_codebook(project.codebooks_dir)
    for path in (
        "trust/distrust",
        "c-factor/confianza",
        "c-factor/cooperacion",
        "paternalism/state",
        "generational-split",
    ):
        assert path in book


def test_demo_pseudonymises_raw_transcripts_and_scan_passes(run, tmp_path):
    result = run("demo", tmp_path / "demo")
    assert "Pseudonymisation" in result.stdout
    assert "qualcode scan: 0 leaks" in result.stdout
    root = tmp_path / "demo"
    for real in (
        "Hernán",
        "Ulloa",
        "Ximena",
        "Valdebenit",
        "Espinoza",
        "Gladys",
        "Hormigas",
        "correo.cl",
    ):
        for path in root.rglob("*"):
            if path.is_file() and ".qualcode" not in path.parts:
                assert real not in path.read_text(encoding="utf-8"), (path, real)
    docs = list((root / "fieldnotes" / "interviews").glob("2010-10-2*.md"))
    assert len(docs) == 2
    assert "Señora Patricia" in " ".join(d.read_text(encoding="utf-8") for d in docs)


def test_demo_shows_agreement_and_the_top_disagreements(run, tmp_path):
    result = run("demo", tmp_path / "demo")
    out = result.stdout
    assert "Intercoder agreement" in out
    assert "Agreement per code: ana × tomas, by paragraph" in out
    assert "## Disagreements to discuss (ana × tomas, by paragraph)" in out
    assert out.count("\n### ") == 3  # the three top disagreements of the lowest-kappa code
    assert "lowest kappa:" in result.stderr
