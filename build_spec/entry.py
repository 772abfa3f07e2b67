"""Entry point of the frozen executable (see presacral_consult.spec)."""

import os
import sys

# A windowed Windows executable (console=False) starts with no stdout/stderr: give print() and
# the one-line CLI errors somewhere harmless to go instead of failing on None.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # open for the whole run

from desktop_app.app import main  # noqa: E402 - after stdout/stderr exist

sys.exit(main())
