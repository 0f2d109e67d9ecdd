"""File → Merge…: what merging a colleague's file would change, before it does.

Counts by kind of row; each annotation edited on both sides shown in both versions side
by side (words, tags, note, author, time) with what differs marked, and which is kept
(the newer); each of your annotations the colleague deleted, with its words and who.
For each annotation edited on both sides the officer chooses what to keep: the merge
rule (the newer), mine, theirs, or both (the other as a separate annotation); After
merging follows the choice. The primary button says what it does: Merge.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.differences import word_changes
from models.merge import MergeReport, Passages, Version
from models.merge_choices import Choices, Keep
from models.wording import shortened
from ui.differences import marked

SHOWN = 50
"""Collisions and deletions listed at most (the rest are counted)."""
KINDS = {
    "document": "Records",
    "annotation": "Annotations",
    "annotation_tag": "Tag links",
    "tag": "Tags",
    "tag_alias": "Tag merges",
    "author": "Authors",
}


class MergePreview(QDialog):
    """The preview; ``exec()`` is accepted when the officer chooses Merge."""

    def __init__(self, report: MergeReport, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._added: dict[str, tuple[QLabel, int]] = {}
        self._older: dict[str, Version] = {}
        self.kept: dict[str, Keep | None] = {}
        """Each annotation edited on both sides: what the officer chose (None: the rule)."""
        self.setWindowTitle(self.tr("Merge {0}").format(source))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 130)
        inside = QWidget()
        column = QVBoxLayout(inside)
        column.addWidget(QLabel(self.tr("Merging {0} would change:").format(source)))
        column.addWidget(self._counts(report))
        edited = report.edited_on_both_sides
        if edited:
            title = self.tr(
                "<b>Edited on both sides ({0})</b>: choose what to keep of each. Newer wins "
                "keeps the newer words and note, each tag by its own newer change; keep both "
                "makes the other version a separate annotation. After merging shows the result."
            )
            column.addWidget(_wrapped(title.format(len(edited))))
            for both in edited[:SHOWN]:
                column.addWidget(self._both(both))
        self.arrived = self._arrived(report)
        if report.arrived_total:
            title = self.tr("<b>Added or changed by a colleague ({0})</b>, record by record")
            column.addWidget(_wrapped(title.format(report.arrived_total)))
            column.addWidget(self.arrived)
        self.deleted = QListWidget()
        if report.deleted:
            title = self.tr("<b>Deleted by a colleague ({0})</b>")
            column.addWidget(QLabel(title.format(len(report.deleted))))
            for gone in report.deleted[:SHOWN]:
                words = " ".join(gone.quote.split())
                self.deleted.addItem(f"“{words}” — deleted by {gone.by}, in {gone.document}")
            rows = min(len(report.deleted), 8)  # as tall as it needs, up to 8 lines
            self.deleted.setMaximumHeight(rows * self.deleted.sizeHintForRow(0) + 8)
            column.addWidget(self.deleted)
        more = max(0, len(edited) - SHOWN) + max(0, len(report.deleted) - SHOWN)
        more += report.arrived_total - len(report.arrived)
        if more:
            rest = self.tr("… and {0} more (merge --dry-run lists all).")
            column.addWidget(QLabel(rest.format(more)))
        column.addWidget(QLabel(self.tr("A backup of your database is written first.")))
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inside)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        self.merge_button = buttons.addButton(self.tr("Merge"), accept)
        self.merge_button.setDefault(True)
        # Cancel would take the focus (nothing above takes it) and, with it, Enter.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.merge_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(self.minimumWidth(), 600)

    def choices(self) -> Choices:
        """What the officer chose, for the merge."""
        return Choices(by_id={i: keep for i, keep in self.kept.items() if keep is not None})

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.merge_button.setFocus()  # Enter merges, Esc cancels

    def _arrived(self, report: MergeReport) -> QTreeWidget:
        """Each record, and under it what the merge adds or changes there."""
        tree = QTreeWidget()
        tree.setAccessibleName(self.tr("Added or changed by a colleague"))
        headers = ("Passage", "Change", "Tags", "Note", "Author", "By")
        tree.setHeaderLabels([self.tr(h) for h in headers])
        records: dict[str, QTreeWidgetItem] = {}
        for came in report.arrived:
            record = records.get(came.document)
            if record is None:
                record = records[came.document] = QTreeWidgetItem(tree, [came.document])
                record.setFirstColumnSpanned(True)
            change = self.tr("added") if came.change == "added" else self.tr("changed")
            texts = [
                shortened(came.quote, 90),
                change,
                ", ".join(came.tags),
                shortened(came.note, 90),
            ]
            item = QTreeWidgetItem(record, [*texts, came.author, came.by])
            item.setToolTip(0, came.quote)
            item.setToolTip(2, ", ".join(came.tags))
            item.setToolTip(3, came.note)
        tree.expandAll()
        char = self.fontMetrics().averageCharWidth()
        for column, chars in ((0, 40), (1, 10), (2, 24), (3, 34)):
            tree.setColumnWidth(column, char * chars)
        rows = min(len(report.arrived) + len(records), 12) + 1  # and the header
        line = tree.fontMetrics().height() + 6
        tree.setFixedHeight(rows * line + 2 * tree.frameWidth() + 4)
        return tree

    def _counts(self, report: MergeReport) -> QWidget:
        grid, box = QGridLayout(), QWidget()
        box.setLayout(grid)
        for column, title in enumerate(("", "added", "changed", "deleted")):
            heading = QLabel(f"<i>{self.tr(title)}</i>")
            heading.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(heading, 0, column)
        shown = [(k, c) for k, c in report.counts.items() if c.added or c.updated or c.deleted]
        shown += [
            (k, report.counts[k])
            for k in ("annotation", "annotation_tag")
            if report.edited_on_both_sides and (k, report.counts[k]) not in shown
        ]
        for row, (kind, counts) in enumerate(shown, start=1):
            grid.addWidget(QLabel(self.tr(KINDS.get(kind, kind))), row, 0)
            for column, value in enumerate((counts.added, counts.updated, counts.deleted), 1):
                number = QLabel(f"{value:,}")
                number.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(number, row, column)
                if column == 1:
                    self._added[kind] = (number, value)
        grid.setColumnStretch(4, 1)  # the numbers stay beside their names
        return box

    def _count_copies(self) -> None:
        """Keeping both adds an annotation (and its tag links) per collision: the added
        counts follow the choices."""
        copies = [o for i, o in self._older.items() if self.kept.get(i) == "both" and not o.deleted]
        more = {"annotation": len(copies), "annotation_tag": sum(len(o.tag_ids) for o in copies)}
        for kind, (label, base) in self._added.items():
            label.setText(f"{base + more.get(kind, 0):,}")

    def _both(self, both: Passages) -> QGroupBox:
        """Yours and theirs side by side, what differs marked, and what the merge makes of
        them (the newer words and note; tags as each link's own newer change leaves)."""
        kept = (
            self.tr("yours is the newer")
            if both.winner == "local"
            else self.tr("theirs is the newer")
        )
        box = QGroupBox()
        grid = QGridLayout(box)
        # Left to right, the title isolated: an Arabic title must not turn the line round.
        where = QLabel(f"\u200e<b>\u2068{html.escape(both.document)}\u2069</b>: {kept}")
        where.setWordWrap(True)
        grid.addWidget(where, 0, 0, 1, 4)
        for column, title in ((1, "Yours"), (2, "Theirs"), (3, "After merging")):
            grid.addWidget(QLabel(f"<i>{self.tr(title)}</i>"), 1, column)
        mine, theirs = both.mine, both.theirs
        rows = [
            (self.tr("Passage"), *_compared(_passage(mine), _passage(theirs))),
            (self.tr("Tags"), *_compared(_tags(mine), _tags(theirs))),
            (self.tr("Note"), *_compared(mine.note, theirs.note)),
            (self.tr("Author"), html.escape(mine.author), html.escape(theirs.author)),
            (self.tr("Changed"), _when(mine), _when(theirs)),
            (self.tr("Kept apart"), "", ""),
        ]
        after: list[QLabel] = []
        for row, (name, *texts) in enumerate(rows, start=2):
            grid.addWidget(QLabel(name), row, 0)
            for column, text in enumerate([*texts, ""], start=1):
                label = _shown(text)
                grid.addWidget(label, row, column)
            after.append(label)
        for column in (1, 2, 3):
            grid.setColumnStretch(column, 1)
        grid.addWidget(self._choice(both, after), len(rows) + 2, 0, 1, 4)
        return box

    def _choice(self, both: Passages, after: list[QLabel]) -> QWidget:
        """Newer wins / Keep mine / Take theirs / Keep both; After merging follows."""
        row, group = QWidget(), QButtonGroup(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(self.tr("Keep:")))
        newer = self.tr("Newer wins ({0})").format(
            self.tr("yours") if both.winner == "local" else self.tr("theirs")
        )
        options: list[tuple[str, Keep | None]] = [
            (newer, None),
            (self.tr("Keep mine"), "mine"),
            (self.tr("Take theirs"), "theirs"),
            (self.tr("Keep both"), "both"),
        ]
        for text, keep in options:
            button = QRadioButton(text)
            button.setObjectName(f"keep-{keep or 'newer'}")
            button.setChecked(keep is None)
            button.toggled.connect(self._chooser(both, keep, after))
            group.addButton(button)
            line.addWidget(button)
        line.addStretch()
        self._choose(both, None, after)
        return row

    def _chooser(
        self, both: Passages, keep: Keep | None, after: list[QLabel]
    ) -> Callable[[bool], None]:
        def chosen(on: bool) -> None:
            if on:
                self._choose(both, keep, after)

        return chosen

    def _choose(self, both: Passages, keep: Keep | None, after: list[QLabel]) -> None:
        self.kept[both.id] = keep
        newer = both.mine if both.winner == "local" else both.theirs
        older = both.theirs if both.winner == "local" else both.mine
        shown = {None: both.merged or newer, "mine": both.mine, "theirs": both.theirs}
        version = shown.get(keep, newer)
        texts = [_plain(_passage(version)), _plain(_tags(version)), _plain(version.note)]
        texts += [html.escape(version.author), "", "—"]
        if keep == "both" and not older.deleted:
            texts[-1] = self.tr("a separate annotation: {0}, by {1}").format(
                html.escape(older.describe()), html.escape(older.edited_by or older.author)
            )
        for label, text in zip(after, texts, strict=True):
            label.setText(text)
        self._older[both.id] = older
        self._count_copies()


def _passage(version: Version) -> str:
    return f"(deleted) {version.quote}" if version.deleted else version.quote


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _shown(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _compared(mine: str, theirs: str) -> tuple[str, str]:
    """Both wordings as HTML, what yours has and theirs not struck, theirs' additions
    underlined."""
    pieces = word_changes(mine, theirs)
    return marked(pieces, "old") or "—", marked(pieces, "new") or "—"


def _plain(text: str) -> str:
    return html.escape(text).replace("\n", "<br>") or "—"


def _tags(version: Version) -> str:
    return ", ".join(version.tags) if not version.deleted else "(deleted)"


def _when(version: Version) -> str:
    when = dt.datetime.fromtimestamp(version.modified / 1000, dt.UTC)
    state = " (deleted)" if version.deleted else ""
    return f"{when:%d %b %Y, %H:%M:%S}.{when.microsecond // 1000:03d} UTC{state}"
