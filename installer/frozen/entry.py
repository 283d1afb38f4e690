"""Entry point of the frozen build: one program, named `kiosk`, `kiosk-server` or (Windows)
`kiosk-launch`, the launcher that chooses which version starts (kiosk/updates/launcher.py).

Every executable in the frozen app dir runs this script; the executable's own name says which
command line it is (`kiosk-app`, Windows's windowed kiosk, is the kiosk). The app itself
starts helper processes as `sys.executable -m server.cli` (the demo profile's local district
server); in a frozen build `sys.executable` is this program, so these module names are
understood here as well.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

MODULES = {
    "kiosk": "ui.cli.main",
    "kiosk-server": "server.cli",
    "kiosk-launch": "kiosk.updates.launcher",
}


def main() -> int:
    # uvicorn and the standard library may start worker processes (spawn on Windows): a
    # child then runs this same program, and freeze_support() hands it to multiprocessing.
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    module = MODULES.get(Path(sys.executable).stem.lower(), MODULES["kiosk"])
    if len(argv) >= 2 and argv[0] == "-m":
        if argv[1] not in MODULES.values():
            name = Path(sys.executable).name
            print(
                f"{name}: -m {argv[1]}: bukan bagian aplikasi ini / not part of this app",
                file=sys.stderr,
            )
            return 2
        module, argv = argv[1], argv[2:]
    if module == "kiosk.updates.launcher":
        from kiosk.updates.launcher import main as launcher_main

        return launcher_main(argv)
    if module == "server.cli":
        from server.cli import main as server_main

        return server_main(argv)
    from ui.cli.main import main as kiosk_main

    return kiosk_main(argv)


if __name__ == "__main__":
    sys.exit(main())
