"""The window's menus and what they open: the scheme, the rules, the matrix details, what-if
reassigning and removing a role (each change one step the Edit menu undoes); every action in a
menu, with a tip and a shortcut of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from ramdesk.ui.reassign_dialog import ReassignDialog, RemoveRoleDialog
from ramdesk.ui.rules_dialog import PropertiesDialog
from ramdesk.ui.scheme_dialog import SchemeDialog

from .conftest import find


def in_menu(window, menu, action_id):
    action = window.actions[action_id]
    assert action in window.menus[menu].actions()
    assert action.isEnabled()
    return action


def test_scheme_edited_then_chosen_from_the_other_tab_through_the_matrix_menu(
    qtbot, window, monkeypatch
):
    def edit_then_look_at_the_list(dialog):
        dialog.tabs.setCurrentIndex(1)
        dialog.editor.name.setText("Our RACI")
        dialog.editor.name.textEdited.emit("Our RACI")
        dialog.tabs.setCurrentIndex(0)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SchemeDialog, "exec", edit_then_look_at_the_list)
    in_menu(window, "Matrix", "matrix.scheme").trigger()
    assert window.document.matrix.scheme.name == "Our RACI"
    assert window.scheme_label.text() == "Our RACI"
    assert window.legend.html().count("Our RACI") == 1
    in_menu(window, "Edit", "edit.undo").trigger()
    assert window.document.matrix.scheme.name == "RACI"


def test_matrix_details_rename_the_window(qtbot, window, monkeypatch):
    def rename(dialog):
        dialog.name.setText("Shop relaunch")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PropertiesDialog, "exec", rename)
    in_menu(window, "Matrix", "matrix.properties").trigger()
    assert window.windowTitle().startswith("Shop relaunch")
    assert window.isWindowModified()
    window.actions["edit.undo"].trigger()
    assert window.windowTitle().startswith("Website relaunch")


def test_removing_a_role_from_the_what_if_dialog_hands_its_codes_on(qtbot, window, monkeypatch):
    m = window.document.matrix
    before = m.snapshot()
    designer, developer = find(m.roles, "Designer"), find(m.roles, "Developer")
    seen = {}

    def give_all_to_developer(dialog):
        seen["rows"] = dialog.table.rowCount()
        dialog.give_all(developer)
        dialog.commit()
        return dialog.result()

    def remove_designer(dialog):
        dialog.choose(designer)
        seen["button"] = dialog.remove_button.isVisibleTo(dialog)
        dialog.remove_button.click()
        return dialog.result()

    monkeypatch.setattr(RemoveRoleDialog, "exec", give_all_to_developer)
    monkeypatch.setattr(ReassignDialog, "exec", remove_designer)
    in_menu(window, "Matrix", "tools.reassign").trigger()
    assert seen["button"]
    assert seen["rows"] == 2  # Designer is R on Wireframes and Visual design
    assert not m.contains(designer)
    assert m.code(find(m.deliverables, "Wireframes"), developer) == "R"
    assert window.document.undo_stack.count() == 1
    window.actions["edit.undo"].trigger()
    assert m.snapshot() == before


def test_the_remove_role_button_is_only_there_for_a_role(qtbot, window):
    dialog = ReassignDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remove_button.isVisible()
    dialog.by_role.setChecked(True)
    assert dialog.remove_button.isVisible()


def test_remove_role_dialog_is_worked_from_the_keyboard(qtbot, window):
    m = window.document.matrix
    dialog = RemoveRoleDialog(window.document, find(m.roles, "Designer"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.all_to.setFocus()
    seen = []
    for _ in range(12):
        widget = QApplication.focusWidget()
        if widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert dialog.table in seen and dialog.apply_button in seen  # Tab is not caught in the table
    assert all(w.accessibleName() or getattr(w, "text", lambda: "")() for w in seen)
    # F2 on a row opens the choice of role; picking one hands that row's codes over.
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 3)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findText("Developer"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "Developer", timeout=2000)
    assert dialog.moves == {find(m.deliverables, "Wireframes"): find(m.roles, "Developer")}


# ---------------------------------------------------------------------- menus and keys
def menu_actions(window):
    """Every action reachable through the menu bar, submenus included."""
    found = []
    todo = [window.menuBar()]
    while todo:
        widget = todo.pop()
        for action in widget.actions():
            if action.menu() is not None:
                todo.append(action.menu())
            found.append(action)
    return found


def test_every_action_is_in_a_menu_with_a_tip(qtbot, window):
    window.recent_menu.aboutToShow.emit()  # filled when opened
    reachable = set(menu_actions(window))
    missing = [key for key, action in window.actions.items() if action not in reachable]
    assert missing == []
    for key, action in window.actions.items():
        assert action.statusTip(), key
        assert action.toolTip(), key


def test_no_two_actions_share_a_shortcut(qtbot, window):
    """An ambiguous shortcut does nothing at all in Qt: each key must belong to one action."""
    owners: dict[str, list[str]] = {}
    actions = list(window.actions.items())
    actions += [(f"panel {k}", d.toggleViewAction()) for k, d in window.docks.items()]
    for key, action in actions:
        for sequence in action.shortcuts():
            owners.setdefault(sequence.toString(), []).append(key)
    shared = {seq: keys for seq, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def mnemonic_clashes(menu, name, out):
    import re

    letters: dict[str, list[str]] = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        found = re.search(r"&(\w)", action.text())
        if found:
            letters.setdefault(found.group(1).lower(), []).append(action.text())
        if action.menu() is not None:
            mnemonic_clashes(action.menu(), action.text(), out)
    out.extend(f"{name}: {' / '.join(texts)}" for texts in letters.values() if len(texts) > 1)
    return out


def test_each_menu_letter_opens_one_entry(qtbot, window):
    assert mnemonic_clashes(window.menuBar(), "menu bar", []) == []
