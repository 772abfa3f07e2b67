"""``python -m desktop_app`` runs the app's command line."""

import sys

from desktop_app.app import main

sys.exit(main())
