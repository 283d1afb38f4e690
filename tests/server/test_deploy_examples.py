"""docs/deploy/ stays true: the systemd unit runs real options, nginx lets a chunk through."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from server.cli import build_parser
from sync import protocol as P

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"


def test_the_systemd_unit_runs_options_that_exist() -> None:
    text = (DEPLOY / "kiosk-server.service").read_text().replace("\\\n", " ")
    commands = re.findall(r"^Exec\w+=(\S+) (.*)$", text, flags=re.MULTILINE)
    assert len(commands) == 2
    for program, arguments in commands:
        assert program.endswith("/kiosk-server")
        args = build_parser().parse_args(shlex.split(arguments))  # exits on an unknown option
        assert args.command in ("migrate", "serve")


def test_the_retention_unit_runs_a_real_command_from_its_timer() -> None:
    text = (DEPLOY / "kiosk-server-retention.service").read_text()
    [(program, arguments)] = re.findall(r"^ExecStart=(\S+) (.*)$", text, flags=re.MULTILINE)
    assert program.endswith("/kiosk-server")
    args = build_parser().parse_args(shlex.split(arguments))
    assert (args.command, args.retention_command, args.dry_run) == ("retention", "run", False)
    assert "OnCalendar=" in (DEPLOY / "kiosk-server-retention.timer").read_text()


def test_the_nginx_example_passes_a_full_chunk_and_hides_metrics() -> None:
    text = (DEPLOY / "nginx-kiosk-server.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)k;", text)
    assert limit is not None
    assert int(limit.group(1)) * 1024 > P.MAX_CHUNK_BYTES
    assert int(limit.group(1)) * 1024 > P.MAX_JSON_BODY_BYTES
    assert int(limit.group(1)) * 1024 > P.MAX_WHOLE_BODY_BYTES  # plus the request's headers
    assert "location = /metrics { deny all; }" in text
    assert "proxy_set_header X-Request-Id $request_id;" in text
