"""The offline budget's limits come from the signed district configuration (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.district_config import DistrictConfigStore
from kiosk.local_store import Store
from kiosk.offline_budget import BudgetLevel, OfflineBudget
from kiosk.store import machine_state as ms
from kiosk.trust import KIND_DISTRICT_CONFIG, TrustedKeys, b64url, raw_public_key, sign_document

KEY = Ed25519PrivateKey.generate()
TRUSTED = TrustedKeys.from_entries([{"public_key": b64url(raw_public_key(KEY.public_key()))}])
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def test_the_districts_limits_replace_the_defaults(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        store.state.set(ms.CREDENTIAL, "sealed-credential")
        store.state.set(ms.CREDENTIAL_SINCE, T0)
        configs = DistrictConfigStore(data_dir, TRUSTED)
        budget = OfflineBudget(store.state, store.outbox, configs)
        assert budget.status(T0 + timedelta(days=5)).level is BudgetLevel.OK  # defaults 7/30
        payload = {
            "version": 1,
            "published_at": T0.isoformat(),
            "limits": {"offline_warn_days": 2, "offline_block_days": 5},
        }
        configs.install(sign_document(KEY, KIND_DISTRICT_CONFIG, payload))
        assert budget.status(T0 + timedelta(days=2)).level is BudgetLevel.WARN
        blocked = budget.status(T0 + timedelta(days=5))
        assert (blocked.level, blocked.days_left, blocked.block_days) == (
            BudgetLevel.BLOCKED,
            0,
            5,
        )
        store.state.mark_synced(T0 + timedelta(days=4))  # a sync is a contact
        assert budget.status(T0 + timedelta(days=5)).level is BudgetLevel.OK
        store.state.set(ms.LAST_BUNDLE_ACK, T0 + timedelta(days=9))  # so is a bundle receipt
        assert budget.status(T0 + timedelta(days=10)).days_offline == 1
    finally:
        store.close()
