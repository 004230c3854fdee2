"""Run the command-line interface: ``python -m qualcode``."""

from qualcode.cli import main

main()
