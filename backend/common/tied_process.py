"""A child process that dies with this one, however this one ends (SIGKILL, a crash, the OOM
killer, Task Manager), on every OS: `TiedProcess` is a `subprocess.Popen` tied by the means
the platform has.

- Linux: PR_SET_PDEATHSIG. The kernel sends the child SIGKILL when the *thread* that started
  it ends, so start it from a thread that lives as long as the child should (weed.py's
  supervisor does). One syscall in the forked child, no extra process.
- Windows: a job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, made once per process. Only
  this process holds its handle; when this process ends, however it ends, Windows closes the
  handle and kills every process in the job.
- macOS and other POSIX systems (no parent-death signal): a watcher, `/bin/sh` blocked
  reading a pipe whose other end only this process holds. When this process dies the pipe
  closes, `read` returns and the watcher SIGKILLs the child. Once the child has ended and been
  reaped (wait/poll saw it) the watcher is dismissed, so it can never kill a process that
  reused the pid.

The child's own code needs nothing: it works for programs we don't control, like weed.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import threading

_PR_SET_PDEATHSIG = 1
# Loaded here, not in the forked child, where loading could wait on a lock another thread held.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None

# The watcher: blocks on stdin until it closes, then kills the pid it was given. SIGTERM (what
# dismissing it sends) ends it before it kills anything.
_WATCHER = 'read _ignored; kill -KILL "$1" 2>/dev/null'


def _die_with_parent() -> None:
    """In the forked child (Linux): SIGKILL when the thread that started it ends."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class _Tie:
    """How a platform ties a child: options for Popen, then what to do once it runs / ended."""

    def options(self, options: dict) -> dict:
        return options

    def tie(self, process: subprocess.Popen) -> None:
        pass

    def untie(self, process: subprocess.Popen) -> None:
        pass


class ParentDeathSignal(_Tie):
    def options(self, options: dict) -> dict:
        if options.get("preexec_fn") is not None:
            raise ValueError("TiedProcess sets preexec_fn itself")
        return {**options, "preexec_fn": _die_with_parent}


class PipeWatcher(_Tie):
    def __init__(self):
        self._watchers: dict[int, subprocess.Popen] = {}
        self._lock = threading.Lock()

    def tie(self, process: subprocess.Popen) -> None:
        watcher = subprocess.Popen(
            ["/bin/sh", "-c", _WATCHER, "thumbdrop-watch", str(process.pid)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # a terminal's Ctrl+C must not end the watcher first
        with self._lock:
            self._watchers[process.pid] = watcher

    def untie(self, process: subprocess.Popen) -> None:
        with self._lock:
            watcher = self._watchers.pop(process.pid, None)
        if watcher is None:
            return
        watcher.terminate()  # before closing its pipe: a closed pipe would make it kill
        watcher.wait()
        watcher.stdin.close()

    def watcher_of(self, process: subprocess.Popen) -> subprocess.Popen | None:
        with self._lock:
            return self._watchers.get(process.pid)


class KillOnJobClose(_Tie):
    """Windows only; not run on this project's machines (see docs/PLATFORMS.md)."""

    _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
    _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000

    def __init__(self):
        self._job = None
        self._lock = threading.Lock()

    def _job_handle(self):
        with self._lock:
            if self._job is None:
                self._job = self._create_job()
            return self._job

    def _create_job(self):
        from ctypes import wintypes

        class IoCounters(ctypes.Structure):
            _fields_ = [(name, ctypes.c_ulonglong) for name in (
                "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
                "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

        class BasicLimits(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                        ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD),
                        ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t),
                        ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t),
                        ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                        ("ProcessMemoryLimit", ctypes.c_size_t),
                        ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t),
                        ("PeakJobMemoryUsed", ctypes.c_size_t)]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            raise ctypes.WinError(ctypes.get_last_error())
        limits = ExtendedLimits()
        limits.BasicLimitInformation.LimitFlags = self._JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        if not kernel32.SetInformationJobObject(
                wintypes.HANDLE(job), self._JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                ctypes.byref(limits), ctypes.sizeof(limits)):
            raise ctypes.WinError(ctypes.get_last_error())
        self._kernel32 = kernel32
        return job  # never closed: closing it is what kills the children

    def tie(self, process: subprocess.Popen) -> None:
        from ctypes import wintypes

        job = self._job_handle()
        if not self._kernel32.AssignProcessToJobObject(wintypes.HANDLE(job),
                                                       wintypes.HANDLE(int(process._handle))):
            raise ctypes.WinError(ctypes.get_last_error())


def _platform_tie() -> _Tie:
    if sys.platform.startswith("linux"):
        return ParentDeathSignal()
    if sys.platform == "win32":
        return KillOnJobClose()
    return PipeWatcher()


PLATFORM_TIE = _platform_tie()


class TiedProcess(subprocess.Popen):
    """`subprocess.Popen` whose child dies with this process (see the module's doc)."""

    def __init__(self, args, *, tie: _Tie | None = None, **options):
        self._tie = tie or PLATFORM_TIE
        self._tied = False
        super().__init__(args, **self._tie.options(options))
        try:
            self._tie.tie(self)
            self._tied = True
        except BaseException:
            self.kill()  # a child that cannot be tied must not outlive us untied
            super().wait()
            raise

    def poll(self):
        code = super().poll()
        if code is not None:
            self._untie()
        return code

    def wait(self, timeout=None):
        code = super().wait(timeout)
        self._untie()
        return code

    def _untie(self) -> None:
        if self._tied:
            self._tied = False
            self._tie.untie(self)

