"""The settings dialog's watched-folders list reads and writes the setting's string."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.shell.folder_list_editor import FolderListEditor


def test_ticks_are_the_subfolders_flag_and_remove_drops_a_folder(qtbot):
    editor = FolderListEditor()
    qtbot.addWidget(editor)
    editor.setText("+/photos\n-/inbox")
    assert editor.list.count() == 2
    editor.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert editor.text() == "-/photos\n-/inbox"
    editor.list.item(1).setSelected(True)
    editor.remove_button.click()
    assert editor.text() == "-/photos"
