"""At archive scale the window reads what is on screen, not the whole library."""

from __future__ import annotations

from models import ImportedDocument, Library

from gui_support import ScriptedPrompts, make_window


def test_the_document_list_counts_only_the_rows_on_screen(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    for number in range(400):
        text = f"Record {number} on migration and funding."
        library.import_document(ImportedDocument(f"Record {number:03d}", text, "r.txt", "txt"))
    window = make_window(qtbot, library, ScriptedPrompts())
    counted: list[str] = []
    window.documents.model.set_counter(lambda document_id: counted.append(document_id) or 0)
    window.refresh_documents()
    qtbot.wait(50)
    assert window.documents.model.rowCount() == 400
    assert 0 < len(counted) < 100  # the rows on screen, not 400
    qtbot.keyClicks(window.documents.filter, "Record 39")  # filtering reads titles only
    assert window.documents.proxy.rowCount() == 10
    assert len(counted) < 100


def test_a_library_opens_without_counting_annotations_per_record(library: Library) -> None:
    for number in range(3):
        library.import_document(
            ImportedDocument(f"R{number}", f"Text {number} here.", "r.txt", "txt")
        )
    light = library.documents(counted=False)
    assert [d.title for d in light] == ["R0", "R1", "R2"]
    assert {d.annotation_count for d in light} == {0}
    document = light[1].id
    library.annotate(document, 0, 4)
    assert library.annotation_count(document) == 1
    assert [d.annotation_count for d in library.documents()] == [0, 1, 0]


def test_an_edit_updates_its_record_count_without_reading_the_list(qtbot, mixed) -> None:  # type: ignore[no-untyped-def]
    from gui_support import annotate

    model = mixed.documents.model
    listed: list[int] = []
    original = mixed.library.documents
    mixed.library.documents = lambda counted=True: (listed.append(1), original(counted))[1]
    annotate(qtbot, mixed, "Opening")
    qtbot.waitUntil(lambda: model.data(model.index(0)).endswith("· 1"))
    assert listed == []  # the list of records was not read again
