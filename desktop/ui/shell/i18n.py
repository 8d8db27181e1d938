"""Installing a language: the app's translations, Qt's own, and the locale numbers follow.

Every `resources/i18n/<area>_<lang>.qm` is loaded (the upload side, the gallery, whatever is
there), plus Qt's `qtbase_<lang>.qm` for standard buttons and dialogs. The default QLocale
becomes the language's, so `desktop.ui.widgets.units` formats numbers the way its readers expect, and
the Qt-free client is routed through QCoreApplication.translate.

The language is the `language` setting: "" follows the system, "en" and "de" choose one. It is
read once at start: widgets take their texts when they are built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.client import i18n as client_i18n

log = logging.getLogger(__name__)

SYSTEM = ""
ENGLISH = "en"
GERMAN = "de"


def locale_for(language: str) -> QLocale:
    """The locale a `language` setting stands for."""
    if language == ENGLISH:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    if language == GERMAN:
        return QLocale(QLocale.Language.German, QLocale.Country.Germany)
    return QLocale.system()


def areas(folder: Path) -> list[str]:
    """The translation areas shipped in `folder` ("thumbdrop", "gallery", …)."""
    return sorted({qm.stem.rsplit("_", 1)[0] for qm in folder.glob("*_*.qm")})


@dataclass
class Installed:
    """What `install` changed, so it can be undone (tests switch languages back)."""

    locale: QLocale
    previous_locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return [translator.filePath() for translator in self.translators]

    def remove(self) -> None:
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.translators.clear()
        client_i18n.set_translator(None)
        QLocale.setDefault(self.previous_locale)


def install(language: str, folder: Path) -> Installed:
    """Installs the translations in `folder` and Qt's own for `language` ("" = the system's).
    English (or a language with no files) installs none: the source texts are English."""
    locale = locale_for(language)
    installed = Installed(locale, QLocale())
    QLocale.setDefault(locale)
    sources = [(area, folder) for area in areas(folder)]
    sources.append(("qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))))
    if locale.language() not in (QLocale.Language.English, QLocale.Language.C):
        for area, directory in sources:
            translator = QTranslator(QCoreApplication.instance())
            # Tries each of the locale's UI languages: de_AT, de, … (first match wins).
            if translator.load(locale, area, "_", str(directory)):
                QCoreApplication.installTranslator(translator)
                installed.translators.append(translator)
            else:
                log.info("no %s translation for %s in %s", area, locale.name(), directory)
    client_i18n.set_translator(QCoreApplication.translate)
    return installed
