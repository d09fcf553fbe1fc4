"""Per-language tables for monitor.extract.numbers: number words, qualifiers and context cues.

Word specs are lines of "role form=value form|other_form=value ...". Phrase lists ("a|b|c") are literal,
case-insensitive and looked for right before a number. Fields ending in _re are regex fragments looked
for right after a number; their named groups are the kind or qualifier they signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, TypeAlias


class Role:
    """What a word does in a numeral. Plain strings, not an Enum: compared for every piece, so kept cheap."""

    UNIT: Final = "unit"  # adds its value: five, dua, пять
    TEEN: Final = "teen"  # Indonesian "belas": makes a teen of the unit before it
    MULT: Final = "mult"  # multiplies the unit just before it: hundred, ratus, 천
    SCALE: Final = "scale"  # multiplies the whole numeral so far: thousand, juta, тысяч, 만
    ARTICLE: Final = "article"  # "a", "ein", "un": one, but never a number on its own
    CONNECTOR: Final = "connector"  # "and", "und", "et" inside a numeral
    DIGITS: Final = "digits"  # a run of digits (not a word; used by the reader)


_ROLES = frozenset({Role.UNIT, Role.TEEN, Role.MULT, Role.SCALE, Role.ARTICLE, Role.CONNECTOR})

NOT_LETTER = r"(?![^\W\d_])"
_LETTER_NOT_HANGUL = r"[^\W\d_\uac00-\ud7a3\u3131-\u318e]"  # Korean counters may be glued to digits
_IDENTIFIER_PREFIXES = "iso|din|iec|astm|ansi|rfc|gost|гост|sni|jis|ks"


def _words(spec: str) -> Mapping[str, tuple[float, str]]:
    table: dict[str, tuple[float, str]] = {}
    for line in spec.strip().splitlines():
        role, *items = line.split()
        if role not in _ROLES:
            raise ValueError(f"unknown role {role!r}")
        for item in items:
            forms, _, value = item.partition("=")
            for form in forms.split("|"):
                table[form] = (float(value or 0), role)
    return MappingProxyType(table)


@dataclass(frozen=True, slots=True)
class Language:
    words: Mapping[str, tuple[float, str]]
    before: Mapping[str, str]  # qualifier or kind -> phrases right before the number
    after_kind_re: str  # groups: ordinal, age, percent, time, year, date
    after_qualifier_re: str  # groups: qualifiers
    standalone: frozenset[str] = frozenset()  # MULT/SCALE words that are a number alone ("seribu", "тысяча")
    months: str = ""  # phrases; a day number before one is a date
    range_openers: str = ""  # phrases before the first number of a range ("between")
    range_strong_re: str = ""  # connectors that make a range on their own ("to")
    range_weak_re: str = ""  # connectors that need an opener ("and" after "between")
    range_blockers: str = ""  # phrases before the first number that make "X to Y" a change, not a range
    glued_re: str = ""  # letters that may follow digits without a space ("1st", "10k", "5jt")
    decimal_mark: str = "."
    group_by_space: bool = False  # "12 000"
    compound_words: bool = False  # German writes number words together ("zweihunderttausend")
    word_re: str | None = None  # replaces the pattern built from `words` (Korean)
    # "N." before a capitalised word is an ordinal only after one of these ("der 3. Armee", but "nämlich 44. Die");
    # empty: the after_kind_re alone decides
    ordinal_determiners: str = ""


def _before(**labelled: str) -> Mapping[str, str]:
    return MappingProxyType({**labelled, "skip": _IDENTIFIER_PREFIXES})


_EN_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|jan.|feb."
              "|mar.|apr.|jun.|jul.|aug.|sep.|sept.|oct.|nov.|dec.|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

EN = Language(
    words=_words("""
        unit one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 eleven=11 twelve=12 thirteen=13
        unit fourteen=14 fifteen=15 sixteen=16 seventeen=17 eighteen=18 nineteen=19 twenty=20 thirty=30 forty=40
        unit fifty=50 sixty=60 seventy=70 eighty=80 ninety=90
        mult hundred=100
        scale thousand|k=1e3 million|mln=1e6 billion|bn=1e9 trillion=1e12
        article a=1
        connector and"""),
    months=_EN_MONTHS,
    before=_before(
        about="about|around|some|roughly|approximately|approx.|an estimated|estimated|an approximate|circa|ca.",
        nearly="nearly|almost|close to|just under|just shy of",
        over="over|more than|above|in excess of|upwards of|just over|well over|well above",
        at_least="at least|no fewer than|no less than|not less than|a minimum of",
        up_to="up to|as many as|as much as|fewer than|less than|under|at most|no more than|not more than"
              "|a maximum of",
        exact="exactly|precisely", age="aged|age|ages|age of",
        ordinal="no.", date=_EN_MONTHS,
    ),
    after_kind_re=r"(?P<age>(?:-|\s+)years?(?:-|\s+)olds?)|(?P<ordinal>(?:st|nd|rd|th)" + NOT_LETTER + ")"
                  r"|\s*(?:(?P<percent>%|percent|per\s+cent|pct" + NOT_LETTER + ")"
                  r"|(?P<time>a\.m\.|p\.m\.|(?:am|pm|o'clock|gmt|utc)" + NOT_LETTER + "))",
    after_qualifier_re=r"\s+or\s+(?:(?P<at_least>more)|(?P<about>so))" + NOT_LETTER
                       + r"|(?P<over>\+(?![0-9])|-plus" + NOT_LETTER + ")",
    range_openers="between|from", range_strong_re="to|through", range_weak_re="and", range_blockers="from",
    glued_re=r"(?:st|nd|rd|th|k|bn|mln)" + NOT_LETTER,
)

ID = Language(
    words=_words("""
        unit satu=1 dua=2 tiga=3 empat=4 lima=5 enam=6 tujuh=7 delapan=8 sembilan=9 sepuluh=10 sebelas=11 seratus=100
        teen belas=10
        mult puluh=10 ratus=100
        scale ribu|rb|seribu=1e3 juta|jt|sejuta=1e6 miliar|milyar|semiliar=1e9 triliun=1e12"""),
    standalone=frozenset({"seribu", "sejuta", "semiliar"}),
    months="januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
           "|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des",
    before=_before(
        about="sekitar|kurang lebih|lebih kurang|kira-kira|sekira|diperkirakan|memperkirakan|perkiraan"
              "|diperkirakan sekitar|perkiraan sekitar",
        nearly="hampir|nyaris|mendekati|hampir mencapai", over="lebih dari|lebih daripada|di atas|melebihi",
        at_least="setidaknya|sedikitnya|minimal|paling sedikit|sekurang-kurangnya|sekurangnya|setidak-tidaknya",
        up_to="hingga|sampai|maksimal|paling banyak|mencapai|kurang dari|tidak lebih dari|tak lebih dari",
        exact="sebanyak|tepat|persis|sejumlah", age="berusia|berumur|usia|umur|usianya",
        ordinal="ke-|nomor|no.", time="pukul|jam",
    ),
    after_kind_re=r"\s*(?:(?P<percent>%|persen|prosen)|(?P<time>(?:wib|wita|wit)" + NOT_LETTER + "))",
    after_qualifier_re=r"(?P<over>\s+lebih(?!\s+(?:dari|daripada|banyak|sedikit|besar|kecil))" + NOT_LETTER + ")",
    range_openers="antara|dari", range_strong_re=r"hingga|sampai(?:\s+dengan)?|s\.d\.?|s/d", range_weak_re="dan",
    glued_re=r"(?:rb|jt)" + NOT_LETTER, decimal_mark=",",
)

RU = Language(
    words=_words("""
        unit один|одна|одно|одного|одной=1 полтора|полторы=1.5 два|две|двух=2 три|трёх|трех=3 четыре|четырёх|четырех=4
        unit пять|пяти=5 шесть|шести=6 семь|семи=7 восемь|восьми=8 девять|девяти=9 десять|десяти=10
        unit одиннадцать|одиннадцати=11 двенадцать|двенадцати=12 тринадцать|тринадцати=13 четырнадцать|четырнадцати=14
        unit пятнадцать|пятнадцати=15 шестнадцать|шестнадцати=16 семнадцать|семнадцати=17 восемнадцать|восемнадцати=18
        unit девятнадцать|девятнадцати=19 двадцать|двадцати=20 тридцать|тридцати=30 сорок|сорока=40
        unit пятьдесят|пятидесяти=50 шестьдесят|шестидесяти=60 семьдесят|семидесяти=70 восемьдесят|восьмидесяти=80
        unit девяносто|девяноста=90 сто|ста=100 двести|двухсот=200 триста|трёхсот|трехсот=300
        unit четыреста|четырёхсот|четырехсот=400 пятьсот|пятисот=500 шестьсот|шестисот=600 семьсот|семисот=700
        unit восемьсот|восьмисот=800 девятьсот|девятисот=900
        scale тысяча|тысячи|тысяч|тысячу|тысячами|тысячах|тыс.|тыс=1e3 миллион|миллиона|миллионов|млн.|млн=1e6
        scale миллиард|миллиарда|миллиардов|млрд.|млрд=1e9 триллион|триллиона|триллионов|трлн=1e12"""),
    standalone=frozenset({"тысяча", "тысячу", "миллион", "миллиард"}),
    months="января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",
    before=_before(
        about="около|примерно|приблизительно|порядка|ориентировочно|по оценкам|в районе",
        nearly="почти|практически|чуть меньше|чуть менее|без малого",
        over="более|больше|свыше|более чем|больше чем|сверх",
        at_least="не менее|не меньше|не менее чем|по меньшей мере|по крайней мере|как минимум|минимум",
        up_to="до|вплоть до|не более|не больше|не более чем|менее|меньше|максимум", age="в возрасте",
        ordinal="№|номер",
    ),
    after_kind_re=r"(?P<age>-летн)|(?P<ordinal>-(?:й|я|е|го|му|м|х|ый|ий|ой|ая|ое|ые|ого|ому)" + NOT_LETTER + ")"
                  r"|\s*(?P<percent>%|процент)",
    after_qualifier_re=r"(?P<over>\s+с\s+лишним)",
    range_openers="от|между", range_weak_re="до|и",
    glued_re=r"(?:млн|млрд|тыс)" + NOT_LETTER, decimal_mark=",", group_by_space=True,
)

UK = Language(
    words=_words("""
        unit один|одна|одне|одного|однієї=1 півтора|півтори=1.5 два|дві|двох=2 три|трьох=3 чотири|чотирьох=4
        unit п'ять|п'яти=5 шість|шести=6 сім|семи=7 вісім|восьми=8 дев'ять|дев'яти=9 десять|десяти=10
        unit одинадцять|одинадцяти=11 дванадцять|дванадцяти=12 тринадцять|тринадцяти=13 чотирнадцять|чотирнадцяти=14
        unit п'ятнадцять|п'ятнадцяти=15 шістнадцять|шістнадцяти=16 сімнадцять|сімнадцяти=17
        unit вісімнадцять|вісімнадцяти=18 дев'ятнадцять|дев'ятнадцяти=19 двадцять|двадцяти=20 тридцять|тридцяти=30
        unit сорок|сорока=40 п'ятдесят|п'ятдесяти=50 шістдесят|шістдесяти=60 сімдесят|сімдесяти=70
        unit вісімдесят|вісімдесяти=80 дев'яносто|дев'яноста=90 сто|ста=100 двісті|двохсот=200 триста|трьохсот=300
        unit чотириста|чотирьохсот=400 п'ятсот|п'ятисот=500 шістсот|шестисот=600 сімсот|семисот=700
        unit вісімсот|восьмисот=800 дев'ятсот|дев'ятисот=900
        scale тисяча|тисячі|тисяч|тисячу|тисячами|тисячах|тис.|тис=1e3
        scale мільйон|мільйона|мільйони|мільйонів|млн.|млн=1e6 мільярд|мільярда|мільярди|мільярдів|млрд.|млрд=1e9"""),
    standalone=frozenset({"тисяча", "тисячу", "мільйон", "мільярд"}),
    months="січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня",
    before=_before(
        about="близько|приблизно|орієнтовно|порядку|за оцінками", nearly="майже|мало не|трохи менше|ледь не",
        over="понад|більше|більше ніж|більш ніж|більше за|більш як",
        at_least="щонайменше|принаймні|не менше|не менше ніж|не менш як|як мінімум|мінімум",
        up_to="до|аж до|не більше|не більше ніж|не більш як|менше|менш ніж|максимум", age="у віці|в віці|віком",
        ordinal="№|номер",
    ),
    after_kind_re=r"(?P<age>-річн)|(?P<ordinal>-(?:й|а|е|го|му|м|х|ий|ій|ої|ого|ому|ю)" + NOT_LETTER + ")"
                  r"|\s*(?P<percent>%|відсот)",
    after_qualifier_re=r"(?P<over>\s+з\s+(?:лишком|гаком))",
    range_openers="від|між", range_weak_re="до|і|та",
    glued_re=r"(?:млн|млрд|тис)" + NOT_LETTER, decimal_mark=",", group_by_space=True,
)

_DE_MONTHS = ("januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
              "|jan.|feb.|apr.|aug.|sep.|sept.|okt.|nov.|dez.")
# A capitalised word after "12." that usually starts a new sentence: then "12." is not an ordinal.
_DE_SENTENCE_STARTS = ("Die|Der|Das|Den|Dem|Des|Ein|Eine|Er|Sie|Es|Wir|Ich|Ihr|Im|In|Am|Auf|Nach|Bei|Mit|Laut"
                       "|Doch|Aber|Und|Auch|Zudem|Dies|Diese|Dabei|Damit|So|Man|Seit|Wie|Was|Wer|Als|Wenn|Dann|Da")

DE = Language(
    words=_words("""
        unit eins=1 zwei=2 drei=3 vier=4 fünf=5 sechs=6 sieben=7 acht=8 neun=9 zehn=10 elf=11 zwölf=12 dreizehn=13
        unit vierzehn=14 fünfzehn=15 sechzehn=16 siebzehn=17 achtzehn=18 neunzehn=19 zwanzig=20 dreißig|dreissig=30
        unit vierzig=40 fünfzig=50 sechzig=60 siebzig=70 achtzig=80 neunzig=90
        mult hundert=100
        scale tausend=1e3 million|millionen|mio.|mio=1e6 milliarde|milliarden|mrd.|mrd=1e9 billion|billionen=1e12
        article ein|eine|einen|einem|einer|eines=1
        connector und"""),
    standalone=frozenset({"hundert"}),
    months=_DE_MONTHS,
    before=_before(
        about="etwa|rund|ungefähr|circa|ca.|zirka|schätzungsweise|um die|an die|geschätzt|geschätzte",
        nearly="fast|beinahe|knapp|nahezu|annähernd",
        over="mehr als|über|gut|weit über|weit mehr als|deutlich mehr als",
        at_least="mindestens|wenigstens|zumindest|nicht weniger als",
        up_to="bis zu|maximal|höchstens|weniger als|unter|nicht mehr als", exact="genau",
        age="im alter von|alter von", ordinal="nr.|nummer",
    ),
    ordinal_determiners="der|die|das|den|dem|des|am|im|zum|zur|vom|beim|ins|ihr|ihre|ihrem|ihrer|ihres|sein|seine"
                        "|seinem|seiner|seines|unser|unsere|unserem|unserer|jeder|jede|jedes|jeden|jedem",
    after_kind_re=r"(?P<age>-?jährig)"
                  r"|(?P<ordinal>\.(?=[ \t\u00a0]+(?-i:[a-zäöüß]|(?!(?:" + _DE_SENTENCE_STARTS + r")\b)[A-ZÄÖÜ])))"
                  r"|\s*(?:(?P<percent>%|prozent)|(?P<time>uhr" + NOT_LETTER + "))",
    after_qualifier_re=r"(?P<over>\s+und\s+mehr" + NOT_LETTER + ")",
    range_openers="zwischen|von", range_strong_re="bis", range_weak_re="und",
    glued_re=r"(?:jährig|mio|mrd)", decimal_mark=",", compound_words=True,
)

_FR_ORDINAL = r"(?:er|re|ère|e|ème|eme|ième|ieme)" + NOT_LETTER

FR = Language(
    words=_words("""
        unit deux=2 trois=3 quatre=4 cinq=5 six=6 sept=7 huit=8 neuf=9 dix=10 onze=11 douze=12 treize=13 quatorze=14
        unit quinze=15 seize=16 dix-sept=17 dix-huit=18 dix-neuf=19 vingt=20 trente=30 quarante=40 cinquante=50
        unit soixante=60 soixante-dix=70 quatre-vingt|quatre-vingts=80 quatre-vingt-dix=90
        mult cent|cents=100
        scale mille=1e3 million|millions=1e6 milliard|milliards=1e9
        article un|une=1
        connector et"""),
    standalone=frozenset({"mille", "cent"}),
    months="janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre"
           "|décembre|decembre",
    before=_before(
        about="environ|quelque|autour de|approximativement|à peu près|aux alentours de|grosso modo",
        nearly="près de|près d'|presque|pratiquement|quasiment|un peu moins de",
        over="plus de|plus d'|au-delà de|au-delà d'|un peu plus de|bien plus de",
        at_least="au moins|au minimum|pas moins de|pas moins d'|minimum",
        up_to="jusqu'à|jusqu'a|moins de|moins d'|au maximum|au plus|pas plus de|maximum",
        exact="exactement|précisément", age="âgé de|âgée de|âgés de|âgées de|âgé d'|l'âge de",
        ordinal="n°|no",
    ),
    after_kind_re=r"(?P<ordinal>" + _FR_ORDINAL + r")|\s*(?:(?P<percent>%|pour\s*cent)"
                  r"|(?P<time>h(?![^\W\d_])|heures?" + NOT_LETTER + "))",
    after_qualifier_re=r"(?P<about>\s+environ" + NOT_LETTER + ")",
    range_openers="entre|de|d'", range_strong_re="à", range_weak_re="et", range_blockers="de|d'",
    glued_re=_FR_ORDINAL + r"|h(?![^\W\d_])", decimal_mark=",", group_by_space=True,
)

_HANGUL = "\uac00-\ud7a3"
_KO_COUNTERS = "명|개|대|척|발|기|곳|건|톤|마리|가구|채|달러|원"

KO = Language(
    words=_words("""
        mult 백=100 천=1000
        scale 만=1e4 억=1e8 조=1e12"""),
    standalone=frozenset({"백", "천", "만", "억"}),
    before=_before(
        about="약|대략|줄잡아|어림잡아", nearly="거의",
        at_least="최소|적어도|최소한", up_to="최대|많게는",
        ordinal="제",
    ),
    after_kind_re=r"(?P<ordinal>번째)|(?P<age>\s?(?:세|살)(?!기|대|금))|(?P<percent>\s?(?:%|퍼센트|프로(?!그|젝)))"
                  r"|(?P<time>시(?!간|대|기|점|장|즌|민|청|의|설))|(?P<year>년)|(?P<date>월)",
    after_qualifier_re=r"(?:\s*(?:" + _KO_COUNTERS + r"))?\s*(?:(?P<over>이상|넘게|넘는|초과)"
                       r"|(?P<about>가량|정도|쯤|내외|안팎|여(?=[\s명개대]|$|[^" + _HANGUL + r"]))"
                       r"|(?P<up_to>이하|미만))",
    # 천/만/억 after digits ("1만", "2천만"), or alone when a counter follows ("만 명", "백만 명").
    word_re=r"(?=[백천만억조])(?P<word>(?<=[0-9])[백천만억조]|(?<=[0-9][백천만억조])[백천만억조]"
            r"|(?<=(?<![" + _HANGUL + r"])[백천])[만억]"
            r"|(?<![" + _HANGUL + r"])(?:[천만억]|[백천](?=[만억]))(?=[만억]?\s?(?:" + _KO_COUNTERS + r"|여)|\s*[~∼]))",
)

_TABLES: Mapping[str, Language] = MappingProxyType(
    {"en": EN, "id": ID, "ru": RU, "uk": UK, "de": DE, "fr": FR, "ko": KO})


# Phone numbers, dates and times: read before anything else, then masked out.
_PHONE = (r"(?<![0-9+])\+[0-9]{1,3}(?:[ .\-]?\([0-9]{1,4}\))?(?>(?:[ .\-]?[0-9]{2,5}){1,4})(?![0-9])"
          r"|\(0[0-9]{1,4}\)[ \-]?[0-9]{3,4}[ \-]?[0-9]{3,4}(?![0-9])"
          r"|(?<![0-9\-])0[0-9]{1,3}-[0-9]{3,4}-[0-9]{4}(?![0-9\-])")
_STRUCTURAL = (
    ("skip", r"(?:https?://|www\.)[^\s<>\"]{1,2000}"),  # digits in a link are not figures
    ("phone", _PHONE),
    ("date", r"(?<![0-9.,/\-])[0-9]{4}-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])"),
    ("date", r"(?<![0-9.,/])[0-9]{4}(?P<sep>[./]) ?(?P<month>[0-9]{1,2})(?P=sep) ?(?P<day>[0-9]{1,2})\.?(?![0-9])"),
    ("date", r"(?<![0-9.,/\-])(?P<x>[0-9]{1,2})(?P<sep>[./\-])(?P<y>[0-9]{1,2})(?P=sep)(?:[0-9]{4}|[0-9]{2})"
             r"(?![0-9]|[.,/\-][0-9])"),
    ("date", r"(?<![0-9.,/])(?P<x>[0-9]{1,2})/(?P<y>[0-9]{1,2})(?![0-9]|[.,/][0-9])"),
    ("date", r"(?<![0-9.,])(?P<x>[0-9]{1,2})\.(?P<y>[0-9]{2})\.(?![0-9])"),
    ("date", r"(?<![0-9])(?P<month>[0-9]{1,2})월\s?(?P<day>[0-9]{1,2})일"),
    ("time", r"(?<![0-9:.,])(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?(?![0-9:])"),
)
STRUCTURAL_KINDS = tuple(kind for kind, _ in _STRUCTURAL)
# One pass for all: alternative i is group "s<i>", its inner groups get the suffix i ("month3"). The
# lookarounds in front let the engine skip quickly over most text.
STRUCTURAL = re.compile("(?=[+(0-9hHwW])(?<![0-9])(?:" + "|".join(
    f"(?P<s{index}>" + re.sub(r"\(\?P([<=]\w+)", rf"(?P\g<1>{index}", pattern) + ")"
    for index, (_, pattern) in enumerate(_STRUCTURAL)) + ")")


# --- the tables compiled ---------------------------------------------------------------------------

_Node: TypeAlias = dict[str, "_Node"]


def _alternation(forms: Iterable[str]) -> str:
    """The forms as a prefix tree ("t(?:en|wo)"): the regex engine then tries a few branches, not hundreds."""
    root: _Node = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: _Node) -> str:
    branches = [_char(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _char(char: str) -> str:
    return {" ": r"\s+", "'": "['’ʼ]"}.get(char) or re.escape(char)


def _reversed_phrases(labelled: Mapping[str, str]) -> tuple[re.Pattern[str], Mapping[str, str]]:
    """A pattern matched against the reversed text before a number, and the label of each reversed phrase."""
    labels: dict[str, str] = {}
    for label, phrases in labelled.items():
        for phrase in filter(None, phrases.split("|")):
            labels.setdefault(phrase[::-1], label)
    pattern = rf"\s*(?P<phrase>{_alternation(labels)}){NOT_LETTER}" if labels else "(?!)"
    return re.compile(pattern, re.IGNORECASE), MappingProxyType(labels)


# A space or an apostrophe between digit groups always groups, in every language: "30 000", "12'000".
_NEVER_DECIMAL = " '’"


def _digits_pattern(table: Language) -> str:
    # Not inside "1.1.1" or "F-16" or glued to letters, except after "Rp"/"ke-" and before glued_re suffixes.
    separators = ".,\u00a0\u202f" + _NEVER_DECIMAL
    glued = f"(?={table.glued_re})|" if table.glued_re else ""
    return (rf"(?=[0-9])(?<![0-9])(?<![0-9][.,])(?:(?<=Rp)|(?<=\bke-)|(?<!{_LETTER_NOT_HANGUL})(?<![^\W\d_]-))"
            rf"(?P<num>[0-9]{{1,3}}(?P<sep>[{separators}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}}){{0,5}}"
            rf"(?P<fraction>[.,][0-9]{{1,6}})?|[0-9]++(?:[.,][0-9]{{1,6}})?)"
            rf"(?![.,]?[0-9])(?:{glued}(?!{_LETTER_NOT_HANGUL}))")


def _words_pattern(table: Language) -> str:
    if table.word_re:
        return table.word_re
    repeat = "{1,12}+" if table.compound_words else ""
    return rf"(?=[^\W\d_])(?<![^\W\d_])(?P<word>(?:{_alternation(table.words)}){repeat})(?![^\W\d_]|['’ʼ])"


def _after_kind_pattern(table: Language) -> str:
    if not table.months:
        return table.after_kind_re
    months = _alternation(table.months.split("|"))
    return rf"(?P<date>(?:st|nd|rd|th|er|-го|-е)?\.?\s*(?:{months}){NOT_LETTER})|{table.after_kind_re}"


@dataclass(frozen=True, slots=True)
class Lang:
    """A language's tables compiled to the patterns the reader uses."""

    code: str
    table: Language
    pieces: re.Pattern[str]
    morphemes: re.Pattern[str] | None
    scale_after: re.Pattern[str]
    group_marks: str
    before: tuple[re.Pattern[str], Mapping[str, str]]
    openers: tuple[re.Pattern[str], Mapping[str, str]]
    after_kind: re.Pattern[str]
    after_qualifier: re.Pattern[str]
    range_gap: re.Pattern[str]
    ordinal_determiners: frozenset[str]


def _compile_language(code: str, table: Language) -> Lang:
    scales = [form for form, (_, role) in table.words.items() if role == Role.SCALE]
    native_group = " " if table.group_by_space else ("," if table.decimal_mark == "." else ".")
    gap = (rf"\s*[-–—~∼]\s*|\s+(?:{table.range_strong_re or '(?!)'})\s+"
           rf"|\s+(?P<weak>{table.range_weak_re or '(?!)'})\s+")
    return Lang(
        code=code, table=table,
        pieces=re.compile(f"{_digits_pattern(table)}|{_words_pattern(table)}", re.IGNORECASE),
        morphemes=re.compile(_alternation(table.words), re.IGNORECASE) if table.compound_words else None,
        scale_after=re.compile(rf"\s{{0,2}}(?:{_alternation(scales)})" + ("" if table.word_re else NOT_LETTER),
                               re.IGNORECASE),
        group_marks="\u00a0\u202f" + _NEVER_DECIMAL + native_group,
        before=_reversed_phrases(table.before),
        openers=_reversed_phrases({"block": table.range_blockers, "open": table.range_openers}),
        after_kind=re.compile(_after_kind_pattern(table), re.IGNORECASE),
        after_qualifier=re.compile(table.after_qualifier_re or "(?!)", re.IGNORECASE),
        range_gap=re.compile(gap, re.IGNORECASE),
        ordinal_determiners=frozenset(filter(None, table.ordinal_determiners.split("|"))),
    )


LANGUAGES: Mapping[str, Lang] = MappingProxyType(
    {code: _compile_language(code, table) for code, table in _TABLES.items()})
