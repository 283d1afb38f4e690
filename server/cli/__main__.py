"""`python -m server.cli`: the same as the `kiosk-server` command."""

import sys

from . import main

sys.exit(main())
