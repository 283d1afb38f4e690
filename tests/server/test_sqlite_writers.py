"""SQLite's writers of one process take the write lock in the order they asked (server.db)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from server.db import WriterQueue


def _until(condition: Callable[[], bool]) -> None:
    """Waits for another thread's progress; only the order is asserted, the minute is a guard
    against hanging the run when a change breaks the queue."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the other thread made no progress"
        time.sleep(0.001)


def _queued(queue: WriterQueue, count: int) -> Callable[[], bool]:
    return lambda: len(queue._turns) == count


def test_writers_take_their_turns_in_the_order_they_asked() -> None:
    queue = WriterQueue()
    order: list[str] = []
    release = threading.Event()

    def first() -> None:
        with queue.turn():
            order.append("first")
            release.wait()

    def writer(name: str) -> None:
        with queue.turn():
            order.append(name)

    holder = threading.Thread(target=first)
    holder.start()
    _until(lambda: order == ["first"])
    threads = []
    for number, name in enumerate(["second", "third", "fourth"], start=1):
        thread = threading.Thread(target=writer, args=(name,))
        thread.start()
        threads.append(thread)
        _until(_queued(queue, number))  # queued before the next starts
    release.set()
    for thread in [holder, *threads]:
        thread.join()
    assert order == ["first", "second", "third", "fourth"]
    assert queue._owner is None
    assert not queue._turns


def test_a_write_nested_in_one_of_the_same_thread_does_not_wait_for_itself() -> None:
    queue = WriterQueue(timeout=3600)
    with queue.turn(), queue.turn():
        assert queue._owner == threading.get_ident()
    assert queue._owner is None


def test_a_writer_that_waited_too_long_goes_ahead_and_hands_nothing_over() -> None:
    queue = WriterQueue(timeout=0.01)
    release = threading.Event()
    went_ahead = threading.Event()

    def holder() -> None:
        with queue.turn():
            release.wait()

    thread = threading.Thread(target=holder)
    thread.start()
    _until(lambda: queue._owner is not None)
    with queue.turn():  # the holder still holds it: this one went ahead after the timeout
        went_ahead.set()
        assert not queue._turns
    release.set()
    thread.join()
    assert went_ahead.is_set()
    assert queue._owner is None
    with queue.turn():  # free again, taken at once
        assert queue._owner == threading.get_ident()
