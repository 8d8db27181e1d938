"""Ejecting a card once its photos are copied (or uploaded): unmounted, and powered off where
the system can.

Qt-free and blocking (a worker runs it). The ways are tried in order until one unmounts:
`udisksctl unmount -b DEVICE` (Linux desktops: udisks2 lets the logged-in user unmount what
it mounted, without root), then `umount MOUNTPOINT` (root, or an fstab `user` entry), and
`diskutil eject` on macOS. Windows has no command-line eject: the answer is a sentence asking
the user to use "Safely Remove Hardware". Where nothing works the sentence names the card,
the system's own reason ("target is busy"), and what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

from .card_scan import Volume
from .i18n import translate

EJECT_SECONDS = 120  # an unmount flushes what is still to be written to the card


def eject_commands(volume: Volume, which: Callable[[str], str | None] = shutil.which,
                   platform: str = sys.platform) -> list[list[str]]:
    """The commands to try, in order (none where the system has no way)."""
    if platform == "darwin":
        return [["diskutil", "eject", str(volume.root)]] if which("diskutil") else []
    if platform == "win32":
        return []
    commands = []
    if volume.device and volume.device.startswith("/dev/") and which("udisksctl"):
        commands.append(["udisksctl", "unmount", "--no-user-interaction", "-b", volume.device])
    if which("umount"):
        commands.append(["umount", str(volume.root)])
    return commands


def eject(volume: Volume) -> str | None:
    """Unmounts the card; None when it is out, else the sentence saying why not and what to do."""
    commands = eject_commands(volume)
    if not commands:
        return translate("CardImport", "Thumbdrop can't eject cards on this system; eject "
                         "{card} from the file manager (or Safely Remove Hardware) before you "
                         "take it out.").format(card=volume.name)
    reason = ""
    for command in commands:
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False,
                                  timeout=EJECT_SECONDS, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            reason = str(error)
            continue
        if done.returncode == 0 or not os.path.ismount(volume.root):
            if command[0] == "udisksctl":  # a card reader's slot can be powered off too
                subprocess.run(["udisksctl", "power-off", "--no-user-interaction", "-b",
                                volume.device], capture_output=True, check=False,
                               timeout=EJECT_SECONDS, stdin=subprocess.DEVNULL)
            return None
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
    return translate("CardImport", "{card} could not be ejected ({reason}). Close any program "
                     "showing files on it, then eject it from the file manager before you take "
                     "it out.").format(card=volume.name, reason=reason)
