"""The shipped translations are complete and match the sources, and no user-facing Qt call in
desktop/ui gets an English literal that lupdate can't see.

- every resources/i18n/*.ts is finished: no unfinished or empty translation, every plural form
  filled, the same {placeholders} as the source (a translation that drops {name} would lose
  the file's name, one that adds {nmae} would raise at run time);
- one lupdate run over every desktop/**/*.py finds exactly the (context, source) pairs the
  shipped .ts files hold together (several files: each area has its own);
- an AST walk flags string literals with letters passed straight to setText, setToolTip, …,
  QAction/QLabel/… constructors, addAction, QMessageBox texts and showMessage.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import PROJECT_ROOT

I18N = PROJECT_ROOT / "resources" / "i18n"
UI = PROJECT_ROOT / "desktop" / "ui"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*(?::[^}]*)?\}")
PLURAL_FORMS = {"de": 2, "en": 2, "fr": 2}


def _shipped() -> list[Path]:
    files = sorted(I18N.glob("*.ts"))
    assert files, f"no translations in {I18N}"
    return files


def _messages(ts: Path):
    """(context, source, message element) for every message of a .ts file."""
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message


def _language(ts: Path) -> str:
    return (ET.parse(ts).getroot().get("language") or "").split("_")[0]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("ts", _shipped(), ids=lambda path: path.name)
def test_every_translation_is_finished(ts):
    problems = []
    forms = PLURAL_FORMS.get(_language(ts))
    assert forms, f"{ts.name}: say how many plural forms {_language(ts)!r} has"
    for context, source, message in _messages(ts):
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") in ("unfinished", "obsolete",
                                                                "vanished"):
            problems.append(f"{where} is not translated")
            continue
        if message.get("numerus") == "yes":
            texts = [form.text or "" for form in translation.iter("numerusform")]
            if len(texts) != forms or not all(text.strip() for text in texts):
                problems.append(f"{where} needs {forms} plural forms, has {texts}")
            # A count shown in the source is shown in every form; a source may also use the
            # count only to agree ("{names} were not deleted").
            counted = "%n" in source or "%Ln" in source
            if counted and not all("%n" in text or "%Ln" in text for text in texts):
                problems.append(f"{where}: every plural form needs the count (%n or %Ln)")
        else:
            texts = [translation.text or ""]
            if not texts[0].strip():
                problems.append(f"{where} has an empty translation")
        for text in texts:
            if _placeholders(text) != _placeholders(source):
                problems.append(f"{where}: placeholders {_placeholders(text)} in {text!r}")
    assert not problems, "\n".join(problems)


def test_the_shipped_translations_hold_exactly_the_sources_strings(tmp_path):
    """lupdate over all the sources, once, into an empty file: what it finds must be what the
    shipped files hold together (nothing new: untranslated; nothing extra: stale)."""
    assert LUPDATE.exists(), f"{LUPDATE} missing: run make install"
    sources = sorted(str(path) for path in (PROJECT_ROOT / "desktop").rglob("*.py"))
    sources.append(str(PROJECT_ROOT / "backend" / "common" / "error_codes.py"))  # the API's
    extracted_file = tmp_path / "extracted.ts"
    subprocess.run([str(LUPDATE), "-silent", "-no-obsolete", *sources, "-ts",
                    str(extracted_file)], check=True, capture_output=True, timeout=120)
    extracted = {(context, source) for context, source, _ in _messages(extracted_file)}
    shipped = {(context, source) for ts in _shipped() for context, source, _ in _messages(ts)}
    assert len(extracted) > 100, "lupdate found almost nothing: is it reading the sources?"
    new = sorted(extracted - shipped)
    assert not new, ("not translated (run `make translations`, then translate):\n"
                     + "\n".join(f"{c}: {s!r}" for c, s in new))
    stale = sorted(shipped - extracted)
    assert not stale, ("translations of texts the sources no longer have (run `make "
                       "translations`):\n" + "\n".join(f"{c}: {s!r}" for c, s in stale))


# --- English literals in user-facing Qt calls --------------------------------------------

TEXT_SETTERS = {"setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip",
                "setAccessibleName", "setAccessibleDescription", "setWhatsThis", "setTitle",
                "setLabelText", "setInformativeText", "setDetailedText", "addTab", "addItem",
                "addAction", "addMenu", "showMessage", "setTabText", "setTabToolTip", "addRow",
                "notify", "set_hint"}
TEXT_WIDGETS = {"QAction", "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QRadioButton",
                "QToolButton", "QMenu", "QToolBar", "QMessageBox", "HintListView"}
MESSAGE_BOXES = {"information", "warning", "critical", "question", "about"}
# Literals that are not words in any language.
ALLOWED = {"·", "…", "—", "×", "%", "/", "-", ""}


def _literals(node: ast.AST):
    """String literals in an argument, including parts of f-strings and concatenations
    (but not inside a call: tr("…") or translate(…, "…") is the point)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _literals(part)
    elif isinstance(node, ast.FormattedValue):
        yield from _literals(node.value)
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def _user_facing_arguments(call: ast.Call):
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in TEXT_SETTERS or name in TEXT_WIDGETS:
        yield from call.args
        yield from (keyword.value for keyword in call.keywords)
    elif (name in MESSAGE_BOXES and isinstance(func, ast.Attribute)
          and getattr(func.value, "id", None) == "QMessageBox"):
        yield from call.args[1:]  # the parent is not text


def untranslated_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            for argument in _user_facing_arguments(node):
                for text in _literals(argument):
                    if text.strip() not in ALLOWED and re.search(r"[A-Za-z]", text):
                        found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def _ui_modules():
    for path in sorted(UI.rglob("*.py")):  # every part's folder (desktop/ui/<part>/)
        yield pytest.param(path, id=str(path.relative_to(UI)))


def test_every_ui_module_is_checked():
    # A layout change once made the glob above find nothing but __init__.py, silently.
    assert len(list(_ui_modules())) > 30


@pytest.mark.parametrize("path", _ui_modules())
def test_no_english_literal_reaches_a_user_facing_qt_call(path):
    found = untranslated_literals(path)
    assert not found, "wrap these in self.tr()/translate():\n" + "\n".join(found)


def test_the_literal_check_sees_what_it_must(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label.setText('Hello')\n"
        "QAction(f'Open {name}', self)\n"
        "QMessageBox.question(self, 'Sure?', self.tr('Really?'))\n"
        "bar.showMessage('Done ' + str(n))\n"
        "label.setText(self.tr('Fine'))\n"
        "label.setText(' · ')\n"
        "label.setText(f'{a}{SEPARATOR}{b}')\n")
    assert [line.split(": ", 1)[1] for line in untranslated_literals(sample)] == [
        "'Hello'", "'Open '", "'Sure?'", "'Done '"]
