"""``python -m xinyong`` is the ``xinyong`` command."""

from xinyong.cli.main import main

main()
