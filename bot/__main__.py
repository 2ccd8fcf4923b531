"""`python -m bot` is the same as the `kairos` command."""

from bot.cli import main

raise SystemExit(main())
