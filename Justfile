# Developer shortcuts (https://github.com/casey/just); CI runs .ci/run.
test:
    pytest

lint:
    ruff check .
    ruff format --check .

bench:
    python benchmarks/tally.py
    python benchmarks/pseudonymise.py
    python benchmarks/survey.py

# Regenerate docs/cli.md (every command's --help) and docs/api.md (docstrings) (CI checks it with cog --check).
docs:
    cog -r -I scripts docs/cli.md docs/api.md
