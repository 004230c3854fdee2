def test_init_then_refuse(run, tmp_path):
    result = run("init", tmp_path / "tesis", "--name", "Red de Economía Solidaria")
    assert "created project" in result.stderr and result.stdout == ""
    assert (tmp_path / "tesis" / "qualcode.yaml").exists()
    again = run("init", tmp_path / "tesis", expect=1)
    assert again.stderr.startswith("qualcode: error: ")
    assert "already exists" in again.stderr and "Traceback" not in again.stderr


def test_outside_a_project_is_one_line(run):
    result = run("notes", "list", expect=1)
    assert result.stderr.splitlines()[0] == "qualcode: error: not inside a qualcode project"
    assert result.stderr.splitlines()[1].startswith("hint: ")


def test_project_option_and_environment(run, project, monkeypatch, tmp_path):
    run("notes", "list", "--project", project.root)
    monkeypatch.setenv("QUALCODE_PROJECT", str(project.root))
    run("notes", "list")
    bad = run("notes", "list", "--project", tmp_path, expect=1)
    assert "not a qualcode project" in bad.stderr


def test_bad_usage_exits_2(run):
    run("notes", "list", "--format", "xml", expect=2)
    run("no-such-command", expect=2)


def test_version_and_help(run):
    assert run("--version").stdout.startswith("qualcode ")
    assert "import" in run("--help").stdout
