"""Debian's firefox-esr driven over WebDriver BiDi: no geckodriver, no patched browser build.

Firefox speaks WebDriver BiDi itself (`--remote-debugging-port`); pip playwright's own Firefox
is a patched build that cannot be downloaded here, and its BiDi channel asks firefox-esr for
commands that ESR does not have yet. So this is the small client the back-office tests need:
navigate, read the page with a script, click and type through real input actions (the browser
dispatches trusted pointer and key events, as for a person), take a screenshot.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

SPECIAL_KEYS = {"Enter": "\ue007", "Tab": "\ue004", "Escape": "\ue00c"}  # WebDriver codes
LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")


class BidiError(RuntimeError):
    pass


def firefox_path() -> str:
    found = shutil.which("firefox-esr") or shutil.which("firefox")
    assert found, "Debian's firefox-esr is missing: run scripts/setup.sh (it installs it)"
    return found


class Firefox:
    """One BiDi session over one WebSocket; commands are answered in order (no events used)."""

    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._next_id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        sent = self._next_id
        self._socket.send(json.dumps({"id": sent, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=60))
            if message.get("id") != sent:
                continue  # an event, or the late answer of nothing we wait for
            if message.get("type") == "error":
                raise BidiError(f"{method}: {message.get('error')}: {message.get('message')}")
            result: dict[str, Any] = message["result"]
            return result

    def new_page(self, width: int, height: int) -> Page:
        context = self.send("browsingContext.create", type="tab")["context"]
        self.send("browsingContext.setViewport", context=context,
                  viewport={"width": width, "height": height})  # fmt: skip
        return Page(self, context)


@contextmanager
def launched_firefox(timeout: float = 60) -> Iterator[Firefox]:
    """A headless firefox-esr with a throwaway profile, ended (and waited for) on exit."""
    with tempfile.TemporaryDirectory(prefix="bo-firefox-") as profile:
        process = subprocess.Popen(
            [firefox_path(), "--headless", "--no-remote", "--profile", profile,
             "--remote-debugging-port", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            url = _listening_url(process, timeout)
            with connect(url + "/session", max_size=64 * 1024 * 1024) as socket:
                firefox = Firefox(socket)
                firefox.send("session.new", capabilities={})
                try:
                    yield firefox
                finally:
                    with suppress(BidiError, OSError, TimeoutError):  # may be gone already
                        firefox.send("browser.close")
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
            if process.stderr is not None:
                process.stderr.close()


def _listening_url(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        found = LISTENING.search(line)
        if found:
            return found.group(1)
    raise BidiError("firefox-esr did not open WebDriver BiDi: " + "".join(seen)[-2000:])


class Page:
    """One tab. Selectors are CSS; every wait polls the page until a deadline."""

    def __init__(self, firefox: Firefox, context: str) -> None:
        self._firefox = firefox
        self.context = context

    def goto(self, url: str) -> None:
        self._firefox.send("browsingContext.navigate", context=self.context, url=url,
                           wait="complete")  # fmt: skip

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = self._firefox.send(
            "script.evaluate",
            expression=f"JSON.stringify((() => ({expression}))() ?? null)",
            target={"context": self.context},
            awaitPromise=True,
        )
        if result.get("type") == "exception":
            raise BidiError(str(result.get("exceptionDetails", {}).get("text")))
        return json.loads(result["result"]["value"])

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        """Polls until the expression is truthy (navigations in between are waited out)."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(expression)
            except BidiError as error:  # the page is being replaced by the next one
                last = error
            else:
                if last:
                    return last
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression!r} (last: {last!r})")

    def text(self, selector: str) -> str:
        found = self.wait_for(f"document.querySelector({json.dumps(selector)})?.textContent")
        return str(found).strip()

    def click(self, selector: str) -> None:
        """A real left click in the middle of the element, scrolled into view first."""
        box = self.wait_for(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            " const r = e.getBoundingClientRect();"
            " return r.width > 0 && r.height > 0"
            " ? [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] : null; })()"
        )
        self._actions(
            {
                "type": "pointer",
                "id": "mouse",
                "parameters": {"pointerType": "mouse"},
                "actions": [
                    {"type": "pointerMove", "x": box[0], "y": box[1]},
                    {"type": "pointerDown", "button": 0},
                    {"type": "pointerUp", "button": 0},
                ],
            }
        )

    def fill(self, selector: str, text: str) -> None:
        """Clicks into the field, empties it and types the text key by key."""
        self.click(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).select?.()")
        self.type(text)

    def type(self, text: str) -> None:
        keys: list[dict[str, str]] = []
        for char in text:
            keys += [{"type": "keyDown", "value": char}, {"type": "keyUp", "value": char}]
        self._actions({"type": "key", "id": "keyboard", "actions": keys})

    def press(self, key: str) -> None:
        """One named key ("Enter", "Tab", "Escape") or one character."""
        value = SPECIAL_KEYS.get(key, key)
        self._actions({"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]})  # fmt: skip

    def screenshot(self, path: Path) -> None:
        data = self._firefox.send("browsingContext.captureScreenshot", context=self.context)
        path.write_bytes(base64.b64decode(data["data"]))

    def _actions(self, source: dict[str, Any]) -> None:
        self._firefox.send("input.performActions", context=self.context, actions=[source])
