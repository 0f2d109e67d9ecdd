"""Reading texts of unknown encoding (importers/encodings.py): how many come out exactly.

    python -m benchmarks encodings

Each passage (article 1 of the Universal Declaration, and short lines, in 19 languages
written in Latin letters) is written in every common Latin code page that holds its
letters, and read back with no hint: by charset_normalizer's first choice alone, and by
the importer. Prints the counts and every text the importer reads wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from charset_normalizer import from_bytes

from importers.encodings import LATIN_CODE_PAGES, guess

PASSAGES = {
    "fr": (
        "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils "
        "sont doués de raison et de conscience et doivent agir les uns envers les autres "
        "dans un esprit de fraternité. Où est l'hôpital ? Noël, cœur, maïs."
    ),
    "de": (
        "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit "
        "Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit "
        "begegnen. Größe, Fußgänger, Öl."
    ),
    "es": (
        "Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados"
        " como están de razón y conciencia, deben comportarse fraternalmente los unos con"
        " los otros. ¿Dónde está el niño?"
    ),
    "pt": (
        "Todos os seres humanos nascem livres e iguais em dignidade e em direitos. "
        "Dotados de razão e de consciência, devem agir uns para com os outros em espírito"
        " de fraternidade. Não há ação sem coração."
    ),
    "it": (
        "Tutti gli esseri umani nascono liberi ed eguali in dignità e diritti. Essi sono "
        "dotati di ragione e di coscienza e devono agire gli uni verso gli altri in "
        "spirito di fratellanza. Perché è così?"
    ),
    "pl": (
        "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. "
        "Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu "
        "braterstwa. Łódź, Kraków, źdźbło."
    ),
    "cs": (
        "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni"
        " rozumem a svědomím a mají spolu jednat v duchu bratrství. Příliš žluťoučký kůň "
        "úpěl ďábelské ódy."
    ),
    "sk": (
        "Všetci ľudia sa rodia slobodní a sebe rovní, čo sa týka ich dôstojnosti a práv. "
        "Sú obdarení rozumom a svedomím a majú spolu jednať v bratskom duchu."
    ),
    "hu": (
        "Minden emberi lény szabadon születik és egyenlő méltósága és joga van. Az "
        "emberek, ésszel és lelkiismerettel bírván, egymással szemben testvéri szellemben"
        " kell hogy viseltessenek."
    ),
    "ro": (
        "Toate fiinţele umane se nasc libere şi egale în demnitate şi în drepturi. Ele "
        "sunt înzestrate cu raţiune şi conştiinţă şi trebuie să se comporte unele faţă de"
        " altele în spiritul fraternităţii."
    ),
    "hr": (
        "Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima. Ona su "
        "obdarena razumom i sviješću pa jedna prema drugima trebaju postupati u duhu "
        "bratstva. Čačak, šuma, žena."
    ),
    "sl": (
        "Vsi ljudje se rodijo svobodni in imajo enako dostojanstvo in enake pravice. "
        "Obdarjeni so z razumom in vestjo in bi morali ravnati drug z drugim kakor "
        "bratje. Čeprav šola, žaba."
    ),
    "da": (
        "Alle mennesker er født frie og lige i værdighed og rettigheder. De er udstyret "
        "med fornuft og samvittighed, og de bør handle mod hverandre i en broderskabets "
        "ånd. Blåbærsyltetøj."
    ),
    "sv": (
        "Alla människor är födda fria och lika i värde och rättigheter. De har utrustats "
        "med förnuft och samvete och bör handla gentemot varandra i en anda av "
        "broderskap."
    ),
    "is": (
        "Hver maður er borinn frjáls og jafn öðrum að virðingu og réttindum. Menn eru "
        "gæddir vitsmunum og samvisku, og ber þeim að breyta bróðurlega hverjum við "
        "annan."
    ),
    "et": (
        "Kõik inimesed sünnivad vabadena ja võrdsetena oma väärikuselt ja õigustelt. "
        "Neile on antud mõistus ja südametunnistus ja nende suhtumist üksteisesse peab "
        "kandma vendluse vaim."
    ),
    "lv": (
        "Visi cilvēki piedzimst brīvi un vienlīdzīgi savā pašcieņā un tiesībās. Viņi ir "
        "apveltīti ar saprātu un sirdsapziņu, un viņiem jāizturas citam pret citu "
        "brālības garā."
    ),
    "lt": (
        "Visi žmonės gimsta laisvi ir lygūs savo orumu ir teisėmis. Jiems suteiktas "
        "protas ir sąžinė ir jie turi elgtis vienas kito atžvilgiu kaip broliai."
    ),
    "tr": (
        "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. Akıl ve vicdana"
        " sahiptirler ve birbirlerine karşı kardeşlik zihniyeti ile hareket etmelidirler."
        " İstanbul, Şişli."
    ),
    "fr_s": "Café résumé naïve élève à Genève.",
    "de_s": "Zürich, Größe und Übermaß.",
    "pl_s": "Łódź i Kraków, źdźbło.",
    "cs_s": "Příliš žluťoučký kůň.",
    "es_s": "¿Dónde está el niño? Año.",
}
"""Passages; "_s" ones are short lines, the hardest to judge."""
CODE_PAGES = LATIN_CODE_PAGES
"""The common Latin code pages (the importer's own list)."""


def run(echo: Callable[[str], None] = print) -> None:
    cases = alone = ours = 0
    for language, text in PASSAGES.items():
        for encoding in CODE_PAGES:
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            cases += 1
            best = from_bytes(data).best()
            alone += best is not None and str(best) == text
            chosen = guess(data)
            if chosen is not None and data.decode(chosen) == text:
                ours += 1
            else:
                echo(f"  wrong: {language} in {encoding} read as {chosen}")
    echo("\nTexts of unknown encoding read exactly (importers/encodings.py)")
    echo(f"  {cases} texts: charset_normalizer alone {alone}, the importer {ours}")
