"""SANE in a process of its own, watched by the kiosk.

A SANE driver runs inside the process that calls it, and a hung one (a USB scanner that stops
answering halfway through a page, a network scanner that never replies) blocks its caller in C
code that no Python timeout can interrupt: the kiosk's scan job would wait for ever. So each
SANE call runs in a child process; the kiosk waits for its answer at most a bound, then kills
the child and raises `ScannerNotResponding`.

The child is spawned, not forked: the kiosk's Qt and worker threads must not be copied into it
(and a frozen build starts it through `multiprocessing.freeze_support()`). A fresh child also
reads SANE_CONFIG_DIR afresh, as SANE reads its configuration once per process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from devices.errors import DeviceError, DeviceUnavailable, ScannerNotResponding

T = TypeVar("T")
KILLED_CHILD_WAIT_S = 5.0
"""How long to wait for a killed child to be gone. A driver stuck in the kernel (a USB read
that never returns) can outlive SIGKILL for a while; the kiosk does not wait for it."""


def _child(answer: Connection, call: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Runs in the child: the call's value, or its error as (type, detail), down the pipe."""
    try:
        value = call(*args)
    except DeviceError as exc:
        answer.send(("error", type(exc), exc.detail))
    except Exception as exc:  # noqa: BLE001 - any failure in the child is the scanner's
        answer.send(("error", DeviceError, f"{type(exc).__name__}: {exc}"))
    else:
        answer.send(("ok", value, ""))
    finally:
        answer.close()


def run_watched(call: Callable[..., T], args: tuple[Any, ...], timeout_s: float, what: str) -> T:
    """`call(*args)` in a child process, answered within `timeout_s` or stopped.

    `call` must be a module-level function (the child imports it by name) and its value must
    pickle. `what` names the device in the error's detail (for the log and support staff).

    Raises:
        ScannerNotResponding: no answer within the bound; the child has been killed.
        DeviceUnavailable: the child could not be started.
        DeviceError: the call's own typed error, or the child died without answering.
    """
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, call, args), daemon=True)
    try:
        process.start()
    except OSError as exc:  # out of processes or memory: no scan, and the kiosk says so
        receive.close()
        send.close()
        raise DeviceUnavailable(f"{what}: SANE process not started ({exc})") from exc
    send.close()  # the child's end: once the child is gone, recv() ends instead of waiting
    try:
        if not receive.poll(timeout_s):
            raise ScannerNotResponding(f"{what}: no answer within {timeout_s:g} s")
        try:
            outcome, value, detail = receive.recv()
        except EOFError:
            process.join(KILLED_CHILD_WAIT_S)
            ended = f"{what}: SANE process ended (exit code {process.exitcode})"
            raise DeviceError(ended) from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(KILLED_CHILD_WAIT_S)
    if outcome == "error":
        raise value(detail)
    result: T = value
    return result
