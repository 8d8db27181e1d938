"""The Qt-free client's translation hook: `translate(context, text)` is the identity until the
app installs Qt's translator (`set_translator(QCoreApplication.translate)`); the CLI never does,
so it stays English.

Use it with named fields filled in *after* translating, so the source text lupdate extracts is
the one looked up at run time:

    translate("Failures", "{name} was deleted or moved.").format(name=name)

Declarations read before any translator exists (settings labels, state labels) are marked with
`QT_TRANSLATE_NOOP("Context", "text")`, which lupdate extracts, and are translated where they
are shown, with the same context.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def set_translator(translator: Translator | None) -> None:
    """Routes every later `translate` through `translator` (None: back to the identity).
    It must be safe to call from any thread (QCoreApplication.translate is)."""
    global _translator
    _translator = translator or _identity


def translate(context: str, text: str) -> str:
    """`text` in the installed language (unchanged when none is installed or it has no
    translation)."""
    return _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks `text` for extraction under `context` without translating it now."""
    return text
