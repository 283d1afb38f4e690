"""Wrong credentials are rate-limited by client address (issue 11, point 11).

The probe: 300 wrong secrets in 3.5 s, and never a 429, because only authenticated devices
had buckets.
"""

from __future__ import annotations

from sync import protocol as P

from .builders import Kiosk
from .conftest import Harness


def test_a_flood_of_wrong_secrets_is_answered_with_429(server: Harness, kiosk: Kiosk) -> None:
    wrong = {"Authorization": f"Bearer {kiosk.device_id}.{'x' * 43}", P.HEADER_OPERATOR: "p"}
    statuses = [server.client.get(P.AUDIT_HEAD_PATH, headers=wrong).status_code for _ in range(60)]
    assert statuses[0] == 401
    assert 429 in statuses
    limited = server.client.get(P.AUDIT_HEAD_PATH, headers=wrong)
    assert limited.status_code == 429
    assert int(limited.headers[P.HEADER_RETRY_AFTER]) >= 1
