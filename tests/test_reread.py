"""A record whose encoding was guessed wrong is read again in the one the officer picks
(#14, plain text): from the CLI (--encoding, with --revision-of to keep the record's
annotations) and from File → Read again in another encoding, where the officer sees the
text as it would read before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from importers import ImportRefused, import_file
from models import Library
from models.errors import InvalidRange
from ui.main_window import MainWindow
from ui.reread import reread_document
from ui.reread_dialog import RereadDialog

from conftest import Cli
from gui_support import ScriptedPrompts, make_window
from records import write_pdf

POLISH = "Zażółć gęślą jaźń: the Board’s note on Łódź.\n\nIt agreed to report in 2027.\n"
"""Letters ISO-8859-2 and windows-1250 hold at different bytes (ś, ą, ź)."""


def select_all(dialog: RereadDialog) -> None:
    """Select the encoding box's text, as a double click does, to type over it."""
    edit = dialog.encoding.lineEdit()
    assert edit is not None
    edit.selectAll()


@pytest.fixture
def polish(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_bytes(POLISH.replace("’", "'").encode("iso8859_2"))
    return path


def test_a_chosen_encoding_reads_every_byte_in_it(polish: Path) -> None:
    as_chosen = import_file(polish, encoding="ISO-8859-2")
    assert as_chosen.text == POLISH.replace("’", "'")
    assert as_chosen.metadata == {"encoding": "iso8859-2"}  # chosen: not a guess
    assert "gęślą" not in import_file(polish, encoding="windows-1250").text


def test_a_chosen_encoding_that_does_not_fit_is_refused_by_byte(polish: Path) -> None:
    with pytest.raises(ImportRefused, match=r"note\.txt cannot be read as utf-8: byte 3 \(0xBF\)"):
        import_file(polish, encoding="utf-8")
    with pytest.raises(ImportRefused, match="“latin-9000” is not an encoding Marginalia knows"):
        import_file(polish, encoding="latin-9000")


def test_a_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Title\n\nCafé".encode())
    assert import_file(path, encoding="utf-8").text.startswith("Title")


def test_word_and_pdf_files_are_not_read_in_a_chosen_encoding(tmp_path: Path) -> None:
    record = write_pdf(tmp_path / "record.pdf", 1)
    with pytest.raises(ImportRefused, match="Word and PDF files say their own"):
        import_file(record, encoding="utf-8")


def test_a_web_page_without_a_charset_is_read_again_in_another(tmp_path: Path) -> None:
    """No <meta charset>: the guess is said, and the page can be read in the right one."""
    page = tmp_path / "page.html"
    french = "<html><body><p>Le Haut-Commissaire a examiné à Besançon la naïveté.</p></body></html>"
    page.write_bytes(french.encode("latin-1"))
    guessed = import_file(page)
    assert guessed.metadata["encoding guessed"] == "yes"
    chosen = import_file(page, encoding="latin-1")
    assert "examiné à Besançon la naïveté" in chosen.text
    assert chosen.metadata["encoding"] == "iso8859-1" and "encoding guessed" not in chosen.metadata


def test_the_cli_reads_a_record_again_as_its_next_version(polish: Path, cli: Cli) -> None:
    """The guess is told with the command that mends it; the mended version keeps the
    annotation made on the guessed text."""
    db = str(polish.with_name("w.db"))
    done = cli("import", "--db", db, "--encoding", "windows-1250", str(polish))
    assert done.returncode == 0, done.stderr
    document_id = done.stdout.split("imported as ")[1].split()[0]
    quote = "agreed to report in 2027"
    library = Library.open(db)
    start = library.document(document_id).text.index(quote)
    library.annotate_tagged(document_id, start, start + len(quote), ["Dates"], "Check")
    library.close()
    again = cli(
        "import", "--db", db, "--revision-of", document_id, "--encoding", "iso-8859-2", str(polish)
    )
    assert again.returncode == 0, again.stderr
    assert "1 moved" in again.stdout
    library = Library.open(db)
    newest = next(d for d in library.documents() if d.revision_of == document_id)
    assert library.document(newest.id).text == POLISH.replace("’", "'")
    [moved] = library.annotations(newest.id)
    assert library.document(newest.id).text[moved.start : moved.end] == quote
    wrong = cli("import", "--db", db, "--encoding", "utf-8", str(polish))
    assert wrong.returncode == 1 and "cannot be read as utf-8" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_the_dialog_shows_the_text_as_it_would_read(qtbot: QtBot, polish: Path) -> None:
    """Typing an encoding shows the record in it; one that does not fit says which byte
    and cannot be chosen."""
    dialog = RereadDialog(None, polish, "windows-1250")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "gęślą" not in dialog.preview.toPlainText()
    dialog.encoding.setFocus()
    select_all(dialog)
    qtbot.keyClicks(dialog.encoding, "iso-8859-2")
    assert dialog.preview.toPlainText().startswith("Zażółć gęślą jaźń")
    assert dialog.read_button.isEnabled()
    select_all(dialog)
    qtbot.keyClicks(dialog.encoding, "utf-8")
    assert dialog.preview.toPlainText() == ""
    assert "byte 3 (0xBF)" in dialog.problem.text()
    assert not dialog.read_button.isEnabled()


def test_read_again_from_the_file_menu(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, polish: Path
) -> None:
    """Imported with a wrong guess, annotated, then read again in the right encoding:
    the record the officer sees now reads right and still has the annotation."""
    wrong = import_file(polish, encoding="windows-1250")
    summary, _ = library.import_record(wrong)
    quote = "agreed to report in 2027"
    start = wrong.text.index(quote)
    library.annotate_tagged(summary.id, start, start + len(quote), ["Dates"], "Check")
    window = make_window(qtbot, library, prompts)
    window.open_document(summary.id)
    assert window.reread_action.isEnabled()
    prompts.answers = [[str(polish)], "iso-8859-2"]
    window.reread_action.trigger()
    assert window.current is not None and window.current.revision_of == summary.id
    assert window.reader.toPlainText().startswith("Zażółć gęślą jaźń")
    assert window.annotations.model.rowCount() == 1
    [moved] = library.annotations(window.current.id)
    assert window.current.text[moved.start : moved.end] == quote
    assert window.current.metadata["encoding"] == "iso8859-2"


def test_read_again_is_for_plain_text_only(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    """A PDF says its own encoding: the menu item is off, and if reached no file is
    asked for."""
    summary, _ = library.import_record(import_file(write_pdf(tmp_path / "record.pdf", 1)))
    window = make_window(qtbot, library, prompts)
    window.open_document(summary.id)
    assert not window.reread_action.isEnabled()
    assert reread_document(window) is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("Word and PDF files say their own" in b.text() for b in boxes if b.isVisible())
    for box in boxes:
        box.close()
    assert prompts.asked == []  # no file was asked for


def test_an_import_says_which_encoding_was_guessed(
    qtbot: QtBot, mixed: MainWindow, polish: Path
) -> None:
    """The officer is told at once, with where to mend it; a UTF-8 file is not named."""
    plain = polish.with_name("plain.txt")
    plain.write_text("Café 😀 قال", encoding="utf-8")
    mixed.import_files([str(plain), str(polish)])
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    [box] = [b for b in boxes if b.isVisible()]
    assert "Imported 2 of 2 files." in box.text()
    guess = import_file(polish).metadata["encoding"]  # cp1250 here: wrong, as it happens
    assert f"note.txt was read as {guess}, a guess" in box.text()
    assert "Read again in another encoding" in box.text() and "plain.txt" not in box.text()
    box.close()


@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "zlib", "undefined", "unicode_escape"])
def test_a_transform_is_no_encoding(polish: Path, name: str) -> None:
    """Python's codecs that are not encodings a file is written in: one sentence, never
    an internal error, never "C:\\new" read as a line break."""
    with pytest.raises(ImportRefused, match=f"“{name}” is not an encoding Marginalia knows"):
        import_file(polish, encoding=name)


def test_a_byte_order_mark_says_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffRapport de la commission".encode())
    with pytest.raises(ImportRefused, match="byte order mark of utf-8: it is in utf-8"):
        import_file(path, encoding="latin-1")


def test_the_dialog_never_stores_a_reading_the_box_does_not_show(
    qtbot: QtBot, polish: Path
) -> None:
    """Typed letter by letter, "hex" passes through "he" and "hex"; pasted over a good
    choice, "rot13" leaves no earlier reading to store."""
    dialog = RereadDialog(None, polish, "iso-8859-2")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.read_button.isEnabled()
    select_all(dialog)
    qtbot.keyClicks(dialog.encoding, "hex")
    assert "“hex” is not an encoding" in dialog.problem.text()
    assert not dialog.read_button.isEnabled()
    dialog.encoding.setCurrentText("windows-1250")
    assert dialog.read_button.isEnabled()
    dialog.encoding.setCurrentText("rot13")
    dialog.accept()
    assert dialog.result() != RereadDialog.DialogCode.Accepted and dialog.isVisible()


def test_a_reading_the_same_as_the_record_cannot_be_chosen(qtbot: QtBot, polish: Path) -> None:
    current = import_file(polish, encoding="iso-8859-2").text
    dialog = RereadDialog(None, polish, "iso-8859-2", current)
    qtbot.addWidget(dialog)
    assert not dialog.read_button.isEnabled()
    assert "reads as the record does now" in dialog.problem.text()
    dialog.encoding.setCurrentText("windows-1250")
    assert dialog.read_button.isEnabled()


def test_another_file_is_stored_only_when_the_officer_says_so(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, polish: Path
) -> None:
    summary, _ = library.import_record(import_file(polish, encoding="windows-1250"))
    other = polish.with_name("other.txt")
    other.write_bytes(b"Minutes of the finance committee, meeting of 3 March 2026.\n" * 3)
    window = make_window(qtbot, library, prompts)
    window.open_document(summary.id)
    prompts.answers = [[str(other)], "latin-1", False]
    window.reread_action.trigger()
    assert "it may be another file" in prompts.asked[-1]
    assert window.current is not None and window.current.id == summary.id  # nothing stored
    assert [d.id for d in library.documents()] == [summary.id]


def test_a_version_that_has_a_newer_one_gets_no_second(library: Library, polish: Path) -> None:
    """Read again from an older version: a second new version would split the record's
    history in two (a helper made one; the annotations moved onto the worse reading)."""
    first, _ = library.import_record(import_file(polish, encoding="windows-1250"))
    newer = library.import_revision(import_file(polish, encoding="iso-8859-2"), first.id)
    with pytest.raises(InvalidRange, match=f"newer one \\({newer.document.id}\\)"):
        library.import_revision(import_file(polish, encoding="latin-1"), first.id)
    assert len(library.documents()) == 2


def test_a_version_read_wrong_is_taken_back_with_its_annotations_returned(
    library: Library, polish: Path
) -> None:
    """Read right, annotated, read again wrong (the note moved onto the wrong reading,
    another made there): taking the wrong version back shows the first reading again
    with its annotation; the one made on the wrong reading goes with it."""
    right, _ = library.import_record(import_file(polish, encoding="iso-8859-2"))
    quote = "agreed to report in 2027"
    start = POLISH.index(quote)
    kept = library.annotate_tagged(right.id, start, start + len(quote), ["Dates"], "Check")
    wrong = library.import_revision(import_file(polish, encoding="windows-1250"), right.id)
    assert [a.id for a in library.annotations(wrong.document.id)] == [kept.id]
    library.annotate_tagged(wrong.document.id, 0, 6, ["Dates"], "made on the wrong reading")
    assert library.earlier_versions(wrong.document.id) == [right.id]
    taken = library.withdraw_version(wrong.document.id)
    assert (taken.document.id, taken.annotations, taken.deleted) == (right.id, 1, 1)
    [back] = library.annotations(right.id)
    assert (back.id, back.start, back.end) == (kept.id, start, start + len(quote))
    assert [d.id for d in library.documents()] == [right.id]
    with pytest.raises(InvalidRange, match="no new version of a record"):
        library.withdraw_version(right.id)


def test_reading_the_record_right_again_offers_to_go_back(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, polish: Path
) -> None:
    """A helper's dead end: read wrong, then read right, was refused as "the same text is
    already in the library" (it is: the first version). Now the officer is offered to go
    back to it, and is, with the annotation."""
    right, _ = library.import_record(import_file(polish, encoding="iso-8859-2"))
    quote = "agreed to report in 2027"
    start = POLISH.index(quote)
    library.annotate_tagged(right.id, start, start + len(quote), ["Dates"], "Check")
    wrong = library.import_revision(import_file(polish, encoding="windows-1250"), right.id)
    window = make_window(qtbot, library, prompts)
    window.open_document(wrong.document.id)
    prompts.answers = [[str(polish)], "iso-8859-2", True]
    window.reread_action.trigger()
    assert "text of an earlier version" in prompts.asked[-1]
    assert "will be deleted" not in prompts.asked[-1]  # none was made on the wrong reading
    assert window.current is not None and window.current.id == right.id
    assert window.reader.toPlainText().startswith("Zażółć gęślą jaźń")
    assert window.annotations.model.rowCount() == 1


def test_the_cli_says_how_to_go_back(polish: Path, cli: Cli) -> None:
    db = str(polish.with_name("back.db"))
    first = cli("import", "--db", db, "--encoding", "iso-8859-2", str(polish))
    right = first.stdout.split("imported as ")[1].split()[0]
    second = cli("import", "--db", db, "--revision-of", right, "--encoding", "cp1250", str(polish))
    wrong = second.stdout.split("imported as ")[1].split(",")[0]
    again = cli(
        "import", "--db", db, "--revision-of", wrong, "--encoding", "iso-8859-2", str(polish)
    )
    assert again.returncode == 1 and f"document withdraw {wrong}" in again.stderr
    taken = cli("document", "withdraw", wrong, "--db", db)
    assert taken.returncode == 0 and f"is {right} again" in taken.stdout, taken.stderr


def test_an_earlier_version_is_not_read_again(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, polish: Path
) -> None:
    """Said at once, before any file is asked for."""
    first, _ = library.import_record(import_file(polish, encoding="windows-1250"))
    library.import_revision(import_file(polish, encoding="iso-8859-2"), first.id)
    window = make_window(qtbot, library, prompts)
    window.open_document(first.id)
    assert reread_document(window) is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("earlier version" in b.text() for b in boxes if b.isVisible())
    for box in boxes:
        box.close()
    assert prompts.asked == []


def test_a_reading_that_looks_less_right_is_said_so(qtbot: QtBot, polish: Path) -> None:
    """The helper's windows-1250 reading of a Polish note ("gę¶l± jaĽń") was offered with
    only the generic warning; it is now said to look less right than the record."""
    current = import_file(polish, encoding="iso-8859-2").text
    dialog = RereadDialog(None, polish, "iso-8859-2", current)
    qtbot.addWidget(dialog)
    dialog.encoding.setCurrentText("windows-1250")
    assert "looks less right than the record does now" in dialog.problem.text()
    assert dialog.read_button.isEnabled()  # the officer may still know better
    wrong = import_file(polish, encoding="windows-1250").text
    dialog = RereadDialog(None, polish, "windows-1250", wrong)
    qtbot.addWidget(dialog)
    dialog.encoding.setCurrentText("iso-8859-2")
    assert "check the accented letters read right" in dialog.problem.text()
