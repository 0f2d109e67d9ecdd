"""Search (Ctrl+Shift+F) and Find (Ctrl+F) on real widgets, driven by real key events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from importers import import_file
from models import Document, ImportedDocument, Library, tag_listing
from models.text import normalise
from ui import search_panel
from ui.find_bar import FindBar
from ui.main_window import MainWindow
from ui.reader import DocumentReader
from ui.search_panel import HTML_ROLE, SYNTAX, TARGET_ROLE, SearchPanel
from ui.share_dialog import ShareChoice

from conftest import MIXED_TEXT, SAMPLE
from gui_support import ScriptedPrompts, make_window

NOTE = "Ask Treasury about the FX sensitivity <b>now</b>."


@pytest.fixture
def window(qtbot, library: Library, prompts: ScriptedPrompts) -> MainWindow:  # type: ignore[no-untyped-def]
    library.import_document(ImportedDocument("Mixed record", MIXED_TEXT, "m.txt", "txt"))
    sample = library.import_document(import_file(SAMPLE))
    text = library.document(sample.id).text
    start = text.index("prism of opportunity")
    library.annotate_tagged(sample.id, start, start + 20, ["Risks/Financial"], NOTE)
    return make_window(qtbot, library, prompts)


def search(qtbot, window: MainWindow, query: str) -> SearchPanel:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+F, type the query, Enter: as the officer does it."""
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    panel = window.search_panel
    qtbot.waitUntil(panel.query.hasFocus)
    panel.query.selectAll()
    qtbot.keyClicks(panel.query, query)
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    return panel


def rows(panel: SearchPanel) -> list[tuple[str, list[str]]]:
    model = panel.model
    found = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        children = [model.index(c, 0, parent).data() for c in range(model.rowCount(parent))]
        found.append((parent.data(), children))
    return found


def test_every_hit_is_listed_under_its_document_with_a_count(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, "migration OR commitment")
    found = rows(panel)
    titles = [title for title, _ in found]
    assert titles == ["8 hits · ceb migration dialogue", "1 hit · Mixed record"]
    assert len(found[0][1]) == 8 and found[0][1][0] == "title: ceb migration dialogue"
    assert panel.status.text() == "9 hits in 2 documents."
    hit = panel.model.index(1, 0, panel.model.index(0, 0))
    assert "<b>migration</b>" in hit.data(HTML_ROLE)
    assert panel.results.isExpanded(panel.model.index(0, 0))


def test_down_then_enter_opens_the_record_at_the_hit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, "intergovernmental")
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.waitUntil(panel.results.hasFocus)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.reader.text() == SAMPLE.read_text(encoding="utf-8")
    assert window.reader.textCursor().selectedText() == "intergovernmental"


def test_down_moves_from_hit_to_hit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, "forum")
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    text = window.reader.text()
    start, end = window.reader.selected_range() or (0, 0)
    assert text[start:end] == "forum" and start == text.rindex("forum")


def test_a_phrase_from_a_note_jumps_to_the_annotated_passage(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, '"FX sensitivity"')
    (title, hits), = rows(panel)  # fmt: skip
    assert title == "1 hit · ceb migration dialogue"
    assert hits[0].startswith("note: …about the FX sensitivity")  # cut just before the match
    markup = panel.model.index(0, 0, panel.model.index(0, 0)).data(HTML_ROLE)
    assert "<b>FX sensitivity</b>" in markup and "&lt;b&gt;now&lt;/b&gt;" in markup
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.reader.textCursor().selectedText() == "prism of opportunity"


def test_a_tag_name_finds_the_tagged_passages(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, "financial")
    assert rows(panel) == [("1 hit · ceb migration dialogue", ["tag: Risks/Financial"])]


def test_no_match_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, "zebra")
    assert rows(panel) == []
    assert panel.status.isVisible() and panel.status.text() == "No matches for “zebra”."


def test_a_query_it_cannot_read_is_explained(
    qtbot, library: Library, prompts: ScriptedPrompts
) -> None:  # type: ignore[no-untyped-def]
    library.import_document(import_file(SAMPLE))
    window = make_window(qtbot, library, prompts)
    panel = search(qtbot, window, "migration")
    assert panel.model.rowCount() == 1
    panel = search(qtbot, window, 'health "global forum')
    assert panel.model.rowCount() == 0
    assert panel.status.text() == (
        'The quote after “health” is not closed; write "exact phrase" with a quote at each end.'
    )
    panel = search(qtbot, window, "OR migration")
    assert panel.status.text().startswith("“OR” needs a word on each side")


def test_the_panel_explains_the_syntax_and_names_its_parts(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = SearchPanel()
    qtbot.addWidget(panel)
    assert panel.query.toolTip() == SYNTAX
    for part in ("OR", '"', "*", "-word"):
        assert part in SYNTAX
    for widget in (panel.query, panel.results, panel.status):
        assert widget.accessibleName()
    assert panel.query.accessibleDescription() and panel.results.accessibleDescription()


def test_a_document_row_opens_its_first_hit(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    library.import_document(import_file(SAMPLE))
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.run(library, "forum")
    document = panel.model.index(0, 0)
    with qtbot.waitSignal(panel.result_chosen) as chosen:
        panel.results.activated.emit(document)
    assert chosen.args[1:] == list(panel.model.index(0, 0, document).data(TARGET_ROLE)[1:])


# -- find in this document ---------------------------------------------------------------------

TEXT = "The cat sat. Then the dog and THE bird met the cat.\nA second line: the end."


@pytest.fixture
def bar(qtbot) -> Iterator[FindBar]:  # type: ignore[no-untyped-def]
    host = QWidget()
    reader = DocumentReader()
    reader.show_document(Document("d", "Record", "r.txt", "txt", TEXT, "", (), {}, 0, 0, None))
    find = FindBar(reader)
    layout = QVBoxLayout(host)
    layout.addWidget(find)
    layout.addWidget(reader)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    find.open()
    yield find  # the host stays referenced (and alive) until the test ends


def starts_of(word: str) -> list[int]:
    lowered, found, at = TEXT.lower(), [], 0
    while (at := lowered.find(word, at)) != -1:
        found.append(at)
        at += len(word)
    return found


def selected(bar: FindBar) -> int:
    return (bar.reader.selected_range() or (-1, -1))[0]


def test_enter_finds_the_next_and_shift_enter_the_previous(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    the = starts_of("the")  # The, Then, the, THE, the, the: case is ignored
    assert len(the) == 6
    qtbot.keyClicks(bar.edit, "the")
    assert bar.status.text() == "6 matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert selected(bar) == the[0] and bar.status.text() == "1 of 6"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Enter)
    assert selected(bar) == the[1] and bar.status.text() == "2 of 6"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert selected(bar) == the[2] and bar.status.text() == "3 of 6"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert selected(bar) == the[1] and bar.status.text() == "2 of 6"
    assert bar.edit.hasFocus()


def test_the_count_says_which_match_is_selected(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    text = "x. " + "report, " * 5
    bar.reader.show_document(Document("e", "R", "r", "txt", text, "", (), {}, 0, 0, None))
    qtbot.keyClicks(bar.edit, "REPORT")
    for _ in range(2):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 5"
    assert selected(bar) == text.index("report", text.index("report") + 1)


def test_finding_wraps_around_both_ways(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    cat = starts_of("cat")
    qtbot.keyClicks(bar.edit, "cat")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert selected(bar) == cat[-1] and bar.status.text() == "2 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert selected(bar) == cat[0] and bar.status.text() == "1 of 2"


def test_a_missing_word_says_not_found(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(bar.edit, "cat")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    before = bar.reader.selected_range()
    qtbot.keyClicks(bar.edit, "fish")
    assert bar.status.text() == "Not found"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.status.text() == "Not found" and bar.status.accessibleDescription() == "Not found"
    assert bar.reader.selected_range() == before


def test_buttons_find_too(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    the = starts_of("the")
    bar.edit.setText("the")
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.previous, Qt.MouseButton.LeftButton)
    assert selected(bar) == the[0]


def test_esc_closes_the_bar_and_returns_to_the_reader(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(bar.edit, "dog")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(bar.reader.hasFocus)
    assert bar.reader.textCursor().selectedText() == "dog"  # the match stays selected


def test_open_offers_a_short_selection_and_selects_the_words(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    bar.close_bar()
    bar.reader.select_range(4, 7)
    bar.open()
    assert bar.isVisible() and bar.edit.text() == "cat" and bar.edit.selectedText() == "cat"
    qtbot.waitUntil(bar.edit.hasFocus)
    assert bar.status.text() == "1 of 2"
    bar.close_bar()
    bar.reader.select_range(0, len(TEXT))  # two lines: not offered
    bar.open()
    assert bar.edit.text() == "cat"


def test_keys_sent_to_the_bar_itself_go_to_its_field(qtbot, bar: FindBar) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(bar, "dog")
    assert bar.edit.text() == "dog"
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    assert bar.reader.textCursor().selectedText() == "dog"


def test_every_part_of_the_bar_has_a_name(bar: FindBar) -> None:
    for widget in (bar, bar.edit, bar.previous, bar.next, bar.status, bar.close_button):
        assert widget.accessibleName(), widget
    assert bar.close_button.accessibleName() == "Close find bar"
    assert "Shift+Enter" in bar.edit.accessibleDescription()


def test_counting_is_in_code_points_after_emoji(qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = DocumentReader()
    qtbot.addWidget(reader)
    reader.show_document(Document("d", "R", "r", "txt", MIXED_TEXT, "", (), {}, 0, 0, None))
    find = FindBar(reader)
    qtbot.addWidget(find)
    find.edit.setText("the")
    find.find_next()
    find.find_next()
    start, end = reader.selected_range() or (0, 0)
    assert MIXED_TEXT[start:end].lower() == "the" and find.status.text() == "2 of 3"


def test_ctrl_f_in_the_window_offers_the_selection_and_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_document(window.library.search("commitment").documents[0].document_id)
    start = MIXED_TEXT.index("the Chair")
    window.reader.select_range(start, start + 3)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.text() == "the" and bar.status.text() == "1 of 3"
    qtbot.waitUntil(bar.edit.hasFocus)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "3 of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.reader.hasFocus)
    assert not bar.isVisible()


def test_documents_past_the_first_five_open_when_opened(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    for number in range(7):
        text = f"Record {number}: the budget line on migration, and the budget again."
        library.import_document(ImportedDocument(f"Record {number}", text, f"{number}.txt", "txt"))
    window = make_window(qtbot, library, ScriptedPrompts())
    panel = search(qtbot, window, "budget")
    model, view = panel.model, panel.results
    assert model.rowCount() == 7
    assert [view.isExpanded(model.index(r, 0)) for r in range(7)] == [True] * 5 + [False] * 2
    last = model.index(6, 0)
    assert model.rowCount(last) == 1 and model.index(0, 0, last).data() == "…"
    view.setCurrentIndex(last)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the keyboard opens it
    assert view.isExpanded(last)
    hits = [model.index(r, 0, last).data(HTML_ROLE) for r in range(model.rowCount(last))]
    assert len(hits) == 2 and all("<b>budget</b>" in h for h in hits)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current is not None
    assert window.current.title == last.data().split(" · ", 1)[1]
    assert window.reader.textCursor().selectedText() == "budget"


def test_a_note_hit_chooses_its_annotation(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = search(qtbot, window, '"FX sensitivity"')
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    chosen = window.annotations.current_annotation_id()
    assert chosen is not None
    assert "FX sensitivity" in window.library.annotation(chosen).note
    assert window.annotations.note.isEnabled()


def test_a_tags_passages_in_every_record_are_listed_a_page_of_records_at_a_time(
    qtbot, library: Library, prompts: ScriptedPrompts, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Right-click a tag, "Passages in all records": the records holding it or a tag
    under it, by title, then the next page from the last row; a passage opens its record."""
    monkeypatch.setattr(tag_listing, "RECORDS", 2)
    text = normalise("Funding 🙂 for عربي lines.\r\n" * 5)  # as imported: CRLF to LF
    records = [ImportedDocument(f"Record {n}", f"{n} {text}", "r.txt", "txt") for n in range(4)]
    ids = [library.import_document(record).id for record in records]
    for n, tag in enumerate(["Risks/Legal", "Risks", "Aims", "Risks/Legal"]):
        library.annotate_tagged(ids[n], 2, 9, [tag], "")
    library.annotate_tagged(ids[3], 12, 15, ["Risks"], "")  # "for", after the emoji
    window = make_window(qtbot, library, prompts)
    window.tags.select(library.tag_by_path("Risks").id)
    window.tags.listing_action.trigger()
    panel = window.search_panel
    assert window.left_tabs.currentWidget() is panel and panel.results.hasFocus()
    first = "4 passages tagged “Risks”, in every document, listed by title"
    assert panel.status.text() == first + " (the first 2 documents; the last row lists more)."
    first_page = [("1 passage · Record 0", ["Funding"]), ("1 passage · Record 1", ["Funding"])]
    assert rows(panel) == [*first_page, ("More documents…", [])]
    panel.results.setCurrentIndex(panel.model.index(2, 0))
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert rows(panel)[2:] == [("2 passages · Record 3", ["Funding", "for"])]  # Aims: not listed
    assert panel.status.text() == first + "."
    panel.results.setCurrentIndex(panel.model.index(1, 0, panel.model.index(2, 0)))
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.reader.textCursor().selectedText() == "for"
    assert window.annotations.current_annotation_id() == library.annotations(ids[3])[1].id


def test_a_search_lists_a_page_of_documents_and_the_last_row_lists_more(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search_panel, "PAGE", 1)
    panel = search(qtbot, window, "migration OR commitment")
    assert rows(panel)[1] == ("More documents…", [])
    assert panel.status.text() == "8 hits in 1 document (the best first; the last row lists more)."
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    panel.results.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    titles = [title for title, _ in rows(panel)]
    assert titles == ["8 hits · ceb migration dialogue", "1 hit · Mixed record"]
    assert panel.status.text() == "9 hits in 2 documents."  # what is listed now


def test_a_merge_lists_the_search_and_the_tag_listing_again(
    qtbot, window: MainWindow, library: Library, prompts: ScriptedPrompts, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """What a colleague's merged copy adds shows up in what the Search pane lists."""
    copy = tmp_path / "for-bo.db"
    prompts.answers = [ShareChoice(str(copy))]  # every record, with the notes
    window.share_action.trigger()
    for box in window.findChildren(QMessageBox):  # "Wrote …": read, closed
        box.close()
    bo = Library.open(copy, author="Bo")
    record = bo.import_document(
        ImportedDocument("Bo's record", "Migration funding.", "b.txt", "txt")
    )
    bo.annotate_tagged(record.id, 0, 9, ["Risks/Financial"], "")
    bo.close()
    panel = search(qtbot, window, "migration")
    assert "1 hit · Bo's record" not in [title for title, _ in rows(panel)]
    prompts.answers = [[str(copy)], True]
    window.merge_action.trigger()
    assert "1 hit · Bo's record" in [title for title, _ in rows(panel)]
    window.tags.select(library.tag_by_path("Risks").id)
    window.tags.listing_action.trigger()
    assert len(rows(panel)) == 2
    window.library.delete_tag(library.tag_by_path("Risks").id)
    panel.refresh()
    assert rows(panel) == [] and "no longer in the library" in panel.status.text()


def test_deleting_a_listed_passage_lists_the_search_again(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """It stayed listed, and opening it did nothing (found by a helper, #15)."""
    panel = search(qtbot, window, '"FX sensitivity"')
    assert len(rows(panel)) == 1
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # opens the passage: it is chosen
    (annotation,) = window.library.annotations()
    window.annotations.select(annotation.id)
    window.delete_annotation()
    assert rows(panel) == []
    assert "No matches" in panel.status.text()
    window.undo_stack.undo()  # back, and listed again
    assert len(rows(panel)) == 1
    window.reader.select_range(0, 5)
    window.highlight([])  # a passage not listed: the list is left as it is
    assert len(rows(panel)) == 1
