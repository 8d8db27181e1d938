"""Translation for the Qt-free client: `translate("Context", "text")`.

Identity until the app installs Qt's translator (`set_translator(QCoreApplication.translate)`),
so the CLI and plain unit tests stay English and this package never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable


def _identity(context: str, text: str) -> str:
    return text


_translator: Callable[[str, str], str] = _identity


def translate(context: str, text: str) -> str:
    return _translator(context, text)


def set_translator(fn: Callable[[str, str], str]) -> None:
    global _translator
    _translator = fn
