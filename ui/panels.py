"""The side panels: documents, tags, and annotations (with the note editor)."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models import Tag
from models.annotations import MAX_NOTE_CHARS
from ui.accessibility import named
from ui.annotation_table import (
    ANNOTATION_ID_ROLE,
    AnnotationTableModel,
)
from ui.annotation_view import AnnotationTable
from ui.icons import blank_mark, new_mark
from ui.library_models import (
    DOCUMENT_ID_ROLE,
    DOCUMENT_LABEL_ROLE,
    TAG_ID_ROLE,
    DocumentListModel,
    TagTreeModel,
)
from ui.offsets import OffsetMap

NOTE_SAVE_DELAY_MS = 800
NARROW_TAGS = 250
"""Below this width the tag panel hides its key column."""
TEXT_KEYS = (
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
"""Keys the note editor keeps for itself while it has the focus."""


NEW = "\x1fnew\x1f"
"""Starts the author filter's value for "New from <name>" (no name holds a control
character)."""


def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
    """A filter's choices: everything, then ``items`` (label, value; "New from …" set
    apart by a line); the chosen value stays chosen if still offered, without a signal."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for label, value in items:
        if value.startswith(NEW) and not str(combo.itemData(combo.count() - 1)).startswith(NEW):
            combo.insertSeparator(combo.count())
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


def _column(*widgets: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(4, 4, 4, 4)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


class DocumentPanel(QWidget):
    """The list of documents with a filter box."""

    document_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.model = DocumentListModel()
        self.model.new_mark, self.model.blank_mark = new_mark(), blank_mark()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(DOCUMENT_LABEL_ROLE)  # titles only: nothing is counted
        self.filter = named(
            QLineEdit(placeholderText=self.tr("Filter documents")),
            self.tr("Filter documents"),
            self.tr("Shows only documents whose title holds these words"),
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = named(
            QListView(),
            self.tr("Documents"),
            self.tr("The records in this database; choosing one opens it"),
        )
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the tooltip has it whole
        self.view.setUniformItemSizes(True)  # only the rows on screen are read
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.setLayout(_column(self.filter, self.view))
        self.setFocusProxy(self.view)  # F6 onto the panel lands in the list

    def select(self, document_id: str) -> None:
        row = self.model.row_of(document_id)
        if row is not None:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row)))

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(current.data(DOCUMENT_ID_ROLE))


class TagPanel(QWidget):
    """The tag tree with its management buttons (the window performs the edits)."""

    create_requested = Signal()
    rename_requested = Signal(str)
    recolour_requested = Signal(str)
    number_requested = Signal(str)
    move_requested = Signal(str)
    merge_requested = Signal(str)
    delete_requested = Signal(str)
    tag_chosen = Signal(str)
    listing_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.model = TagTreeModel()
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Tags"))
        self.view.setAccessibleDescription(
            self.tr(
                "The tags, with their quick keys and how many passages carry them; Enter "
                "shows only the passages with the chosen tag."
            )
        )
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TagTreeModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (TagTreeModel.KEY, TagTreeModel.PASSAGES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentChanged.connect(self._enable_buttons)
        self.setLayout(self._layout())
        self._enable_buttons()

    def _layout(self) -> QVBoxLayout:
        """'New tag…' and a 'Change tag' menu (also the tree's right-click menu)."""
        self.new_button = named(
            QToolButton(text=self.tr("New tag…")),
            self.tr("New tag"),
            self.tr("Create a tag; Risks/Legal makes a subtag"),
        )
        self.new_button.setToolTip(self.new_button.accessibleDescription())
        self.new_button.clicked.connect(self.create_requested.emit)
        self.change_actions: list[QAction] = []
        for text, tip, signal in (
            (self.tr("&Rename…"), self.tr("Rename the chosen tag"), self.rename_requested),
            (self.tr("&Colour…"), self.tr("Recolour the chosen tag"), self.recolour_requested),
            (
                self.tr("Quick &key…"),
                self.tr("Give the chosen tag a quick key, Ctrl+1…9"),
                self.number_requested,
            ),
            (
                self.tr("&Move under…"),
                self.tr("Put the chosen tag under another"),
                self.move_requested,
            ),
            (
                self.tr("Mer&ge into…"),
                self.tr("Merge the chosen tag into another"),
                self.merge_requested,
            ),
            (self.tr("&Delete"), self.tr("Delete the chosen tag"), self.delete_requested),
        ):
            action = QAction(text, self, toolTip=tip, statusTip=tip)
            action.triggered.connect(lambda _=False, s=signal: self._emit_for_current(s))
            self.change_actions.append(action)
        menu = QMenu(self)
        menu.addActions(self.change_actions)
        self.change_button = named(
            QToolButton(text=self.tr("Change tag")),
            self.tr("Change tag"),
            self.tr("Rename, recolour, give a quick key, move, merge or delete the chosen tag"),
        )
        self.change_button.setToolTip(self.change_button.accessibleDescription())
        self.change_button.setMenu(menu)
        self.change_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tip = self.tr("List the passages with the chosen tag in every record")
        listing = self.tr("&Passages in all records")
        self.listing_action = QAction(listing, self, toolTip=tip, statusTip=tip)
        self.listing_action.triggered.connect(
            lambda: self._emit_for_current(self.listing_requested)
        )
        separator = QAction(self)
        separator.setSeparator(True)
        self.view.addActions([self.listing_action, separator, *self.change_actions])
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.change_button)
        buttons.addStretch()
        layout = _column(self.view)
        layout.addLayout(buttons)
        return layout

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow panel the key column steps aside for the tag names (each key is
        still in the tag's tooltip and in the Annotate menu)."""
        super().resizeEvent(event)
        self.view.header().setSectionHidden(TagTreeModel.KEY, self.width() < NARROW_TAGS)

    def _enable_buttons(self, *_: object) -> None:
        """Changing a tag works only when a tag is chosen."""
        chosen = self.current_tag_id() is not None
        self.change_button.setEnabled(chosen)
        for action in (self.listing_action, *self.change_actions):
            action.setEnabled(chosen)

    def set_tags(self, tags: list[Tag]) -> None:
        current = self.current_tag_id()
        self.model.set_tags(tags)
        self.view.expandAll()
        if current:
            self.select(current)
        self._enable_buttons()

    def set_numbers(self, numbers: dict[str, int]) -> None:
        """Show which tag each quick key (Ctrl+1…9) means."""
        current = self.current_tag_id()
        self.model.set_tags(self.model.tags(), numbers)
        self.view.expandAll()
        if current:
            self.select(current)
        self._enable_buttons()

    def current_tag_id(self) -> str | None:
        index = self.view.currentIndex().siblingAtColumn(0)
        return index.data(TAG_ID_ROLE) if index.isValid() else None

    def select(self, tag_id: str) -> None:
        matches = self.model.match(
            self.model.index(0, 0),
            TAG_ID_ROLE,
            tag_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if matches:
            self.view.setCurrentIndex(matches[0])

    def _emit_for_current(self, signal: Signal) -> None:
        tag_id = self.current_tag_id()
        if tag_id:
            signal.emit(tag_id)  # type: ignore[attr-defined]

    def _on_view_activated(self, index: QModelIndex) -> None:
        tag_id = index.siblingAtColumn(0).data(TAG_ID_ROLE)
        if tag_id:
            self.tag_chosen.emit(tag_id)


class AnnotationPanel(QWidget):
    """The open document's annotations, filterable, with the note of the chosen one."""

    annotation_chosen = Signal(str)
    note_edited = Signal(str, str)
    done_writing = Signal()
    said = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.model = AnnotationTableModel()
        self._build_filters()
        self._build_table()
        self._build_note_editor()
        layout = _column(self.words)
        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.author_filter)
        layout.addLayout(filters)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note, 1)
        self.setLayout(layout)
        self._note_owner: str | None = None
        self._reselecting = False
        self.model.modelReset.connect(self._reselect_note_owner)

    def _build_filters(self) -> None:
        self.words = named(
            QLineEdit(placeholderText=self.tr("Filter passages and notes")),
            self.tr("Filter annotations by words"),
            self.tr("Shows only annotations whose passage or note holds these words"),
        )
        self.words.setClearButtonEnabled(True)
        self.words.textChanged.connect(lambda words: self.model.set_filter(words=words))
        self.tag_filter = named(QComboBox(), self.tr("Filter annotations by tag"))
        self.tag_filter.currentIndexChanged.connect(self._on_tag_filter_changed)
        self.author_filter = named(
            QComboBox(),
            self.tr("Filter annotations by author"),
            self.tr("Shows one author's annotations, or those a merge brought from a colleague"),
        )
        self.author_filter.currentIndexChanged.connect(self._on_author_filter_changed)
        self._subtrees: dict[str, frozenset[str]] = {}
        self._authors: list[str] = []
        self.model.new_mark, self.model.blank_mark = new_mark(), blank_mark()

    def _build_table(self) -> None:
        self.table = named(
            AnnotationTable(self.model),
            self.tr("Annotations"),
            self.tr(
                "The annotations of this document in text order; F8 and Shift+F8 step through "
                "them, Ctrl+E writes the note of the chosen one"
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

    def _build_note_editor(self) -> None:
        self.note_label = QLabel(self.tr("&Note"))
        self.note = named(
            QPlainTextEdit(),
            self.tr("Note"),
            self.tr(
                "The note of the chosen annotation, saved as you type; Tab moves on, Escape "
                "returns to the document"
            ),
        )
        self.note.setTabChangesFocus(True)
        self.note_label.setBuddy(self.note)
        self.note.installEventFilter(self)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.note)
        leave.setContext(Qt.ShortcutContext.WidgetShortcut)
        leave.activated.connect(self._leave_note)
        self.note.setPlaceholderText(self.tr("Select an annotation to write its note"))
        self.note.setEnabled(False)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._on_note_text_changed)

    # -- filters -------------------------------------------------------------------------

    def set_filter_choices(
        self, tags: list[Tag], subtrees: dict[str, frozenset[str]], authors: list[str]
    ) -> None:
        self._subtrees, self._authors = subtrees, list(authors)
        _fill(self.tag_filter, self.tr("All tags"), [(t.path, t.id) for t in tags])
        self._fill_authors()
        self.table.fit_authors(authors)
        self._on_tag_filter_changed()
        self._on_author_filter_changed()

    def _fill_authors(self) -> None:
        """Every author, then "New from <colleague> (n)" for what a merge brought here."""
        arrived = sorted(self.model.new_from().items())
        new = [(self._new_label(name, len(ids)), NEW + name) for name, ids in arrived]
        _fill(self.author_filter, self.tr("All authors"), [(a, a) for a in self._authors] + new)

    def _new_label(self, name: str, count: int) -> str:
        return self.tr("New from {0} ({1})").format(name or self.tr("a colleague"), count)

    def authors(self) -> list[str]:
        """The authors the author filter offers."""
        return list(self._authors)

    # -- what a merge brought ------------------------------------------------------------

    def show_new(self, new: dict[str, str]) -> None:
        """Mark what a merge brought to this record (id → from whom) and offer to show
        only that; a "New from" list no longer offered is cleared."""
        offered = bool(self.model.new_from())
        self.model.set_new(new)
        if offered or new:  # else nothing to offer now or before: opening stays as cheap
            self._fill_authors()
            self._on_author_filter_changed()

    def seen(self, annotation_id: str) -> None:
        """The officer chose it: its dot goes, and the "New from" counts fall (the list
        shown keeps it, so stepping through the list is not disturbed)."""
        if not self.model.is_new(annotation_id):
            return
        self.model.seen(annotation_id)
        left = {NEW + name: len(ids) for name, ids in self.model.new_from().items()}
        combo = self.author_filter
        for index in range(combo.count()):
            data = combo.itemData(index)
            if isinstance(data, str) and data.startswith(NEW):
                combo.setItemText(index, self._new_label(data[len(NEW) :], left.get(data, 0)))

    def filter_by_tag(self, tag_id: str) -> None:
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag_id)))

    def _on_tag_filter_changed(self, *_: object) -> None:
        tag_id = self.tag_filter.currentData() or ""
        chosen = self._subtrees.get(tag_id, frozenset()) if tag_id else frozenset()
        self.model.set_filter(tag_ids=chosen)

    def _on_author_filter_changed(self, *_: object) -> None:
        chosen = self.author_filter.currentData() or ""
        if chosen.startswith(NEW):
            ids = self.model.new_from().get(chosen[len(NEW) :], [])
            self.model.set_filter(author="", only=frozenset(ids))
        else:
            self.model.set_filter(author=chosen, only=frozenset())

    # -- the chosen annotation -----------------------------------------------------------

    def current_annotation_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ANNOTATION_ID_ROLE) if index.isValid() else None

    def select(self, annotation_id: str) -> None:
        row = self.model.row_of(annotation_id)
        if row is None and self.model.details(annotation_id) is not None:  # filtered out
            self.clear_filters()
            row = self.model.row_of(annotation_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def clear_filters(self) -> None:
        """Show every annotation of the record again."""
        self.words.clear()
        self.tag_filter.setCurrentIndex(0)
        self.author_filter.setCurrentIndex(0)

    def step(self, delta: int) -> None:
        """Choose the next (+1) or previous (-1) visible annotation."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        row = (current + delta) % rows if current >= 0 else (0 if delta > 0 else rows - 1)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reselecting:
            return
        self.save_note()
        annotation_id = current.data(ANNOTATION_ID_ROLE) if current.isValid() else None
        self.show_note(annotation_id)
        if annotation_id:
            self.annotation_chosen.emit(annotation_id)

    def show_note(self, annotation_id: str | None) -> None:
        """Put the note of ``annotation_id`` (or nothing) in the editor.

        The note already being edited is left alone when the stored one says the same
        (an autosave coming back), so the cursor and the typing carry on undisturbed.
        """
        annotation = self.model.details(annotation_id) if annotation_id else None
        if annotation is not None and annotation_id == self._note_owner:
            if annotation.note != self.note.toPlainText():  # undone, or merged in
                self._replace_note_text(annotation.note)
            return
        self._note_owner = None
        self.note.setPlainText(annotation.note if annotation is not None else "")
        self.note.moveCursor(QTextCursor.MoveOperation.End)  # typing adds to the note
        self._save_timer.stop()
        self.note.setEnabled(annotation is not None)
        self.note.setPlaceholderText(
            self.tr("Write a note on this passage…")
            if annotation is not None
            else self.tr("Select an annotation to write its note")
        )
        self._note_owner = annotation.id if annotation is not None else None

    def _replace_note_text(self, text: str) -> None:
        """Show a changed note without saving it back, the cursor kept where it was."""
        owner, self._note_owner = self._note_owner, None
        position = self.note.textCursor().position()
        self.note.setPlainText(text)
        cursor = self.note.textCursor()
        cursor.setPosition(min(position, len(self.note.toPlainText())))
        self.note.setTextCursor(cursor)
        self._save_timer.stop()
        self._note_owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that edit text (Ctrl+Del deletes a word) go to the note, not to the
        window's shortcuts (Ctrl+Del would delete the annotation)."""
        overriding = watched is self.note and event.type() == QEvent.Type.ShortcutOverride
        if overriding and isinstance(event, QKeyEvent) and any(map(event.matches, TEXT_KEYS)):
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _on_note_text_changed(self) -> None:
        """Save after a pause; a note past the limit is cut there, and the officer told
        (rather than refused at the save, losing what was typed)."""
        text = self.note.toPlainText()
        if len(text) > MAX_NOTE_CHARS:
            self._drop_excess(text)
            self.said.emit(
                self.tr("A note holds at most {0:,} characters; the rest was not added.").format(
                    MAX_NOTE_CHARS
                )
            )
            return  # removing the excess called this again, within the limit
        self._save_timer.start(NOTE_SAVE_DELAY_MS)

    def _drop_excess(self, text: str) -> None:
        """Remove what was just typed or pasted past the limit: the characters before
        the cursor, so the note's own text around the insertion stays (and Ctrl+Z in the
        note still works)."""
        offsets = OffsetMap(text)
        cursor = self.note.textCursor()
        at = offsets.from_qt(cursor.position())
        excess = len(text) - MAX_NOTE_CHARS
        start = max(0, at - excess)
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt(start + excess), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.note.setTextCursor(cursor)

    def _leave_note(self) -> None:
        """Escape in the note: save it and go back to the document."""
        self.save_note()
        self.done_writing.emit()

    def note_owner(self) -> str | None:
        """The annotation whose note the editor holds."""
        return self._note_owner

    def save_note(self) -> None:
        """Send the note being typed (called on a pause in typing and when leaving it).

        It goes to the annotation the editor was opened on, whichever row is current
        now and whether or not a filter still shows it.
        """
        self._save_timer.stop()
        owner = self._note_owner
        annotation = self.model.details(owner) if owner else None
        text = self.note.toPlainText()
        if owner and annotation is not None and annotation.note != text:
            self.note_edited.emit(owner, text)

    def _reselect_note_owner(self) -> None:
        """After the rows were rebuilt (a filter changed), choose the row whose note is
        open again, if it is shown."""
        if self._note_owner and self.model.row_of(self._note_owner) is not None:
            self._reselecting = True
            try:
                self.select(self._note_owner)
            finally:
                self._reselecting = False
