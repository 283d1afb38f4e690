"""Devices: one-time enrollment codes, the enrolled devices, revoking and re-enrolling one."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING

from sync.protocol import OFFICE_CODE_PATTERN

from .common import (
    EXIT_USAGE,
    Command,
    Parents,
    check_ttl_hours,
    default_operator,
    err,
    open_database,
    parse_uuid,
    say,
)

if TYPE_CHECKING:
    from ..config import ServerSettings


def _ttl_hours(args: argparse.Namespace, settings: ServerSettings) -> int:
    """--ttl-hours, or the server's setting (ServerSettings.enrollment_code_ttl_hours)."""
    return settings.enrollment_code_ttl_hours if args.ttl_hours is None else int(args.ttl_hours)


def _code_arguments(code: argparse.ArgumentParser, _common: Parents) -> None:
    code.add_argument("--office", required=True, help="wilayah code, e.g. 51.08.01.2001")
    code.add_argument("--ttl-hours", type=int)


def _enrollment_code(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..enrollment import create_code

    ttl_hours = _ttl_hours(args, settings)
    if not re.match(OFFICE_CODE_PATTERN, args.office) or not check_ttl_hours(ttl_hours):
        err(
            "Kode kantor harus kode wilayah (mis. 51.08.01.2001) dan masa berlaku 1-2160 jam / "
            "office must be a wilayah code (e.g. 51.08.01.2001), ttl 1-2160 hours"
        )
        return EXIT_USAGE
    with open_database(settings) as database:
        code = create_code(database, args.office, ttl_hours, default_operator())
    say(code)
    err(f"berlaku {ttl_hours} jam / valid for {ttl_hours} hours")
    return 0


def _revoke_arguments(revoke: argparse.ArgumentParser, _common: Parents) -> None:
    revoke.add_argument("device_id")


def _revoke_device(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..device_admin import revoke_device

    device_id = parse_uuid(args.device_id, "ID perangkat", "the device id")
    if device_id is None:
        return EXIT_USAGE
    with open_database(settings) as database:
        revoked_at = revoke_device(database, device_id, default_operator())
    say(f"Perangkat {device_id} dicabut sejak {revoked_at.isoformat()} / revoked")
    return 0


def _suspend_device(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..device_admin import suspend_device

    device_id = parse_uuid(args.device_id, "ID perangkat", "the device id")
    if device_id is None:
        return EXIT_USAGE
    with open_database(settings) as database:
        suspend_device(database, device_id, default_operator())
    say(
        f"Perangkat {device_id} ditangguhkan; pulihkan dengan rotate-device / suspended; "
        "restore it with rotate-device"
    )
    return 0


def _devices_arguments(devices: argparse.ArgumentParser, _common: Parents) -> None:
    devices.add_argument("--json", action="store_true")


def _devices(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..device_admin import list_devices

    with open_database(settings) as database:
        devices = list_devices(database)
    if args.json:
        say(json.dumps(devices, ensure_ascii=False, indent=1))
        return 0
    for device in devices:
        if device["revoked_at"]:
            state = f"dicabut/revoked {device['revoked_at']}"
        elif device["suspended_at"]:
            state = f"ditangguhkan/suspended {device['suspended_at']} (rotate-device)"
        else:
            state = "aktif/active"
        key = _signing_key_short(device["signing_key"])
        say(f"{device['device_id']} {device['office_code']:<14} {key:<24} {device['name']} {state}")
    return 0


def _signing_key_short(public_key: object) -> str:
    """A device's bundle signing key as the audit log names it (`ed25519` and its first 16
    hex digits), or "-" while it has registered none (its USB bundles are then refused
    unless they are of the old MAC format)."""
    return f"ed25519:{public_key[:16]}" if isinstance(public_key, str) else "-"


def _rotate_arguments(rotate: argparse.ArgumentParser, _common: Parents) -> None:
    rotate.add_argument("device_id")
    rotate.add_argument("--ttl-hours", type=int)


def _rotate_device(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..credentials import force_reenrollment

    device_id = parse_uuid(args.device_id, "ID perangkat", "the device id")
    if device_id is None:
        return EXIT_USAGE
    ttl_hours = _ttl_hours(args, settings)
    if not check_ttl_hours(ttl_hours):
        err("Masa berlaku 1-2160 jam / ttl 1-2160 hours")
        return EXIT_USAGE
    with open_database(settings) as database:
        code = force_reenrollment(database, device_id, ttl_hours, default_operator())
    say(code)
    err(
        f"Kredensial lama tidak berlaku; daftarkan ulang perangkat dengan kode ini "
        f"(hanya untuk {device_id}, {ttl_hours} jam) / the old credential is void; "
        f"enroll the device again with this code (only {device_id}, {ttl_hours} hours)"
    )
    return 0


ENROLLMENT_CODE = Command(
    "enrollment-code", "print a one-time code", _code_arguments, _enrollment_code
)
REVOKE_DEVICE = Command(
    "revoke-device", "refuse a device from now on", _revoke_arguments, _revoke_device
)
SUSPEND_DEVICE = Command(
    "suspend-device",
    "refuse a device until it is re-enrolled",
    _revoke_arguments,
    _suspend_device,
)
DEVICES = Command("devices", "list enrolled devices", _devices_arguments, _devices)
ROTATE_DEVICE = Command(
    "rotate-device",
    "void a device's credential; print a code",
    _rotate_arguments,
    _rotate_device,
)
