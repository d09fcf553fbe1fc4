"""Language pack: counted nouns (-> canonical English unit), modifiers and revision cues."""

from __future__ import annotations

from collections.abc import Mapping

# Counted nouns per language, mapped to the canonical unit. Inflected forms are listed because
# matching is on whole words; a trailing "*" means "this stem and any ending".
COUNTED_NOUNS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "troops": "troops", "soldiers": "troops", "soldier": "troops", "servicemen": "troops",
        "personnel": "troops", "fighters": "troops", "special forces": "troops", "forces": "troops",
        "marines": "troops", "paratroopers": "troops", "mercenaries": "troops", "workers": "people",
        "casualties": "casualties", "dead": "killed", "killed": "killed", "deaths": "killed",
        "wounded": "wounded", "injured": "wounded", "captured": "captured", "prisoners": "captured",
        "pows": "captured", "people": "people", "civilians": "people", "residents": "people",
        "refugees": "people", "evacuees": "people", "missiles": "missiles", "rockets": "missiles",
        "shells": "shells", "artillery shells": "shells", "rounds": "shells", "drones": "drones",
        "tanks": "tanks", "dollars": "usd", "us dollars": "usd", "euros": "eur", "roubles": "rub",
        "rubles": "rub", "won": "krw",
    },
    "id": {
        "tentara": "troops", "pasukan": "troops", "prajurit": "troops", "personel": "troops",
        "personel militer": "troops", "serdadu": "troops", "militer": "troops", "anggota pasukan": "troops",
        "korban": "casualties", "korban tewas": "killed", "tewas": "killed", "orang tewas": "killed",
        "meninggal": "killed", "terbunuh": "killed", "terluka": "wounded", "luka-luka": "wounded",
        "tawanan": "captured", "ditawan": "captured", "orang": "people", "warga": "people",
        "warga sipil": "people", "penduduk": "people", "jiwa": "people", "pengungsi": "people",
        "rudal": "missiles", "misil": "missiles", "roket": "missiles", "peluru": "shells",
        "peluru artileri": "shells", "amunisi": "shells", "drone": "drones", "drone*": "drones",
        "tank": "tanks", "dolar": "usd", "dolar as": "usd", "euro": "eur", "rubel": "rub", "won": "krw",
    },
    "ru": {
        "военн*": "troops", "военнослужащ*": "troops", "солдат*": "troops", "бойц*": "troops",
        "войск*": "troops", "военных": "troops", "спецназовц*": "troops", "наемник*": "troops",
        "погибш*": "killed", "убит*": "killed", "ранен*": "wounded", "пленн*": "captured",
        "человек": "people", "жител*": "people", "мирных жителей": "people", "беженц*": "people",
        "ракет*": "missiles", "снаряд*": "shells", "артиллерийских снарядов": "shells",
        "беспилотник*": "drones", "дрон*": "drones", "танк*": "tanks", "доллар*": "usd", "евро": "eur",
        "рубл*": "rub",
    },
    "uk": {
        "військов*": "troops", "військовослужбов*": "troops", "солдат*": "troops", "бійц*": "troops",
        "бійців": "troops", "вояк*": "troops", "найманц*": "troops", "загибл*": "killed", "вбит*": "killed",
        "поранен*": "wounded", "полонен*": "captured", "людей": "people", "осіб": "people",
        "особи": "people", "жител*": "people", "мешканц*": "people", "біженц*": "people",
        "ракет*": "missiles", "снаряд*": "shells", "безпілотник*": "drones", "дрон*": "drones",
        "танк*": "tanks", "долар*": "usd", "євро": "eur", "рубл*": "rub",
    },
    "ko": {
        "병력": "troops", "군인": "troops", "병사": "troops", "장병": "troops", "군": "troops",
        "북한군": "troops", "특수부대": "troops", "사상자": "casualties", "사망자": "killed",
        "전사자": "killed", "부상자": "wounded", "포로": "captured", "명": "people", "주민": "people",
        "미사일": "missiles", "포탄": "shells", "발": "shells", "드론": "drones", "탱크": "tanks",
        "전차": "tanks", "달러": "usd", "원": "krw",
    },
    "de": {
        "soldaten": "troops", "truppen": "troops", "militärangehörige": "troops", "kämpfer": "troops",
        "spezialkräfte": "troops", "söldner": "troops", "tote": "killed", "toten": "killed",
        "getötete": "killed", "verletzte": "wounded", "verwundete": "wounded", "gefangene": "captured",
        "menschen": "people", "personen": "people", "zivilisten": "people", "einwohner": "people",
        "flüchtlinge": "people", "raketen": "missiles", "granaten": "shells", "artilleriegranaten": "shells",
        "geschosse": "shells", "drohnen": "drones", "panzer": "tanks", "dollar": "usd", "us-dollar": "usd",
        "euro": "eur", "rubel": "rub",
    },
    "fr": {
        "soldats": "troops", "militaires": "troops", "troupes": "troops", "combattants": "troops",
        "forces spéciales": "troops", "mercenaires": "troops", "morts": "killed", "tués": "killed",
        "blessés": "wounded", "prisonniers": "captured", "personnes": "people", "civils": "people",
        "habitants": "people", "réfugiés": "people", "missiles": "missiles", "roquettes": "missiles",
        "obus": "shells", "drones": "drones", "chars": "tanks", "dollars": "usd", "euros": "eur",
        "roubles": "rub",
    },
}

# Currency signs written before the number.
CURRENCY_SIGNS: Mapping[str, str] = {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "₩": "krw", "₽": "rub"}

# Words allowed between the number and the counted noun ("10,000 North Korean troops").
# Capitalised words (nationalities, names) are allowed too, up to the window size.
FILLERS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"more", "additional", "elite", "special", "combat", "military", "active", "armed",
                     "of", "the", "its", "their", "regular", "trained", "ballistic", "artillery",
                     "short-range", "foreign", "korean", "russian", "ukrainian", "north", "south"}),
    "id": frozenset({"orang", "anggota", "personel"}),
    "ru": frozenset({"северокорейских", "российских", "украинских", "иностранных", "северокорейские"}),
    "uk": frozenset({"північнокорейських", "російських", "українських", "іноземних"}),
    "ko": frozenset({"명의", "명", "여명의", "가량의", "규모의", "이상의", "북한"}),
    "de": frozenset({"nordkoreanische", "nordkoreanischen", "russische", "russischen", "ukrainische",
                     "weitere", "zusätzliche"}),
    "fr": frozenset({"nord-coréens", "russes", "ukrainiens", "de", "d'", "soldats"}),
}

# Modifiers that follow the noun and belong to the counted phrase (Indonesian puts them after).
POST_MODIFIERS: Mapping[str, tuple[str, ...]] = {
    "id": ("operasi khusus", "khusus", "elite", "elit", "cadangan", "bayaran", "reguler"),
    "fr": ("spéciales", "d'élite", "nord-coréens", "russes"),
    "de": (),
}

# Cues that make the second number of a sentence the earlier value of the first.
REVISION_CUES: Mapping[str, tuple[str, ...]] = {
    "en": ("up from", "down from", "from an earlier", "from a previous", "revised from", "compared with",
           "compared to", "previously", "earlier estimate of", "earlier estimate"),
    "id": ("naik dari", "turun dari", "meningkat dari", "bertambah dari", "dari sebelumnya",
           "dari perkiraan", "sebelumnya", "dibandingkan"),
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
    "fr": (("de",), ("à",)),
}
