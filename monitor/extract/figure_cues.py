"""Language pack of the words around a figure (data only).

What happened to the counted people ("1,200 soldiers were killed" counts the killed), which words
may link a counted noun to a number after it ("the number of troops rose from 8,000"), which
words may follow a bare number, durations, and the cues of revisions ("up from 3,000").
Phrases are matched on whole words, case-insensitively; a trailing "*" means "this stem and any
ending". Korean words match as prefixes (particles attach to the word).
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor.extract.packs import word_lists

# What happened to the counted people, after the noun: "soldiers were killed", "tentara tewas".
STATES_AFTER: Mapping[str, Mapping[str, str]] = {
    "en": {"killed": "killed", "dead": "killed", "died": "killed", "slain": "killed", "wounded": "wounded",
           "injured": "wounded", "hurt": "wounded", "captured": "captured", "taken prisoner": "captured"},
    "id": {"tewas": "killed", "terbunuh": "killed", "meninggal*": "killed", "gugur": "killed",
           "terluka": "wounded", "luka-luka": "wounded", "cedera": "wounded", "ditawan": "captured",
           "tertawan": "captured", "ditangkap": "captured"},
    "ru": {"погибл*": "killed", "убит*": "killed", "ранен*": "wounded", "получили ранения": "wounded",
           "попали в плен": "captured", "взяты в плен": "captured"},
    "uk": {"загинул*": "killed", "загинуло": "killed", "вбит*": "killed", "поранен*": "wounded",
           "отримали поранення": "wounded", "потрапили в полон": "captured"},
    "ko": {"사망": "killed", "전사": "killed", "숨졌": "killed", "숨진": "killed", "부상": "wounded",
           "다쳤": "wounded", "사상": "casualties", "포로": "captured"},
    "de": {"getötet": "killed", "gefallen": "killed", "ums leben": "killed", "verwundet": "wounded",
           "verletzt": "wounded", "gefangen genommen": "captured"},
    "fr": {"tué*": "killed", "morts": "killed", "mort": "killed", "mortes": "killed", "blessé*": "wounded",
           "capturé*": "captured", "faits prisonniers": "captured"},
}

# Words that may stand between the noun and its state ("soldiers had been killed").
STATE_AUX: Mapping[str, frozenset[str]] = {
    "en": frozenset({"were", "was", "have", "has", "had", "been", "are", "is", "being", "reportedly",
                     "already", "also", "now", "all", "who", "that", "allegedly", "and", "or"}),
    "id": frozenset({"telah", "sudah", "yang", "dilaporkan", "dikabarkan", "juga", "diduga", "dan", "atau"}),
    "ru": frozenset({"были", "было", "уже", "также", "и", "или"}),
    "uk": frozenset({"були", "було", "вже", "також", "і", "та", "або"}),
    "ko": frozenset({"이미", "모두"}),
    "de": frozenset({"seien", "sind", "wurden", "wurde", "worden", "bereits", "schon", "bisher",
                     "insgesamt", "und", "oder"}),
    "fr": frozenset({"ont", "été", "sont", "auraient", "avaient", "déjà", "et", "ou"}),
}
# Other words allowed there (German puts the participle at the end: "seien bei Kämpfen verwundet worden").
STATE_SLACK: Mapping[str, int] = {"de": 2}

# A state right before the number: "погибли более 1 200 военных", "menewaskan 12 orang".
STATES_BEFORE: Mapping[str, Mapping[str, str]] = {
    "en": {"killed": "killed", "wounded": "wounded", "injured": "wounded", "captured": "captured",
           "lost": "casualties", "losing": "casualties"},
    "id": {"menewaskan": "killed", "melukai": "wounded", "menawan": "captured", "kehilangan": "casualties"},
    "ru": {"погибли": "killed", "погибло": "killed", "убиты": "killed", "убито": "killed", "уничтожено": "killed",
           "ликвидировано": "killed", "ранены": "wounded",
           "ранено": "wounded", "пострадали": "wounded", "потеряли": "casualties", "потеряла": "casualties",
           "потерял": "casualties"},
    "uk": {"загинули": "killed", "загинуло": "killed", "вбито": "killed", "вбиті": "killed", "знищено": "killed",
           "ліквідовано": "killed",
           "поранено": "wounded", "поранені": "wounded", "постраждали": "wounded", "втратили": "casualties",
           "втратила": "casualties", "втратив": "casualties"},
    "de": {"getötet": "killed", "verletzt": "wounded", "verwundet": "wounded", "verloren": "casualties"},
    "fr": {"tué": "killed", "tués": "killed", "blessé": "wounded", "blessés": "wounded", "perdu": "casualties"},
}

STATE_BEFORE_REACH = 5  # words a state before the number may stand from it ("потеряли в Курской области 40 тысяч")

# "killed or wounded": two states joined by one of these count casualties.
STATE_JOINS: frozenset[str] = frozenset({"or", "and", "atau", "dan", "или", "и", "або", "і", "та", "oder", "und",
                                         "ou", "et"})

# Words that may link a counted noun to a number after it: "the number of troops in Kursk rose from
# 8,000", "Tentara ... berjumlah 10.000 orang". At least one must be there (Korean needs none).
HEAD_LINKS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"of", "in", "at", "to", "from", "rose", "grew", "fell", "increased", "decreased", "climbed",
                     "jumped", "dropped", "reached", "total", "totals", "totalled", "totaled", "number", "numbers",
                     "numbered", "stood", "stand", "stands", "is", "are", "was", "were", "now", "has", "have",
                     "had", "been", "risen", "grown", "fallen", "the", "its", "their"}),
    "id": frozenset({"di", "ke", "dari", "yang", "itu", "ini", "berjumlah", "sebanyak", "mencapai", "bertambah",
                     "naik", "meningkat", "turun", "berkurang", "kini", "sekarang", "sudah", "telah", "menjadi",
                     "jumlahnya", "tercatat", "totalnya", "sejumlah"}),
    "ru": frozenset({"в", "на", "из", "с", "до", "составляет", "составила", "составил", "составило",
                     "насчитывает", "достигла", "достигло", "выросла", "выросло", "увеличилась",
                     "численностью", "числом", "теперь"}),
    "uk": frozenset({"у", "в", "на", "з", "до", "становить", "становила", "налічує", "сягнула", "зросла",
                     "зросло", "чисельністю", "тепер"}),
    "de": frozenset({"in", "im", "auf", "von", "der", "die", "das", "beträgt", "betrug", "liegt", "lag", "bei",
                     "ist", "sind", "stieg", "wuchs", "nun", "inzwischen"}),
    "fr": frozenset({"de", "d'", "en", "à", "la", "le", "les", "est", "sont", "s'élève", "passé", "passée",
                     "atteint", "désormais"}),
    "ko": frozenset(),
}
HEAD_SLACK = 1  # other words allowed between the noun and the number ("Tentara ... yang dikirim ke Rusia")

# Words that may follow a number whose counted noun is before it ("rose from 8,000 to 11,000").
FREE_AFTER: Mapping[str, frozenset[str]] = {
    "en": frozenset({"to", "and", "or", "last", "this", "earlier", "previously", "in", "on", "at", "from", "by",
                     "before", "since", "now", "according"}),
    "id": frozenset({"menjadi", "ke", "dan", "atau", "pada", "di", "hingga", "sampai", "sebelumnya", "menurut",
                     "kata", "ujar", "sejak"}),
    "ru": frozenset({"до", "и", "или", "в", "на", "ранее", "прежде", "за", "по"}),
    "uk": frozenset({"до", "і", "та", "або", "в", "у", "на", "раніше", "за"}),
    "de": frozenset({"auf", "und", "oder", "im", "in", "am", "zuvor", "vor", "bis", "laut"}),
    "fr": frozenset({"à", "et", "ou", "en", "auparavant", "avant", "selon"}),
    "ko": frozenset(),
}

# Time units: a number followed by one counts time, not things ("six weeks") ...
DURATIONS: Mapping[str, tuple[str, ...]] = word_lists("figures", "duration_units")
# ... unless one of these follows it: "8.000 pekan lalu" is 8,000 as of last week.
TIME_ADVERBS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"ago", "earlier", "before"}),
    "id": frozenset({"lalu", "sebelumnya", "ini", "kemarin", "silam"}),
    "ru": frozenset({"ранее", "назад", "раньше"}),
    "uk": frozenset({"раніше", "тому"}),
    "de": frozenset({"zuvor", "davor", "früher"}),
    "fr": frozenset({"auparavant", "avant", "plus", "dernier", "dernière"}),
    "ko": frozenset({"전"}),
}

# Cues that make the second of two numbers the earlier value of the first.
REVISION_CUES: Mapping[str, tuple[str, ...]] = {
    "en": ("up from", "down from", "from an earlier", "from a previous", "revised from", "compared with",
           "compared to", "previously", "earlier estimate of", "earlier estimate"),
    "id": ("naik dari", "turun dari", "meningkat dari", "bertambah dari", "berkurang dari", "dari sebelumnya",
           "dari perkiraan", "sebelumnya", "dibandingkan", "dibanding"),
    "ru": ("против", "ранее", "вместо", "по сравнению с", "после прежних"),
    "uk": ("проти", "раніше", "замість", "порівняно з"),
    "ko": ("종전", "기존", "에서 늘어난"),
    "de": ("nach zuvor", "zuvor", "statt", "gegenüber", "nach bisher"),
    "fr": ("contre", "auparavant", "après une estimation de", "au lieu de"),
}

# "from 3,000 to 10,000": a cue before the first number and a link word between the two.
FROM_TO_CUES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("from", "increased from", "raised from", "revised from"), ("to",)),
    "id": (("dari",), ("menjadi", "ke")),
    "ru": (("с", "со"), ("до",)),
    "uk": (("з", "із"), ("до",)),
    "ko": (("기존", "종전"), ("에서",)),
    "de": (("von",), ("auf",)),
    "fr": (("de", "d'"), ("à",)),
}

# Words right before a year ("in 2000", "pada 2000"): "2000 soldiers" after one of them stays a year.
YEAR_PREPOSITIONS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"in", "since", "by", "until", "of", "from", "year"}),
    "id": frozenset({"tahun", "pada", "sejak", "hingga", "sampai"}),
    "ru": frozenset({"в", "с", "до", "к", "году"}),
    "uk": frozenset({"у", "в", "з", "до", "році"}),
    "ko": frozenset(),
    "de": frozenset({"im", "seit", "bis", "jahr"}),
    "fr": frozenset({"en", "depuis", "année"}),
}

# A bare number after one of these counts what the sentence counted before it: "sent 3,000 more
# troops, bringing the total to 11,000".
TOTAL_CUES: Mapping[str, tuple[str, ...]] = {
    "en": ("bringing the total to", "the total to", "a total of", "in total", "total of", "totalling", "totaling"),
    "id": ("sehingga totalnya menjadi", "totalnya menjadi", "total menjadi", "secara total", "totalnya"),
    "ru": ("в общей сложности", "всего до", "общее число до", "итого"),
    "uk": ("загалом", "загальна кількість до", "усього до"),
    "ko": ("총", "모두"),
    "de": ("insgesamt", "auf insgesamt", "die gesamtzahl auf"),
    "fr": ("au total", "portant le total à", "soit un total de"),
}
