"""Search across the library: the query box and every hit, grouped by document; also
one tag's passages in every record, a page of records at a time."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.entities import DocumentHits, SearchHit, SearchResults, Tag
from models.errors import MarginaliaError, QueryError
from models.wording import count
from ui.accessibility import named

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
"""(document id, start, end) a row opens."""
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
"""The row as escaped HTML with the matched words in bold (the display role is plain)."""
MORE_ROLE = Qt.ItemDataRole.UserRole + 3
"""Set on the last row of a listing, which lists the next documents when opened."""
LEAD = 14
"""Characters kept before the first match of a snippet, so the match shows in a narrow pane."""
OPEN_DOCUMENTS = 5
"""Documents shown open with their hits; the others open when the officer opens them."""
PAGE = 20
"""Documents a search lists at once; the last row lists the next ones."""
PLACES = {"note": "note:", "tag": "tag:", "title": "title:", "text": "", "passage": ""}

SYNTAX = (
    "Words: all must occur (health funding)\n"
    '"Exact phrase": the words in this order ("global forum")\n'
    "Prefix*: words that start so (migr* finds migrant, migration)\n"
    "OR: either (health OR migration)\n"
    "-word or NOT word: leave out (migration -labour)\n"
    "Searches the records' text, your notes and tags, and titles; "
    "case and accents do not matter."
)


class Searchable(Protocol):
    def search(self, query: str, limit: int = ..., *, skip: int = 0) -> SearchResults: ...


class Listing(Protocol):
    def tagged(self, tag_id: str, *, skip: int = 0) -> SearchResults: ...
    def tag(self, tag_id: str) -> Tag: ...


def marked_html(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` as HTML with ``spans`` in bold; everything else escaped, so a note can
    never inject markup."""
    parts, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def lead_trimmed(hit: SearchHit) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet cut to start a little before its first match (at a space)."""
    if not hit.highlights or hit.highlights[0][0] <= LEAD:
        return hit.snippet, hit.highlights
    cut = hit.snippet.find(" ", hit.highlights[0][0] - LEAD, hit.highlights[0][0]) + 1
    cut = cut or hit.highlights[0][0] - LEAD
    spans = tuple((s - cut + 1, e - cut + 1) for s, e in hit.highlights)
    return "…" + hit.snippet[cut:], spans


def _tip(text: str) -> str:
    """A tooltip showing ``text`` as typed (escaped: never read as markup)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class HitDelegate(QStyledItemDelegate):
    """Paints a row's HTML (bold matches) on the usual item background."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        view.text = ""
        widget = view.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view, widget)
        document = self._document(markup, view.font)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(view.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = QPalette(context.palette)
        palette.setColor(QPalette.ColorRole.Text, view.palette.color(role))
        context.palette = palette
        painter.save()
        top = area.top() + max(0, (area.height() - document.size().height()) / 2)
        painter.translate(area.left(), top)
        painter.setClipRect(0, 0, area.width(), area.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        markup = index.data(HTML_ROLE)
        if markup:
            height = self._document(markup, option.font).size().height()
            size.setHeight(max(size.height(), int(height) + 2))
        return size

    @staticmethod
    def _document(markup: str, font: QFont) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font)
        document.setHtml(markup)
        return document


class SearchPanel(QWidget):
    """Search across documents: the query box, a summary line, and the hits of each
    document under a row with its title and how many hits it holds."""

    search_requested = Signal(str)
    result_chosen = Signal(str, int, int)

    def __init__(self) -> None:
        super().__init__()
        self._build_query()
        self._build_results()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.query, self.status, self.results):
            layout.addWidget(widget)

    def _build_query(self) -> None:
        self.query = named(
            QLineEdit(placeholderText=self.tr("Search all documents")),
            self.tr("Search all documents"),
            self.tr("Type words and press Enter; Down moves to the results. ") + SYNTAX,
        )
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip(SYNTAX)
        self.query.returnPressed.connect(self._on_query_return_pressed)
        self.query.installEventFilter(self)
        self.status = named(QLabel(), self.tr("Search summary"))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        self.setFocusProxy(self.query)  # F6 onto the panel lands in the query

    def _build_results(self) -> None:
        self.model = QStandardItemModel(self)
        self.results = named(
            QTreeView(),
            self.tr("Search results"),
            self.tr(
                "Each matching document with its number of hits, and every hit below it; "
                "Enter opens the record at the hit"
            ),
        )
        self.results.setModel(self.model)
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)  # no per-row measuring of 2,500 hits
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.activated.connect(self._on_results_activated)
        self.results.expanded.connect(self._on_results_expanded)
        self._closed: dict[int, DocumentHits] = {}
        self.results.clicked.connect(self._on_results_activated)
        self._next_page: Callable[[int], SearchResults] | None = None
        self._noun = "hit"
        self._listed: list[DocumentHits] = []
        self._passages: set[str] = set()  # the annotations listed, on every page shown
        self._describe: Callable[[bool], str] = lambda more: ""
        self._again: Callable[[], None] | None = None

    # -- showing ---------------------------------------------------------------------------

    def run(self, library: Searchable, query: str) -> None:
        """Search ``library`` and show what it found, or why the query cannot be read."""
        self._again = lambda: self.run(library, query)
        try:
            found = library.search(query, PAGE)
        except QueryError as error:
            self.show_error(str(error))
            return
        self.show_hits(found)
        self._next_page = lambda skip: library.search(query, PAGE, skip=skip)
        self._offer_more(found.more_documents)

    def show_hits(self, found: SearchResults) -> None:
        """Show each document found, best first, with its hits below it: the first
        documents open, the others closed until opened (their hits' words are only cut
        from the text then)."""
        self._start_listing("hit")
        self._describe = lambda more: self._summary(
            SearchResults(found.query, tuple(self._listed), more)
        )
        self._append(found.documents)
        self._say(self._describe(found.more_documents), error=False)

    def show_tagged(self, library: Listing, tag_id: str) -> None:
        """List the records holding passages with the tag (or a tag under it), by title,
        each with its passages; a last row lists the next records when opened.

        Raises:
            UnknownTag: there is no such tag.
        """
        tag = library.tag(tag_id)
        path, passages = tag.path, tag.with_subtags
        self._start_listing("passage")
        self.query.clear()
        self._again = lambda: self._list_again(library, tag_id, path)
        found = library.tagged(tag_id)
        self._append(found.documents)
        self._next_page = lambda skip: library.tagged(tag_id, skip=skip)
        self._offer_more(found.more_documents)

        def describe(more: bool) -> str:
            if not self._listed:
                return self.tr("No passage is tagged “{0}”.").format(path)
            summary = self.tr("{0} tagged “{1}”, in every document, listed by title").format(
                count(passages, "passage"), path
            )
            if more:
                summary += self.tr(" (the first {0}; the last row lists more)").format(
                    count(len(self._listed), "document")
                )
            return summary + "."

        self._describe = describe
        self._say(describe(found.more_documents), error=False)

    def refresh(self) -> None:
        """List again what is listed (after a merge changed the library), from the top."""
        if self._again is not None:
            self._again()

    def lists_any(self, annotation_ids: Iterable[str]) -> bool:
        """Whether one of these annotations is (or was, before an edit took it off) a hit
        of what is listed: its note or tags matched."""
        return not self._passages.isdisjoint(annotation_ids)

    def refresh_in_place(self) -> None:
        """List again (after an edit changed a listed passage), keeping the place: the
        records that were open stay open and the list does not jump to the top."""
        bar = self.results.verticalScrollBar()
        where = bar.value()
        opened = {
            self.model.item(row).text()
            for row in range(self.model.rowCount())
            if self.results.isExpanded(self.model.index(row, 0))
        }
        before = self._passages
        self.refresh()
        self._passages |= before  # an undo may bring one back
        for row in range(self.model.rowCount()):
            if self.model.item(row).text() in opened:
                self.results.expand(self.model.index(row, 0))
        bar.setValue(where)

    def _list_again(self, library: Listing, tag_id: str, path: str) -> None:
        try:
            self.show_tagged(library, tag_id)
        except MarginaliaError:
            self._start_listing("passage")
            self._say(self.tr("The tag “{0}” is no longer in the library.").format(path), False)

    def _start_listing(self, noun: str) -> None:
        self._passages = set()
        self.model.clear()
        self._closed: dict[int, DocumentHits] = {}
        self._next_page, self._noun, self._listed = None, noun, []

    def _append(self, documents: tuple[DocumentHits, ...]) -> None:
        self._listed += documents
        self._passages |= {h.annotation_id for d in documents for h in d.hits if h.annotation_id}
        for document in documents:
            number = self.model.rowCount()
            row = self._document_row(document)
            self.model.appendRow(row)
            if number < OPEN_DOCUMENTS:
                self._fill(row, document)
                self.results.expand(row.index())
            else:
                row.appendRow(QStandardItem(self.tr("…")))  # so it can be opened
                self._closed[number] = document

    def _offer_more(self, more: bool) -> None:
        if more:
            row = QStandardItem(self.tr("More documents…"))
            row.setData(True, MORE_ROLE)
            row.setToolTip(self.tr("List the next documents"))
            self.model.appendRow(row)

    def _list_more(self, row: int) -> None:
        """Replace the "More documents" row by the next page of documents."""
        if self._next_page is None:
            return
        self.model.removeRow(row)
        found = self._next_page(row)
        self._append(found.documents)
        self._offer_more(found.more_documents)
        self.results.setCurrentIndex(self.model.index(row, 0))
        self._say(self._describe(found.more_documents), error=False)

    def _fill(self, row: QStandardItem, document: DocumentHits) -> None:
        row.removeRows(0, row.rowCount())
        row.appendRows([self._hit_row(document.document_id, hit) for hit in document.hits])

    def _on_results_expanded(self, index: QModelIndex) -> None:
        document = self._closed.pop(index.row(), None) if not index.parent().isValid() else None
        if document is not None:
            self._fill(self.model.itemFromIndex(index), document)

    def show_error(self, message: str) -> None:
        """Say why the query cannot be read (a ``QueryError`` message); clear the hits."""
        self.model.clear()
        self._say(message, error=True)

    def _summary(self, found: SearchResults) -> str:
        if not found.query.strip():
            return ""
        if not found.documents:
            return self.tr("No matches for “{0}”.").format(found.query.strip())
        summary = self.tr("{0} in {1}").format(
            count(found.hit_count, "hit"), count(len(found), "document")
        )
        if found.more_documents:
            summary += self.tr(" (the best first; the last row lists more)")
        return summary + "."

    def _say(self, text: str, error: bool) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.status.setAccessibleDescription(text)
        palette = QPalette(self.palette())
        if error:  # the sentence says it; the colour only helps to notice it
            dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
            palette.setColor(
                QPalette.ColorRole.WindowText, QColor("#FF8A80" if dark else "#B00020")
            )
        self.status.setPalette(palette)

    def _document_row(self, document: DocumentHits) -> QStandardItem:
        hits = count(document.count, self._noun)
        if document.more:
            hits += self.tr(", the first {0} listed").format(len(document.hits))
        row = QStandardItem(f"{hits} · {document.title}")  # the count first: never cut off
        font = row.font()
        font.setBold(True)
        row.setFont(font)
        row.setToolTip(_tip(f"{document.title} — {hits}"))
        first = document.hits[0] if document.hits else None
        row.setData((document.document_id, first.start, first.end) if first else
                    (document.document_id, 0, 0), TARGET_ROLE)  # fmt: skip
        return row

    def _hit_row(self, document_id: str, hit: SearchHit) -> QStandardItem:
        text, spans = lead_trimmed(hit)
        place = self.tr(PLACES[hit.where])
        row = QStandardItem(f"{place} {text}" if place else text)
        markup = marked_html(text, spans)
        if place:
            markup = f"<i>{html.escape(place)}</i> {markup}"
        row.setData(markup, HTML_ROLE)
        row.setData((document_id, hit.start, hit.end), TARGET_ROLE)
        tip = hit.snippet if not hit.passage else f"{hit.snippet}\n\n“{hit.passage}”"
        row.setToolTip(_tip(tip))
        return row

    # -- keys and choices ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.focus_results()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> None:
        """Move the keyboard to the results, on the first hit."""
        first = self.model.index(0, 0)
        child = self.model.index(0, 0, first)
        self.results.setCurrentIndex(child if child.isValid() else first)
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_query_return_pressed(self) -> None:
        self.search_requested.emit(self.query.text())

    def _on_results_activated(self, index: QModelIndex) -> None:
        if index.data(MORE_ROLE):
            self._list_more(index.row())
            return
        target = index.data(TARGET_ROLE)
        if target:
            self.result_chosen.emit(*target)
