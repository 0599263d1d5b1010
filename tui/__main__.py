"""`python -m tui` runs the same command-line interface as `hk-timeline`."""

from __future__ import annotations

from tui.cli import main

raise SystemExit(main())
