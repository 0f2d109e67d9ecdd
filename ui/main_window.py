"""The main window: documents and tags on the left, the record in the middle, its
annotations on the right. Every edit goes through ``perform`` onto the undo stack."""

from __future__ import annotations

import sqlite3
from itertools import pairwise
from pathlib import Path

from peewee import PeeweeException
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import Annotation, Document, Library, Tag
from models.database import database_uuid
from models.edits import Change, Edit
from models.entities import Passage
from models.errors import MarginaliaError, NotFound
from models.store import collection_paused
from models.wording import count
from ui import arrivals, sharing
from ui.accessibility import named, next_pane
from ui.annotating import Annotating
from ui.compare_dialog import CompareDialog
from ui.export_dialog import ExportDialog, run_export
from ui.find_bar import FindBar
from ui.icons import icon
from ui.importing import import_paths
from ui.panels import AnnotationPanel, DocumentPanel, TagPanel
from ui.prompts import Prompts, show_message
from ui.quick_tags import QUICK_TAGS, QuickTags
from ui.reader import DocumentReader
from ui.reread import READABLE, reread_document
from ui.review import ReviewPanel, connect_review, import_new_version, refresh_review
from ui.search_panel import SearchPanel
from ui.tag_actions import TagActions
from ui.tag_picker import TagPicker
from ui.theme import SETTING, apply_theme, saved_theme
from ui.undo import EditCommand
from ui.window_state import restore_layout, save_layout

PANE_SHARES = (22, 43, 35)
"""How the width is shared: documents and tags, the record, its annotations."""


def passage_of(annotation: Annotation) -> Passage:
    return Passage(annotation.start, annotation.end, annotation.id, annotation.tag_ids)


class MainWindow(Annotating, QMainWindow):
    """One open annotation database."""

    author_changed = Signal(str)

    def __init__(
        self, library: Library, prompts: Prompts | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.prompts = prompts or Prompts(self)
        self.settings = settings or QSettings()
        self.quick_tags = QuickTags(self.settings, database_uuid(library.db))
        self.tag_picker: TagPicker | None = None
        self.undo_stack = QUndoStack(self)
        self.current: Document | None = None
        self.colors: dict[str, str] = {}
        self.setAcceptDrops(True)
        self._build_widgets()
        self.status_summary = QLabel()
        self.statusBar().addPermanentWidget(self.status_summary)
        connect_review(self)
        self.annotations.model.set_loader(library.annotations_by_id)
        self.annotations.model.tag_loader = library.tags_of
        self.documents.model.set_counter(library.annotation_count)
        self.tag_actions = TagActions(self)
        self._build_actions()
        self._build_menus()
        self._refresh_later = QTimer(self, singleShot=True, interval=0)
        self._refresh_later.timeout.connect(self._refresh_counts)
        restore_layout(self, self.splitters, self.settings)
        self.refresh_tags()
        self.refresh_documents()
        documents = self.documents.model
        if documents.rowCount():
            self.documents.select(documents.document(0).id)

    # -- building ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentPanel()
        self.tags = TagPanel()
        self.search_panel = SearchPanel()
        self.reader = named(
            DocumentReader(),
            self.tr("Document"),
            self.tr(
                "The open record. Select a passage with Shift and the arrow keys, then Ctrl+1…9 "
                "or Ctrl+T to tag it, Ctrl+E to write a note"
            ),
        )
        self.reader.describe_passages = self.describe_passages
        self.reader.margin.read_marks = self.margin_marks
        self.reader.passage_tags.loader = self.library.tags_of
        self.reader.setPlaceholderText(
            self.tr("Import a record (Ctrl+O) or drop files here to start annotating.")
        )
        self.find_bar = FindBar(self.reader)
        self.find_bar.hide()
        self.annotations = AnnotationPanel()
        left = named(QTabWidget(), self.tr("Documents, search and review"))
        left.setUsesScrollButtons(False)  # a narrow side shortens the tab names instead
        left.setElideMode(Qt.TextElideMode.ElideRight)
        left.addTab(self.documents, self.tr("Documents"))
        left.addTab(self.search_panel, self.tr("Search"))
        self.review = ReviewPanel()
        left.addTab(self.review, self.tr("Review"))
        self.left_tabs = left
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(left)
        side.addWidget(self.tags)
        side.setSizes([40, 60])  # the tag tree grows; the document list scrolls
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.find_bar)
        column.addWidget(self.reader)
        splitter = QSplitter()
        for widget, share in zip((side, middle, self.annotations), PANE_SHARES, strict=True):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, share)
            splitter.setCollapsible(splitter.count() - 1, False)
        splitter.setSizes([share * 100 for share in PANE_SHARES])
        side.setMinimumWidth(200)  # a document title, the tag buttons
        self.annotations.setMinimumWidth(300)  # a passage and its tags
        middle.setMinimumWidth(240)  # the record stays readable (and 800 px screens fit)
        self.setCentralWidget(splitter)
        self.splitters = {"main": splitter, "side": side}
        self._connect_widgets()
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab goes document list → document → annotations → note → tags."""
        chain = [
            self.documents.filter,
            self.documents.view,
            self.reader,
            self.annotations.words,
            self.annotations.tag_filter,
            self.annotations.author_filter,
            self.annotations.table,
            self.annotations.note,
            self.tags.view,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def panes(self) -> dict[str, QWidget]:
        """The panes F6 moves between, in order."""
        return {
            "documents": self.left_tabs,
            "reader": self.reader,
            "annotations": self.annotations.table,
            "note": self.annotations.note,
            "tags": self.tags.view,
        }

    def focus_pane(self, step: int) -> None:
        """F6 / Shift+F6: move the keyboard focus to the next / previous pane."""
        pane = next_pane(list(self.panes().values()), step)
        target = pane.currentWidget() if isinstance(pane, QTabWidget) else pane
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)  # a panel passes it to its proxy

    def _connect_widgets(self) -> None:
        self.documents.document_chosen.connect(self.open_document)
        self.reader.passage_clicked.connect(self.annotations.select)
        self.annotations.annotation_chosen.connect(self._on_annotations_annotation_chosen)
        self.annotations.note_edited.connect(self._on_annotations_note_edited)
        self.annotations.done_writing.connect(self.reader.setFocus)
        self.annotations.said.connect(lambda said: self.statusBar().showMessage(said, 8000))
        self.tags.tag_chosen.connect(self.annotations.filter_by_tag)
        self.tags.listing_requested.connect(self.show_tagged)
        self.search_panel.search_requested.connect(self.search)
        self.search_panel.result_chosen.connect(self.open_search_result)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: str | QKeySequence = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            self.tr("&Import records…"),
            self.ask_import,
            QKeySequence.StandardKey.Open,
        )
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo_keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo_action.setShortcuts(redo_keys)
        self.find_action = self._action(
            self.tr("&Find in document"), self.show_find_bar, QKeySequence.StandardKey.Find
        )
        self.search_action = self._action(
            self.tr("&Search all documents"),
            self.show_search,
            "Ctrl+Shift+F",
        )
        self.quick_tag_actions = [
            self._action(
                self.tr("Highlight with tag {0}").format(n),
                lambda _=False, n=n: self.highlight_with_tag(n),
                f"Ctrl+{n}",
            )
            for n in range(1, QUICK_TAGS + 1)
        ]
        self.no_quick_tags_action = QAction(
            self.tr("Quick tags Ctrl+1…9: Tags panel → Change tag → Quick key…"),
            self,
            enabled=False,
        )
        self.highlight_action = self._action(
            self.tr("&Highlight"), lambda: self.highlight(), "Ctrl+H"
        )
        self.pick_tag_action = self._action(self.tr("&Tag…"), self.pick_tag, "Ctrl+T")
        self.note_action = self._action(self.tr("Edit &note"), self.edit_note, "Ctrl+E")
        self.adjust_action = self._action(
            self.tr("&Move passage to the selection"), self.adjust_passage, "Ctrl+M"
        )
        self.delete_action = self._action(
            self.tr("&Delete annotation"), self.delete_annotation, "Ctrl+Del"
        )
        self.next_action = self._action(
            self.tr("&Next annotation"), lambda: self.annotations.step(1), "F8"
        )
        self.previous_action = self._action(
            self.tr("&Previous annotation"), lambda: self.annotations.step(-1), "Shift+F8"
        )
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"), lambda: self.reader.zoomIn(1), QKeySequence.StandardKey.ZoomIn
        )
        # Ctrl++ needs Shift on most keyboards; Ctrl+= is the same key without it.
        zoom_keys = [*self.zoom_in_action.shortcuts(), QKeySequence("Ctrl+=")]
        self.zoom_in_action.setShortcuts(list(dict.fromkeys(zoom_keys)))
        self.zoom_out_action = self._action(
            self.tr("Zoom &out"), lambda: self.reader.zoomOut(1), QKeySequence.StandardKey.ZoomOut
        )
        self.export_action = self._action(self.tr("&Export…"), self.ask_export, "Ctrl+Shift+E")
        self.compare_action = self._action(self.tr("&Compare two readings…"), self.ask_compare)
        self.seen_action = self._action(
            self.tr("Mark all as &seen"), lambda: arrivals.mark_all_seen(self)
        )
        self.new_version_action = self._action(
            self.tr("Import new &version of this document…"), lambda: import_new_version(self)
        )
        self.reread_action = self._action(
            self.tr("Read again in another &encoding…"), lambda: reread_document(self)
        )
        self.share_action = self._action(self.tr("&Share a copy…"), lambda: sharing.share(self))
        self.merge_action = self._action(
            self.tr("&Merge a colleague's database…"), lambda: sharing.merge(self)
        )
        self.author_action = self._action(self.tr("Your &name…"), self.ask_author)
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.next_pane_action = self._action(
            self.tr("Next &pane"), lambda: self.focus_pane(1), "F6"
        )
        self.previous_pane_action = self._action(
            self.tr("Previous pa&ne"), lambda: self.focus_pane(-1), "Shift+F6"
        )
        self.authors_action = self._action(
            self.tr("&Authors in the margin"), self.show_authors_in_margin
        )
        self.theme_actions = self._theme_actions()
        self.authors_action.setCheckable(True)
        shown = self.settings.value("view/authors_in_margin", False, type=bool)
        self.authors_action.setChecked(bool(shown))
        self.reader.margin.set_show_authors(bool(shown))

    def _theme_actions(self) -> dict[str, QAction]:
        """View → Theme: System, Light, Dark (one chosen, remembered)."""
        names = {"system": self.tr("&System"), "light": self.tr("&Light"), "dark": self.tr("&Dark")}
        group = QActionGroup(self)
        chosen = saved_theme(self.settings)
        actions = {}
        for theme, name in names.items():
            action = self._action(name, lambda _=False, t=theme: self.choose_theme(t))
            action.setCheckable(True)
            action.setChecked(theme == chosen)
            group.addAction(action)
            actions[theme] = action
        if chosen != "system":
            apply_theme(chosen)
        return actions

    def choose_theme(self, theme: str) -> None:
        """Use ``theme`` ("system", "light" or "dark") and remember it."""
        theme = apply_theme(theme)
        self.theme_actions[theme].setChecked(True)
        self.settings.setValue(SETTING, theme)
        self.set_toolbar_icons()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, self.new_version_action, self.reread_action])
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addActions([self.share_action, self.merge_action])
        file_menu.addSeparator()
        file_menu.addAction(self.author_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.search_action])
        annotate = bar.addMenu(self.tr("&Annotate"))
        annotate.addActions(
            [
                self.highlight_action,
                self.pick_tag_action,
                self.note_action,
                self.adjust_action,
                self.delete_action,
            ]
        )
        self.quick_tags_start = annotate.addSeparator()
        self.quick_tags_end = annotate.addSeparator()
        annotate.addActions([self.next_action, self.previous_action])
        annotate.addSeparator()
        annotate.addActions([self.seen_action, self.compare_action])
        self.annotate_menu = annotate
        view = bar.addMenu(self.tr("&View"))
        view.addActions([self.zoom_in_action, self.zoom_out_action])
        view.addSeparator()
        view.addAction(self.authors_action)
        theme_menu = view.addMenu(self.tr("&Theme"))
        theme_menu.addActions(list(self.theme_actions.values()))
        view.addSeparator()
        view.addActions([self.next_pane_action, self.previous_pane_action])
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions(list(self.toolbar_actions().values()))
        self.set_toolbar_icons()

    def toolbar_actions(self) -> dict[str, QAction]:
        """The toolbar's actions by icon name, each with the short label it shows."""
        labels = {
            "import": (self.import_action, self.tr("Import")),
            "export": (self.export_action, self.tr("Export")),
            "undo": (self.undo_action, self.tr("Undo")),
            "redo": (self.redo_action, self.tr("Redo")),
            "search": (self.search_action, self.tr("Search")),
            "delete": (self.delete_action, self.tr("Delete")),
        }
        for action, label in labels.values():
            action.setIconText(label)
        return {name: action for name, (action, _) in labels.items()}

    def set_toolbar_icons(self) -> None:
        """Icons that match their actions, in the theme's colours (again on a new theme)."""
        for name, action in self.toolbar_actions().items():
            action.setIcon(icon(name))

    # -- loading -------------------------------------------------------------------------

    def refresh_documents(self) -> None:
        current = self.current.id if self.current else None
        self.documents.model.set_documents(self.library.documents(counted=False))
        self.documents.model.set_new(self.library.new_by_record())
        if current:
            self.documents.select(current)
        self._update_status()

    def refresh_tags(self) -> None:
        tags = self.library.tags()
        self.colors = {t.id: t.color for t in tags}
        self.reader.set_colors(self.colors)
        self.tags.set_tags(tags)
        self.annotations.model.set_tags(tags)
        subtrees = {t.id: self.tags.model.subtree_ids(t.id) for t in tags}
        self.annotations.set_filter_choices(tags, subtrees, self.library.authors())
        self.annotations.model.set_author_colors(self.library.author_colors())
        self.show_quick_tags()
        self._update_status()

    def numbered_tags(self) -> list[Tag | None]:
        """The tag each of Ctrl+1…9 means (None: that number is free)."""
        return self.quick_tags.numbered(self.tags.model.tags(), self.library.tag_tree().canonical)

    def show_quick_tags(self) -> None:
        """Name each quick tag's action; the Annotate menu lists the numbered ones."""
        numbered = self.numbered_tags()
        menu = self.annotate_menu
        for action in [*self.quick_tag_actions, self.no_quick_tags_action]:
            menu.removeAction(action)  # the shortcuts stay: the window holds the actions
        for number, (action, tag) in enumerate(
            zip(self.quick_tag_actions, numbered, strict=True), 1
        ):
            action.setText(
                self.tr("Highlight as “{0}”").format(tag.path)
                if tag
                else self.tr("Ctrl+{0} (no tag)").format(number)
            )
            if tag is not None:
                menu.insertAction(self.quick_tags_end, action)
        if not any(numbered):
            menu.insertAction(self.quick_tags_end, self.no_quick_tags_action)
        self.tags.set_numbers({t.id: n for n, t in enumerate(numbered, 1) if t is not None})

    def open_document(self, document_id: str) -> None:
        """Show a document with every highlight drawn and its annotations listed."""
        if self.current and self.current.id == document_id:
            return
        self.annotations.save_note()
        with collection_paused():
            try:
                self.current = self.library.document(document_id)
            except NotFound:
                self.current = None
            self._show_current()
        self.annotations.show_note(None)
        self.documents.select(document_id)
        refresh_review(self)
        self._update_status()

    # -- performing edits ------------------------------------------------------------------

    def perform(self, edit: Edit) -> bool:
        """Apply an edit and put it on the undo stack; a refused edit shows why."""
        try:
            change = edit.apply(self.library)
        except MarginaliaError as error:
            show_message(self, self.tr("Not done"), str(error))
            return False
        except (sqlite3.Error, PeeweeException) as error:  # e.g. locked by another program
            show_message(
                self,
                self.tr("Not saved"),
                self.tr(
                    "The database could not be written ({0}). Nothing was changed; try again "
                    "when the other program using it has finished."
                ).format(error),
            )
            return False
        self.undo_stack.push(EditCommand(edit, self.library, self.apply_change))
        self.apply_change(change)
        return True

    def apply_change(self, change: Change) -> None:
        """Refresh exactly what an edit (or its undo) changed."""
        if change.kind == "tag":
            before = dict(self.colors)
            self.refresh_tags()
            recoloured = any(self.colors.get(t) != c for t, c in before.items())
            counts = {t.id: t.annotation_count for t in self.tags.model.tags()}
            if recoloured or any(counts.get(t, 0) for t in change.ids):
                self._redraw_passages()  # colours changed, a tag went or came back
        elif change.kind == "annotation":
            for annotation_id in change.ids:
                self._refresh_annotation(annotation_id)
            if self.search_panel.lists_any(change.ids):  # a listed passage changed or went
                self.search_panel.refresh_in_place()
        self._refresh_later.start()

    def _refresh_annotation(self, annotation_id: str) -> None:
        self.reader.remove_passage(annotation_id)
        try:
            annotation = self.library.annotation(annotation_id)
        except NotFound:
            self.annotations.model.remove(annotation_id)
            return
        if self.current and annotation.document_id == self.current.id:
            self.reader.add_passage(passage_of(annotation))
            self.annotations.model.upsert(annotation)
            if self.annotations.current_annotation_id() == annotation_id:
                self.annotations.show_note(annotation_id)

    def _redraw_passages(self) -> None:
        """Draw the open document's passages again (tag colours changed), in place."""
        bar = self.reader.verticalScrollBar().value()
        self._show_current()
        self.reader.verticalScrollBar().setValue(bar)

    def _show_current(self) -> None:
        """Text, highlights and panel rows of ``self.current`` (positions only: the
        panel reads the rest of a row when it is shown)."""
        passages = self.library.places(self.current.id) if self.current else []
        self.reader.show_document(self.current, passages, self.colors)
        self.annotations.model.set_passages(passages, self.tags.model.tags())
        arrivals.show_new(self)

    def _refresh_counts(self) -> None:
        """Counts in the document list and tag tree, the author filter's choices and the
        review list; coalesced after a burst of edits. An edit changes only the open
        record's count: the list of records is not read again."""
        if self.current:
            self.documents.model.recount(self.current.id)
        self._update_status()
        refresh_review(self)
        tags = self.library.tags()
        self.tags.set_tags(tags)
        authors = self.library.authors()
        if authors != self.annotations.authors():
            subtrees = {t.id: self.tags.model.subtree_ids(t.id) for t in tags}
            self.annotations.set_filter_choices(tags, subtrees, authors)
            self.annotations.model.set_author_colors(self.library.author_colors())

    # -- importing, searching, preferences ---------------------------------------------

    def ask_import(self) -> None:
        filters = self.tr(
            "Records (*.txt *.md *.docx *.docm *.dotx *.pdf *.html *.htm);;All files (*)"
        )
        self.import_files(*self.prompts.open_records(self.tr("Import records"), filters))

    def import_files(self, paths: list[str], whole_page: bool = False) -> None:
        if not paths:
            return
        offered = self.tr("Word comments")
        imported = import_paths(
            self,
            self.library,
            paths,
            lambda question: self.prompts.confirm(offered, question, self.tr("Add comments")),
            whole_page,
        )
        self.refresh_documents()
        if imported:
            self.open_document(imported[-1])

    def show_find_bar(self) -> None:
        self.find_bar.open()

    def show_search(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.query.setFocus()

    def search(self, query: str) -> None:
        self.search_panel.run(self.library, query)

    def show_tagged(self, tag_id: str) -> None:
        """One tag's passages in every record, in the search pane."""
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.show_tagged(self.library, tag_id)
        self.search_panel.focus_results()

    def open_search_result(self, document_id: str, start: int, end: int) -> None:
        """Open the record at a hit; a note or tag hit (its passage) also chooses its
        annotation, so its note is there to read and write."""
        self.open_document(document_id)
        annotation_id = self.annotations.model.annotation_at(start, end)
        if annotation_id:
            self.annotations.select(annotation_id)
        if end > start:
            self.reader.select_range(start, end)
            self.reader.reveal_cursor(centre=True)

    def ask_export(self) -> ExportDialog:
        """File → Export: the options dialog opens without blocking; "Export…" asks
        where (the platform's dialog, which confirms replacing a file), then writes."""
        self.annotations.save_note()
        dialog = ExportDialog(
            self.library,
            self.current.id if self.current else None,
            self,
            self.prompts.save_file,
            lambda request: run_export(self, self.library, request),
            self.settings,
        )
        dialog.open()
        return dialog

    def show_annotation(self, document_id: str, annotation_id: str) -> None:
        """Open the record and choose the annotation (shown even if the panel's filters
        hid it)."""
        self.open_document(document_id)
        self.annotations.select(annotation_id)

    def ask_compare(self) -> CompareDialog | None:
        """Annotate → Compare two readings… of the open record (a window of its own, so
        the record stays usable beside it)."""
        if self.current is None:
            show_message(
                self, self.tr("Compare"), self.tr("Open a record to compare its readings.")
            )
            return None
        dialog = CompareDialog(self.library, self.current.id, self, self.show_annotation)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def ask_author(self) -> None:
        name = self.prompts.text(
            self.tr("Your name"), self.tr("Annotations are signed with:"), self.library.author_name
        )
        if name and name.strip():
            self.library.set_author(name)
            self.author_changed.emit(self.library.author_name)
            self._update_status()

    # -- window events -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_files([p for p in paths if Path(p).is_file()])

    def closeEvent(self, event: QEvent) -> None:
        self.annotations.save_note()  # the note being typed is not lost
        save_layout(self, self.splitters, self.settings)
        super().closeEvent(event)  # type: ignore[arg-type]

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self._update_status()

    def _update_status(self) -> None:
        """The lasting status: how much there is, and who is signing."""
        documents = self.documents.model.rowCount()
        here = (
            self.tr("{0} in this document").format(
                count(self.annotations.model.total(), "annotation")
            )
            if self.current
            else self.tr("no record open")
        )
        self.status_summary.setText(
            self.tr("{0} · {1} · {2} · signed as {3}").format(
                count(documents, "document"),
                here,
                count(len(self.tags.model.tags()), "tag"),
                self.library.author_name,
            )
        )
        self._enable_actions(documents)
        self.setWindowTitle(f"{self._record_name()} — {self._database_name()}")

    def _enable_actions(self, documents: int) -> None:
        """What needs an open record (or any record) is greyed out without one."""
        open_record = self.current is not None
        for action in (
            self.highlight_action,
            self.pick_tag_action,
            self.note_action,
            self.adjust_action,
            self.delete_action,
            self.next_action,
            self.previous_action,
            self.new_version_action,
            self.find_action,
        ):
            action.setEnabled(open_record)
        for action in (self.export_action, self.share_action):
            action.setEnabled(documents > 0)
        self.reread_action.setEnabled(
            self.current is not None and self.current.source_format in READABLE
        )

    def _record_name(self) -> str:
        if self.current is None:
            return self.tr("No record open")
        row = self.documents.model.row_of(self.current.id)
        model = self.documents.model
        return model.label(model.document(row)) if row is not None else self.current.title

    def _database_name(self) -> str:
        path = self.library.path
        return path.name if path else self.tr("annotations")
