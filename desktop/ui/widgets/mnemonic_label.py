"""A label with a mnemonic (`&Token`) whose width fits its text as it is drawn.

Qt measures a label's text as one run but draws the underlined mnemonic letter as a run of its
own, which drops the kerning pairs on either side of it. In German "API-&Token" loses the "-T"
pair, the drawn text is three pixels wider than measured, and a form layout (which gives a label
its size hint) clips the last letter: the settings showed "API-Toker".
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


def drawn_width(label: QLabel) -> int:
    """The text's width drawn as Qt draws a mnemonic: before, the letter, after, each alone."""
    text, metrics = label.text(), label.fontMetrics()
    mark = text.find("&")
    while mark != -1 and text[mark + 1:mark + 2] == "&":  # "&&" is a literal ampersand
        mark = text.find("&", mark + 2)
    if mark == -1 or mark + 1 >= len(text):
        return metrics.horizontalAdvance(text.replace("&&", "&"))
    runs = (text[:mark], text[mark + 1], text[mark + 2:])
    return sum(metrics.horizontalAdvance(run.replace("&&", "&")) for run in runs)


class MnemonicLabel(QLabel):
    def sizeHint(self) -> QSize:
        return self._fitted(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitted(super().minimumSizeHint())

    def _fitted(self, hint: QSize) -> QSize:
        measured = self.fontMetrics().horizontalAdvance(self.text().replace("&", "", 1))
        return QSize(hint.width() + max(0, drawn_width(self) - measured), hint.height())
