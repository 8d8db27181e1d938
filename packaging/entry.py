"""The one entry script of the desktop bundle: each of its programs (thumbdrop, thumbdrop-cli,
thumbdrop-backend) is this script frozen under that name, and runs the command it is named
after. One Analysis serves all three, so the bundle holds each library once."""

import sys
from pathlib import Path


def main() -> int:
    name = Path(sys.executable).stem
    if name == "thumbdrop-cli":
        from desktop.cli import main as command
    elif name == "thumbdrop-backend":
        from backend.local.__main__ import main as command
    else:
        from desktop.launcher import main as command
    return command()


if __name__ == "__main__":
    sys.exit(main())
