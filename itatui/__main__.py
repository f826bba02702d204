"""``python -m itatui``: the command line (:func:`itatui.cli.main`)."""

from itatui.cli import main

raise SystemExit(main())
