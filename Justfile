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

# Regenerate docs/cli.md from every command's --help (CI checks it with cog --check).
docs:
    cog -r -I scripts docs/cli.md
