"""A web page's main content by default, its whole visible text on request, never what a
browser hides or runs (#14, HTML). The pages are written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from importers import import_file
from models import ImportedDocument

from conftest import Cli

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>UN page</title>
<script>var tracking = 1;</script></head><body>
<header class="masthead"><a href="/">Home page</a> <a href="/about">About the site</a></header>
<div class="cookie-banner">We use cookies to improve your visit</div>
<main><article><header><h1>Summary record</h1><p>By the secretariat</p></header>
<p>The Board agreed to report by 2027 😀.</p>
<div hidden>Draft text not published</div><p style="display: none">Also hidden away</p>
<p aria-hidden="true">Screen furniture</p>
<table><tr><td>IOM<script>google_ad_client = 1</script></td>
<td>Supports<style>.navbar { color: red }</style></td></tr></table>
<p>قال الأمين العام إن الهجرة قضية عالمية.</p></article></main>
<aside class="sidebar">Related stories: more reading</aside>
<div id="comments">Reader comment: great post</div>
<footer>Copyright 2026 · Terms of use</footer></body></html>"""
MAIN = ("Summary record", "By the secretariat", "The Board agreed to report by 2027 😀.")
MAIN += ("IOM | Supports", "قال الأمين العام إن الهجرة قضية عالمية.")
FURNITURE = ("Home page", "cookies", "Related stories", "Reader comment", "Copyright")
NEVER = ("Draft text", "hidden away", "Screen furniture", "google_ad_client", "navbar", "tracking")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def blocks(document: ImportedDocument) -> list[str]:
    return [document.text[b.start : b.end] for b in document.blocks]


def test_the_main_content_without_the_pages_furniture(page: Path) -> None:
    document = import_file(page)
    assert all(text in blocks(document) for text in MAIN)
    assert not [f for f in (*FURNITURE, *NEVER) if f in document.text]


def test_the_whole_page_on_request_but_never_what_is_hidden_or_run(page: Path) -> None:
    document = import_file(page, whole_page=True)
    assert all(text in document.text for text in (*MAIN, *FURNITURE))
    assert not [f for f in NEVER if f in document.text]


def test_content_named_like_furniture_is_kept(tmp_path: Path) -> None:
    """A page whose text all sits in a "share-wrapper" is that text, whatever its class."""
    text = "The Board agreed to strengthen cooperation on migration. " * 20
    path = tmp_path / "odd.html"
    path.write_text(
        f'<html><body><nav>Menu</nav><div class="share-wrapper"><p>{text}</p></div></body></html>',
        encoding="utf-8",
    )
    assert text.strip() in import_file(path).text


LINKED = """<html><head><title>Board news</title></head><body>
<div class="box"><a href="/a">World</a> · <a href="/b">Business</a> · <a href="/c">Sport</a>
· <a href="/d">Opinion</a></div>
<article><h1>The Board met</h1><p>It agreed to report by 2027, as the <a href="/r">last
report</a> asked.</p><ul><li><a href="/1">Bug 1677080 – Fullscreen window is affected</a>
</li><li><a href="/2">Bug 1677107 – Telemetry for multiple windows</a></li>
<li><a href="/3">Bug 1681796 – Superfluous actors</a></li></ul></article>
<section><h2>Most read</h2><ol><li><a href="/m1">Housing market splits in two</a></li>
<li><a href="/m2">Chief executive refuses to admit flaws</a></li>
<li><a href="/m3">How to stop robocalls</a></li></ol></section></body></html>"""


def test_lists_of_links_outside_the_article_are_furniture(tmp_path: Path) -> None:
    """A menu and a "Most read" list are mostly links, outside the article: left out.
    Inside the article a list of links is its text (a changelog's bugs), and so is a
    paragraph with a link in it; the whole page keeps all."""
    path = tmp_path / "linked.html"
    path.write_text(LINKED, encoding="utf-8")
    text = import_file(path).text
    assert "It agreed to report by 2027, as the last report asked." in text
    assert "Bug 1677107 – Telemetry for multiple windows" in text
    assert not [f for f in ("Business", "Housing market", "robocalls") if f in text]
    assert "Housing market" in import_file(path, whole_page=True).text
    assert "Business" in import_file(path, whole_page=True).text


def test_without_an_article_element_the_article_is_where_the_paragraphs_are(
    tmp_path: Path,
) -> None:
    """An encyclopedia page: no <article>, its external links a list of links inside the
    content; the tools box beside it, also links, is furniture."""
    paragraph = "<p>New Zealand is an island country in the south-western Pacific Ocean.</p>"
    page = f"""<html><body><div id="content">{paragraph * 3}<h2>External links</h2>
    <ul><li><a href="/g">New Zealand Government portal</a></li><li><a href="/b">New Zealand
    from BBC News</a></li><li><a href="/e">New Zealand at Britannica</a></li></ul></div>
    <div id="tools"><ul><li><a href="/w">What links here</a></li><li><a href="/r">Related
    changes</a></li><li><a href="/u">Upload file</a></li></ul></div></body></html>"""
    path = tmp_path / "wiki.html"
    path.write_text(page, encoding="utf-8")
    text = import_file(path).text
    assert "New Zealand from BBC News" in text and "Government portal" in text
    assert "What links here" not in text and "Upload file" not in text


def test_text_a_stylesheet_hides_by_its_usual_class_is_not_the_article(tmp_path: Path) -> None:
    """ "visually-hidden" (for screen readers), "hidden", and a note classed as navigation
    are left out of the main content; the whole page keeps them (a script may show
    them)."""
    page = """<html><body><article><h1>Sanctions eased</h1>
    <p>The Board noted the decision.<span class="visually-hidden">Continue reading the
    main story</span></p><div class="ad hidden">Subscribe now</div>
    <div role="note" class="hatnote navigation-not-searchable">This is a dynamic list</div>
    <p>It asked for a report.</p></article></body></html>"""
    path = tmp_path / "classed.html"
    path.write_text(page, encoding="utf-8")
    text = import_file(path).text
    assert "The Board noted the decision." in text and "It asked for a report." in text
    assert not [f for f in ("Continue reading", "Subscribe", "dynamic list") if f in text]
    assert "Continue reading" in import_file(path, whole_page=True).text


def test_the_command_line_keeps_the_whole_page_on_request(page: Path, cli: Cli) -> None:
    db = str(page.parent / "w.db")
    assert cli("import", "--db", db, str(page)).returncode == 0
    whole = page.parent / "whole.html"
    whole.write_text(PAGE.replace("UN page", "UN page whole") + "<!-- another -->", "utf-8")
    assert cli("import", "--db", db, "--whole-page", str(whole)).returncode == 0
    listed = cli("search", "--db", db, "Copyright")
    assert listed.returncode == 0 and "UN page whole" in listed.stdout
    assert "UN page\t" not in listed.stdout and listed.stdout.count("UN page") == 1


def test_the_import_dialog_offers_whole_pages(qtbot: QtBot, tmp_path: Path, page: Path) -> None:
    """File → Import's own box, under the file list: ticked, the page comes in whole."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog

    from models import Library
    from ui.prompts import Prompts

    from gui_support import make_window

    library = Library.open(tmp_path / "w.db", author="Ana")
    window = make_window(qtbot, library, Prompts(None))
    seen: list[str] = []

    def officer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        box = dialog.findChild(QCheckBox, "whole-page")
        seen.append(box.text())
        box.setChecked(True)
        dialog.selectFile(str(page))
        dialog.accept()

    QTimer.singleShot(0, officer)
    window.ask_import()
    assert seen and seen[0].startswith("Web pages whole")
    assert (
        window.current is not None and "Copyright 2026" in library.document(window.current.id).text
    )
    library.close()


WRAPPED = """<html><body><script>var data = "{}";</script>
<div class="content-sidebar-wrap"><div class="post"><header class="entry-header">
<h1>Statement by the Secretary-General on Sudan</h1><p>New York, 12 March 2024</p></header>
<main><article><p>{body}</p><p class="share-of-migrants">The share of migrants rose.</p>
<form><select><option>Afghanistan</option><option>Albania</option></select></form>
</article></main></div><aside class="sidebar">Popular posts</aside></div></body></html>"""


def test_found_by_a_helper_the_article_in_a_sidebar_named_wrapper(tmp_path: Path) -> None:
    """A common blog layout: the article inside "content-sidebar-wrap", its title in a
    header before it, and a large inline script that made the article look small; a
    paragraph whose class reads like furniture; a country list in a form."""
    body = "The Council urged member states to cooperate on migration. " * 5
    path = tmp_path / "wrapped.html"
    page = WRAPPED.replace("{body}", body).replace('"{}"', '"' + "x" * 60_000 + '"')
    path.write_text(page, encoding="utf-8")
    text = import_file(path).text
    title = ("Statement by the Secretary-General on Sudan", "New York, 12 March 2024")
    for kept in (*title, body.strip(), "The share of migrants rose."):
        assert kept in text
    assert "Popular posts" not in text and "Afghanistan" not in text and "xxx" not in text
