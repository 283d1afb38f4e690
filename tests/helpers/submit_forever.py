"""Child process for the crash test: submits applications until it is killed.

Usage: python -m tests.helpers.submit_forever DATA_DIR FIRST_SERIAL
Prints READY once the store is open, then `COMMITTED <uuid>` after each submit returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang


def main() -> None:
    data_dir, serial = Path(sys.argv[1]), int(sys.argv[2])
    store = Store.open(data_dir)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    while True:
        submitted = store.submission.submit(ktp_el_hilang(serial, attachment_size=30_000))
        sys.stdout.write(f"COMMITTED {submitted.id}\n")
        sys.stdout.flush()
        serial += 1


if __name__ == "__main__":
    main()
