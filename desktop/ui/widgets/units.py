"""Numbers as people read them, in the default QLocale (the installed language's): sizes,
speeds, durations, counted things.

Sizes are SI, as file managers show them: "7.1 MB" in English, "7,1 MB" in German. Counted
nouns use Qt's plural forms ("%Ln file(s)": German has its two forms in the translation);
with no translation installed the English source is made right by `plural`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject

_SI = QLocale.DataSizeFormat.DataSizeSIFormat


def plural(text: str, n: int) -> str:
    """An untranslated "%n file(s)" source, already filled in, made English: "1 file",
    "3 files". Translations never contain "(s)", so they pass unchanged."""
    return text.replace("(s)", "" if n == 1 else "s")


def human_size(n: float) -> str:
    """"999 bytes", "7.1 MB", "12.0 GB" (SI: 1 MB = 1,000,000 bytes)."""
    return QLocale().formattedDataSize(int(n), 1, _SI)


def human_speed(bytes_per_second: float) -> str:
    return QCoreApplication.translate("Units", "{size}/s").format(
        size=human_size(bytes_per_second))


def human_duration(seconds: float) -> str:
    """"45 s", "3 min 05 s", "1 h 30 min"."""
    seconds = round(seconds)
    locale = QLocale()
    if seconds < 60:
        return QCoreApplication.translate("Units", "{seconds} s").format(
            seconds=locale.toString(seconds))
    if seconds < 3600:
        return QCoreApplication.translate("Units", "{minutes} min {seconds} s").format(
            minutes=locale.toString(seconds // 60), seconds=f"{seconds % 60:02d}")
    return QCoreApplication.translate("Units", "{hours} h {minutes} min").format(
        hours=locale.toString(seconds // 3600), minutes=f"{seconds % 3600 // 60:02d}")


def number(n: int) -> str:
    """A count with the locale's group separators ("1,234" / "1.234")."""
    return QLocale().toString(n)


class Units(QObject):
    """Counted nouns. A QObject only because lupdate gives plural forms to `self.tr(text, "",
    n)` but not to QCoreApplication.translate with a variable count."""

    def files(self, n: int) -> str:
        return plural(self.tr("%Ln file(s)", "", n), n)


_UNITS = Units()


def files(n: int) -> str:
    """"1 file", "3 files" ("1 Datei", "3 Dateien")."""
    return _UNITS.files(n)
