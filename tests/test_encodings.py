"""Texts with nothing in their bytes to say their encoding are read in the one a reader
would judge right (#14, plain text): the code pages real files were read wrong in, as
the issue lists them, built here as bytes."""

from __future__ import annotations

import pytest

from importers.encodings import plausibility
from importers.plain import decode

FRENCH = "Café résumé naïve élève à Genève."
POLISH = "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności. Łódź, źdźbło."
CZECH = "Všichni lidé rodí se svobodní a sobě rovní. Příliš žluťoučký kůň úpěl ďábelské ódy."
SLOVAK = "Všetci ľudia sa rodia slobodní a sebe rovní, čo sa týka ich dôstojnosti a práv."
GERMAN = "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Größe, Öl, Fuß."
TURKISH = "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. İstanbul, Şişli."
LITHUANIAN = "Visi žmonės gimsta laisvi ir lygūs savo orumu ir teisėmis. Jiems suteiktas protas."
SWEDISH = "Alla människor är födda fria och lika i värde och rättigheter."
RUSSIAN = "Все люди рождаются свободными и равными в своем достоинстве и правах."
GREEK = "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα."
JAPANESE = "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "latin_1"),  # was "naďve" (windows-1250)
        (FRENCH, "cp1252"),
        (POLISH, "iso8859_2"),  # was ISO-8859-10 ("Zaŋóģæ")
        (CZECH, "iso8859_2"),  # was windows-1252 ("V¹ichni")
        (SLOVAK, "iso8859_2"),  # was windows-1250 ("µudia")
        (CZECH, "cp1250"),
        (GERMAN, "latin_1"),
        (TURKISH, "cp1254"),  # ı, not ý
        (LITHUANIAN, "cp1257"),  # was windows-1252 ("þmonës")
        (SWEDISH, "mac_roman"),  # not windows-1252's "mŠnniskor"
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8_r"),
        (GREEK, "cp1253"),
        (JAPANESE, "euc_jp"),  # was CP949, loose Hangul letters
        (JAPANESE, "shift_jis"),
    ],
)
def test_a_text_is_read_in_the_encoding_it_is_in(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding), "t.txt")
    assert decoded.text == text
    assert decoded.guessed


def test_a_short_latin_1_line_reads_right() -> None:
    """The issue's own example: one short French line, the hardest case."""
    decoded = decode(FRENCH.encode("latin_1"), "note.txt")
    assert decoded.text == FRENCH and decoded.guessed


def test_signs_stuck_to_letters_read_as_a_wrong_code_page() -> None:
    assert plausibility("Všichni lidé rodí se svobodní") == 1.0
    assert plausibility("V¹ichni lidé rodí se svobodní") <= 0.5
    assert plausibility("Alla mŠnniskor Šr fšdda fria") < plausibility("Alla människor är födda")
    assert plausibility("Zaŋóģæ gęķlą jažņ") < plausibility("Zażółć gęślą jaźń") == 1.0
    assert plausibility("l’hôpital, “fin” – 5 €") == 1.0  # usual signs, an apostrophe
