"""One LibreOffice kept running per process, to convert legacy .doc files without starting LibreOffice for each
(a start took ~3 s of the 3.7 s a .doc took).

The office is started on the first .doc and driven through UNO by `office_bridge.py`, run by a Python that has
LibreOffice's `uno` module (Debian's python3-uno, for the system's python3). Each file is converted in a private
folder, with the time limit a conversion always had; a conversion that overruns is killed with the office, and
the next file starts a fresh one, as it does after a file that could not be converted (nothing a damaged file did
to the office is left for the next) and every `RESTART_EVERY`-th file (an office's memory grows with use).
Without python3-uno, each file is converted by its own `soffice --convert-to`, as before, slower.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract.readers.text import ReaderError

CONVERT_TIMEOUT = 120.0  # seconds for one conversion
START_TIMEOUT = 90.0  # seconds for an office to start and answer
RESTART_EVERY = 200  # conversions before the office is replaced
BRIDGE = Path(__file__).with_name("office_bridge.py")
NO_OFFICE = "legacy .doc needs LibreOffice: apt-get install libreoffice-writer-nogui"
NOT_CONVERTED = "LibreOffice could not convert the .doc (damaged or password-protected?)"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise ReaderError(NO_OFFICE)
    return path


@functools.cache
def uno_python() -> str | None:
    """A Python that can import LibreOffice's `uno`: MTCL_UNO_PYTHON, LibreOffice's own (its official builds ship
    one), or the system's python3 (Debian's python3-uno)."""
    candidates = [os.environ.get("MTCL_UNO_PYTHON")]
    with contextlib.suppress(ReaderError):
        candidates.append(str(Path(os.path.realpath(soffice())).with_name("python")))
    candidates += ["/usr/bin/python3", shutil.which("python3")]
    for python in candidates:
        if python and os.access(python, os.X_OK):
            try:
                ok = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                return python
    return None


def _pipe(workdir: str) -> tuple[str, str]:
    """The name of the pipe an office listens on, after its private folder, and the socket LibreOffice makes for it
    (sal/osl: /tmp/OSL_PIPE_<uid>_<name>), which a killed office leaves behind."""
    name = f"mtcl-office-{os.path.basename(workdir)}"
    return name, f"/tmp/OSL_PIPE_{os.getuid()}_{name}"


class Office:
    """A LibreOffice listening on a private pipe, with its bridge; started on first use."""

    def __init__(self) -> None:
        self.bridge: subprocess.Popen[bytes] | None = None
        self.office_group = 0
        self.workdir = ""
        self.converted = 0
        self._buffer = b""

    def _start(self, python: str) -> None:
        self.workdir = tempfile.mkdtemp(prefix="mtcl-office-")
        self.bridge = subprocess.Popen([python, str(BRIDGE), soffice(), self.workdir, *_pipe(self.workdir)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                       start_new_session=True)
        self.converted = 0
        self._buffer = b""
        reply = self._reply(START_TIMEOUT)
        if not reply or not reply.get("ready"):
            self.stop()
            message = (reply or {}).get("error") or f"no answer in {START_TIMEOUT:.0f} s"
            raise ReaderError(f"LibreOffice could not be started for the .doc: {message}")
        self.office_group = int(reply["office"])

    def _reply(self, seconds: float) -> dict | None:
        """The bridge's next line, None if it says nothing within `seconds` or has ended."""
        assert self.bridge is not None and self.bridge.stdout is not None
        fd = self.bridge.stdout.fileno()
        deadline = time.monotonic() + seconds
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def convert(self, data: bytes, seconds: float, python: str) -> bytes:
        if self.bridge is None or self.bridge.poll() is not None or self.converted >= RESTART_EVERY:
            self.stop()
            self._start(python)
        assert self.bridge is not None and self.bridge.stdin is not None
        self.converted += 1
        source = Path(self.workdir) / f"in{self.converted}.doc"
        target = source.with_suffix(".docx")
        source.write_bytes(data)
        try:
            self.bridge.stdin.write((json.dumps({"in": str(source), "out": str(target)}) + "\n").encode())
            self.bridge.stdin.flush()
            reply = self._reply(seconds)
            if reply is None:
                self.stop()  # hung or dead: killed with its office, the next file starts another
                raise ReaderError(f"LibreOffice did not convert the .doc within {seconds:.0f} s "
                                  "(the office was restarted)")
            if not reply.get("ok") or not target.exists():
                self.stop()  # a file that broke a conversion leaves nothing behind for the next one
                raise ReaderError(NOT_CONVERTED)
            return target.read_bytes()
        except BrokenPipeError:
            self.stop()
            raise ReaderError(NOT_CONVERTED) from None
        finally:
            source.unlink(missing_ok=True)
            target.unlink(missing_ok=True)

    def stop(self) -> None:
        """Kill the office and its bridge and remove their folder."""
        if self.bridge is not None:
            if self.office_group:
                with contextlib.suppress(OSError):
                    os.killpg(self.office_group, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.killpg(self.bridge.pid, signal.SIGKILL)
            self.bridge.wait()
            for stream in (self.bridge.stdin, self.bridge.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            with contextlib.suppress(OSError):  # a killed office leaves its pipe's socket
                os.unlink(_pipe(self.workdir)[1])
        self.bridge, self.office_group, self.workdir = None, 0, ""

    def close(self) -> None:
        """Let the office close itself (stdin closed), then make sure."""
        if self.bridge is not None and self.bridge.poll() is None:
            with contextlib.suppress(OSError):
                assert self.bridge.stdin is not None
                self.bridge.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.bridge.wait(15)
        self.stop()


_office: Office | None = None
_warned = False


def to_docx(data: bytes, seconds: float = CONVERT_TIMEOUT) -> bytes:
    """A .doc's bytes converted to DOCX by this process's office (or by a LibreOffice started for it)."""
    global _office, _warned
    soffice()
    python = uno_python()
    if python is None:
        if not _warned:
            print("note: python3-uno is not installed, so LibreOffice is started for each .doc (about 3 s a "
                  "file): apt-get install python3-uno", file=sys.stderr)
            _warned = True
        return _convert_alone(data, seconds)
    if _office is None:
        _office = Office()
        atexit.register(close)
    return _office.convert(data, seconds, python)


def close() -> None:
    """Close this process's office, if it has one (a batch worker does before it exits)."""
    if _office is not None:
        _office.close()


def _convert_alone(data: bytes, seconds: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="mtcl-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            proc = subprocess.run(
                [soffice(), f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)],
                capture_output=True, timeout=seconds, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReaderError(f"LibreOffice did not convert the .doc within {seconds:.0f} s") from None
        out = Path(tmp) / "in.docx"
        if proc.returncode != 0 or not out.exists():
            raise ReaderError(NOT_CONVERTED)
        return out.read_bytes()
