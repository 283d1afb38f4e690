"""`kiosk enroll` and `kiosk sync [status|retry|rotate-credential] [--once]`."""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import datetime
from typing import Any

from kiosk.store.machine_state import AUDIT_PROBLEM, SERVER_URL
from kiosk.store.outbox import OutboxState


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    enroll = subparsers.add_parser(
        "enroll", parents=[common], help="daftarkan perangkat ke server / enroll this device"
    )
    enroll.add_argument("--server", required=True, metavar="URL")
    enroll.add_argument("--code", required=True, help="kode sekali pakai / one-time code")
    enroll.add_argument("--name", default=socket.gethostname(), help="nama perangkat")
    enroll.add_argument("--json", action="store_true")
    enroll.set_defaults(handler=run_enroll)

    sync = subparsers.add_parser(
        "sync", parents=[common], help="kirim antrean ke server / send the queue to the server"
    )
    sync.add_argument(
        "action",
        nargs="?",
        choices=["run", "status", "retry", "rotate-credential"],
        default="run",
        help="run (default), status, retry the items that needed attention, or "
        "rotate-credential (a fresh device credential now)",
    )
    sync.add_argument("--once", action="store_true", help="one pass, then exit")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=run_sync)


def run_enroll(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from sync.enrollment import enroll
    from sync.errors import SyncError
    from ui.cli.output import print_error, print_json

    try:
        store = Store.open(resolve_data_dir(args.data_dir))
        enrollment = enroll(store, args.server, args.code, args.name)
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    except SyncError as exc:
        if args.json:
            print_json(
                {
                    "ok": False,
                    "code": exc.code,
                    "message": exc.message_id,
                    "message_en": exc.message_en,
                }
            )
        sys.stderr.write(
            f"Pendaftaran gagal: {exc.message_id}\nEnrollment failed: {exc.message_en}\n"
        )
        return 1
    seal_key = store.state.seal_key()
    result = {
        "ok": True,
        "device_id": enrollment.device_id,
        "office_code": enrollment.office_code,
        "server": enrollment.server_url,
        "seal_key_fingerprint": seal_key.fingerprint if seal_key else None,
    }
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            f"Terdaftar / enrolled: kantor {enrollment.office_code}, "
            f"perangkat {enrollment.device_id}\n"
        )
        if seal_key is not None:
            sys.stdout.write(
                "Sidik jari kunci server (cocokkan dengan Dukcapil) / server key fingerprint "
                f"(compare with the registry's): {seal_key.fingerprint}\n"
            )
        else:
            sys.stdout.write(
                "Server belum punya kunci segel; data disegel saat kunci tersedia / the server "
                "has no sealing key yet; data is sealed once it has one\n"
            )
    return 0


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def sync_status(store: Any) -> dict[str, Any]:
    counts = store.outbox.counts()
    return {
        "pending": counts[OutboxState.PENDING] + counts[OutboxState.SENDING],
        "acknowledged": counts[OutboxState.ACKNOWLEDGED],
        "needs_attention": counts[OutboxState.NEEDS_ATTENTION],
        "attention": store.outbox.attention_items(),
        "last_success": _iso(store.state.last_success()),
        "enrolled": store.state.is_enrolled(),
        "server": store.state.get(SERVER_URL) or None,
        "device_problem": store.state.device_problem(),
        "audit_problem": store.state.get(AUDIT_PROBLEM) or None,
        "offline_budget": store.offline_budget.status().as_dict(),
    }


def run_sync(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from ui.cli.output import print_error, print_json

    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    if args.action == "status":
        status = sync_status(store)
        if args.json:
            print_json(status)
        else:
            sys.stdout.write(
                f"menunggu/pending {status['pending']}, terkirim/acknowledged "
                f"{status['acknowledged']}, perlu tindakan/needs attention "
                f"{status['needs_attention']}, terakhir berhasil/last success "
                f"{status['last_success'] or '-'}\n"
            )
            if status["device_problem"]:
                # e.g. device_suspended: the server saw this device's credential used twice.
                sys.stdout.write(
                    f"PERANGKAT PERLU TINDAKAN / DEVICE NEEDS ATTENTION: "
                    f"{status['device_problem']}\n"
                )
            budget = status["offline_budget"]
            if budget["message"]:
                sys.stdout.write(f"{budget['message']}\n{budget['message_en']}\n")
            if status["audit_problem"]:
                sys.stdout.write(f"PERLU TINDAKAN / NEEDS ATTENTION: {status['audit_problem']}\n")
        return 0
    if args.action == "rotate-credential":
        return _rotate(store, args)
    if args.action == "retry":
        reset = store.outbox.retry_needs_attention()
        sys.stdout.write(f"{reset} permohonan dicoba lagi / queued again\n")
    return _run_passes(store, args)


def _rotate(store: Any, args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from sync.enrollment import rotate_credential
    from sync.errors import SyncError
    from ui.cli.output import print_error, print_json

    try:
        rotate_credential(store)
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    except SyncError as exc:
        if args.json:
            print_json({"ok": False, "code": exc.code, "message": exc.message_id})
        sys.stderr.write(
            f"Kredensial tidak diganti: {exc.message_id}\n"
            f"The credential was not replaced: {exc.message_en}\n"
        )
        return 1
    if args.json:
        print_json({"ok": True})
    else:
        sys.stdout.write(
            "Kredensial perangkat diganti; yang lama tidak berlaku lagi / the device "
            "credential was replaced; the old one no longer works\n"
        )
    return 0


def _run_passes(store: Any, args: argparse.Namespace) -> int:
    from kiosk.settings import load_settings
    from sync.enrollment import NotEnrolled
    from sync.scheduler import SyncScheduler
    from ui.cli.output import print_error, print_json

    settings = load_settings(store.data_dir)
    scheduler = SyncScheduler(
        store,
        retention_days=settings.retention_days,
        credential_rotation_days=settings.credential_rotation_days,
    )
    try:
        if not args.once:
            sys.stdout.write(
                "Sinkronisasi berjalan; tekan Ctrl+C untuk berhenti / syncing, Ctrl+C to stop\n"
            )
            scheduler.run_forever()
            return 0
        report = scheduler.engine.run_once(force=True)
    except NotEnrolled as exc:
        print_error(exc, as_json=args.json)
        return 1
    except KeyboardInterrupt:
        return 0
    status = sync_status(store)
    if args.json:
        print_json({**status, "pass": report.__dict__})
    else:
        state = "offline" if report.offline else "online"
        sys.stdout.write(
            f"{state}: {report.acknowledged} diterima server / acknowledged, "
            f"{status['pending']} menunggu / pending, {status['needs_attention']} perlu tindakan"
            f" / need attention\n"
        )
        if status["audit_problem"]:
            sys.stdout.write(f"PERLU TINDAKAN / NEEDS ATTENTION: {status['audit_problem']}\n")
    quiet = status["pending"] == 0 and status["needs_attention"] == 0
    return 0 if quiet and not status["audit_problem"] else 1
