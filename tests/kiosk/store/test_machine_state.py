"""Machine state: every key declared once, typed values round-trip, no raw keys elsewhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.store.models import DeviceStateRow

ROOT = Path(__file__).resolve().parents[3]


def test_every_key_is_declared_once() -> None:
    names = [key.name for key in ms.KEYS]
    assert len(names) == len(set(names))
    declared = {v.name for v in vars(ms).values() if isinstance(v, ms.StateKey)}
    assert declared == set(names)


def test_typed_values_round_trip_and_unset_keys_give_their_default(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        assert store.state.get(ms.LAST_SUCCESS) is None
        assert store.state.get(ms.FEED_CURSOR) == ""
        assert store.state.is_enrolled() is False
        moment = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
        store.state.mark_synced(moment)
        store.state.set(ms.CREDENTIAL, "sealed-secret")
        assert store.state.last_success() == moment
        assert store.state.is_enrolled() is True
        # Kept as text exactly as before the keys were declared (no migration needed).
        with store.core.read_session() as session:
            row = session.get(DeviceStateRow, "sync.last_success")
            assert row is not None
            assert row.value == moment.isoformat()
    finally:
        store.close()


def test_device_code_is_made_once(data_dir: Path) -> None:
    first = Store.open(data_dir)
    code = first.device_code
    first.close()
    again = Store.open(data_dir)
    assert again.device_code == code
    assert again.state.get(ms.DEVICE_CODE) == code
    again.close()


def test_no_module_spells_a_raw_state_key() -> None:
    """Callers ask machine_state, never the table by a string (one home for each key)."""
    literals = {re.escape(f'"{key.name}"') for key in ms.KEYS}
    pattern = re.compile("|".join(literals))
    home = ROOT / "kiosk" / "store" / "machine_state.py"
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for package in ("kiosk", "sync", "ui", "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != home and "migrations" not in path.parts
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
