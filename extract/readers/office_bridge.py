"""The bridge between mtcl and one LibreOffice kept running: started by extract/readers/office.py with a Python that
has LibreOffice's `uno` module (Debian's python3-uno is built for the system's python3, not for mtcl's venv), it
starts the office listening on a private pipe, connects to it, and converts one file per request.

    python3 office_bridge.py SOFFICE WORKDIR PIPE SOCKET    (SOCKET: the file LibreOffice makes for PIPE)
    stdin:  {"in": "/path/in.doc", "out": "/path/out.docx"}   one request a line
    stdout: {"ready": true, "office": PGID} once, then {"ok": true} or {"error": "..."} per request

The office runs in a process group of its own (PGID above), so that whoever started the bridge can kill it whole.
When stdin closes (the caller is done, or died) the office is closed; when the process that started the bridge dies
while a conversion hangs, a watchdog kills the office. Either way WORKDIR and the pipe's socket are removed. Uses
nothing from mtcl: it runs outside its venv.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 60


def _props(**values: Any) -> tuple[Any, ...]:
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _end(office: subprocess.Popen[bytes], workdir: str, socket: str) -> None:
    """Kill the office and remove what it leaves: its folder, its pipe's socket."""
    with contextlib.suppress(OSError):
        os.killpg(office.pid, signal.SIGKILL)
    shutil.rmtree(workdir, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.unlink(socket)


def _watch_parent(parent: int, office: subprocess.Popen[bytes], workdir: str, socket: str) -> None:
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            _end(office, workdir, socket)
            os._exit(1)


def _connect(name: str, office: subprocess.Popen[bytes]) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={name};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop: Any, source: str, target: str) -> None:
    # read-only, hidden, no macro run and no link updated (nothing is fetched from the network)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                       _props(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="MS Word 2007 XML", Overwrite=True))
    finally:
        doc.close(True)


def main() -> int:
    soffice, workdir, name, socket = sys.argv[1:5]
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={uno.systemPathToFileUrl(os.path.join(workdir, 'profile'))}",
         f"--accept=pipe,name={name};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    threading.Thread(target=_watch_parent, args=(os.getppid(), office, workdir, socket), daemon=True).start()
    try:
        desktop = _connect(name, office)
    except Exception as exc:
        _end(office, workdir, socket)
        _say({"error": f"LibreOffice did not start: {type(exc).__name__}: {exc}"})
        return 1
    _say({"ready": True, "office": office.pid})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            _convert(desktop, request["in"], request["out"])
            _say({"ok": True})
        except Exception as exc:
            _say({"error": f"{type(exc).__name__}: {str(exc).strip()[:300]}"})
            if office.poll() is not None:
                _end(office, workdir, socket)
                return 1  # the office died with the file: the caller starts another
    # stdin closed: the caller is done, or dead (a worker killed for its time)
    with contextlib.suppress(Exception):
        desktop.terminate()
        office.wait(10)
    _end(office, workdir, socket)
    return 0


if __name__ == "__main__":
    sys.exit(main())
