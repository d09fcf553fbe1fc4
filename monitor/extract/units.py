"""Language pack of the counted thing: nouns (-> canonical English unit), fillers, modifiers, classifiers.

The cues around a figure (what happened to the counted people, revisions, links) are in
monitor.extract.figure_cues."""

from __future__ import annotations

from collections.abc import Mapping

# Counted nouns per language, mapped to the canonical unit. Inflected forms are listed because
# matching is on whole words; a trailing "*" means "this stem and any ending".
COUNTED_NOUNS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "troops": "troops", "soldiers": "troops", "soldier": "troops", "servicemen": "troops",
        "personnel": "troops", "fighters": "troops", "special forces": "troops", "forces": "troops",
        "marines": "troops", "paratroopers": "troops", "mercenaries": "troops", "conscripts": "troops",
        "reservists": "troops", "recruits": "troops", "servicemembers": "troops", "workers": "people",
        "casualties": "casualties", "dead": "killed", "killed": "killed", "deaths": "killed", "wounded": "wounded",
        "injured": "wounded", "captured": "captured", "prisoners": "captured", "pows": "captured",
        "prisoners of war": "captured", "people": "people", "civilians": "people", "residents": "people",
        "refugees": "people", "evacuees": "people", "missiles": "missiles", "rockets": "missiles",
        "shells": "shells", "artillery shells": "shells", "containers": "containers", "rounds": "shells",
        "drones": "drones", "tanks": "tanks", "dollars": "usd", "us dollars": "usd", "euros": "eur",
        "roubles": "rub", "rubles": "rub", "won": "krw",
    },
    "id": {
        "tentara": "troops", "pasukan": "troops", "prajurit": "troops", "personel": "troops",
        "personel militer": "troops", "serdadu": "troops", "perwira": "troops", "tentara bayaran": "troops",
        "militer": "troops", "anggota pasukan": "troops", "korban": "casualties", "korban tewas": "killed",
        "tewas": "killed", "orang tewas": "killed", "meninggal": "killed", "terbunuh": "killed",
        "terluka": "wounded", "luka-luka": "wounded", "tawanan": "captured", "tawanan perang": "captured",
        "ditawan": "captured", "orang": "people", "warga": "people", "warga sipil": "people", "penduduk": "people",
        "jiwa": "people", "pengungsi": "people", "rudal": "missiles", "misil": "missiles",
        "amunisi artileri": "shells", "roket": "missiles", "kontainer": "containers", "peluru": "shells",
        "peluru artileri": "shells", "amunisi": "shells", "drone": "drones", "drone*": "drones", "tank": "tanks",
        "dolar": "usd", "dolar as": "usd", "euro": "eur", "rubel": "rub", "won": "krw",
    },
    "ru": {
        "военн*": "troops", "военнослужащ*": "troops", "солдат*": "troops", "бойц*": "troops", "войск*": "troops",
        "военных": "troops", "спецназовц*": "troops", "наемник*": "troops", "оккупант*": "troops",
        "погибш*": "killed", "убит*": "killed", "ранен*": "wounded", "пленн*": "captured", "человек": "people",
        "жител*": "people", "мирных жителей": "people", "беженц*": "people", "эвакуированных": "people",
        "ракет*": "missiles", "снаряд*": "shells", "артиллерийских снарядов": "shells", "раненых": "wounded",
        "беспилотник*": "drones", "контейнер*": "containers", "дрон*": "drones", "танк*": "tanks", "доллар*": "usd",
        "евро": "eur", "рубл*": "rub",
    },
    "uk": {
        "військов*": "troops", "військовослужбов*": "troops", "солдат*": "troops", "бійц*": "troops",
        "бійців": "troops", "вояк*": "troops", "найманц*": "troops", "окупант*": "troops", "загибл*": "killed",
        "вбит*": "killed", "поранен*": "wounded", "полонен*": "captured", "людей": "people", "осіб": "people",
        "особи": "people", "жител*": "people", "цивільних": "people", "мешканц*": "people", "біженц*": "people",
        "ракет*": "missiles", "снаряд*": "shells", "безпілотник*": "drones", "контейнер*": "containers",
        "дрон*": "drones", "танк*": "tanks", "долар*": "usd", "євро": "eur", "рубл*": "rub",
    },
    "ko": {
        "병력": "troops", "군인": "troops", "병사": "troops", "장병": "troops", "군": "troops", "북한군": "troops",
        "특수부대": "troops", "사상자": "casualties", "사망자": "killed", "전사자": "killed", "부상자": "wounded",
        "포로": "captured", "명": "people", "주민": "people", "미사일": "missiles", "포탄": "shells",
        "발": "shells", "드론": "drones", "탄도미사일": "missiles", "순항미사일": "missiles",
        "컨테이너": "containers", "탱크": "tanks", "전차": "tanks", "달러": "usd", "원": "krw",
    },
    "de": {
        "soldaten": "troops", "truppen": "troops", "militärangehörige": "troops", "kämpfer": "troops",
        "spezialkräfte": "troops", "söldner": "troops", "tote": "killed", "toten": "killed", "getötete": "killed",
        "verletzte": "wounded", "verwundete": "wounded", "gefangene": "captured", "kriegsgefangene": "captured",
        "menschen": "people", "personen": "people", "zivilisten": "people", "einwohner": "people",
        "flüchtlinge": "people", "raketen": "missiles", "granaten": "shells", "artilleriegranaten": "shells",
        "geschosse": "shells", "drohnen": "drones", "container": "containers", "panzer": "tanks", "dollar": "usd",
        "us-dollar": "usd", "euro": "eur", "rubel": "rub",
    },
    "fr": {
        "soldats": "troops", "militaires": "troops", "troupes": "troops", "combattants": "troops",
        "forces spéciales": "troops", "mercenaires": "troops", "morts": "killed", "tués": "killed",
        "blessés": "wounded", "prisonniers": "captured", "prisonniers de guerre": "captured", "personnes": "people",
        "civils": "people", "habitants": "people", "réfugiés": "people", "missiles": "missiles",
        "roquettes": "missiles", "obus": "shells", "conteneurs": "containers", "drones": "drones", "chars": "tanks",
        "dollars": "usd", "euros": "eur", "roubles": "rub",
    },
}

# Currency signs written before the number.
CURRENCY_SIGNS: Mapping[str, str] = {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "₩": "krw", "₽": "rub"}

# Words allowed between the number and the counted noun ("10,000 North Korean troops").
# Capitalised words (nationalities, names) are allowed too, up to the window size.
FILLERS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"more", "additional", "elite", "special", "combat", "military", "active", "armed",
                     "of", "the", "its", "their", "regular", "trained", "ballistic", "artillery",
                     "short-range", "foreign", "korean", "russian", "ukrainian", "north", "south", "others", "other"}),
    "id": frozenset({"orang", "anggota", "personel", "lainnya", "lagi", "tambahan", "butir", "buah", "unit"}),
    "ru": frozenset({"северокорейских", "российских", "украинских", "иностранных", "северокорейские",
                     "других", "дополнительных"}),
    "uk": frozenset({"північнокорейських", "російських", "українських", "іноземних", "інших", "додаткових"}),
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

# Counters that say "persons" without saying who: "berjumlah 10.000 orang", "북한군 1만 명". The
# counted thing is then a noun right after the counter ("1만 명의 북한군") or before the number.
CLASSIFIERS: Mapping[str, frozenset[str]] = {
    "id": frozenset({"orang", "jiwa"}),
    "ko": frozenset({"명", "발"}),  # 발: shots, of shells or of missiles (the noun before says which)
    "ru": frozenset({"человек"}),
    "uk": frozenset({"осіб", "особи"}),
}

# A percentage is a figure only when it is a share ("a 50% share", "pangsa ... 60 persen"):
# one of these near it, or a "percent of" word right after it ("40 percent of the shells").
SHARE_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("share", "proportion"),
    "id": ("pangsa", "porsi", "proporsi"),
    "ru": ("доля", "долю", "доли", "долей"),
    "uk": ("частка", "частку", "частки", "часткою"),
    "ko": ("비중", "비율", "점유율"),
    "de": ("anteil",),
    "fr": ("part", "proportion"),
}
SHARE_OF: Mapping[str, frozenset[str]] = {
    "en": frozenset({"of"}), "id": frozenset({"dari"}), "ru": frozenset({"от", "из"}),
    "uk": frozenset({"від", "з", "із"}), "de": frozenset({"der", "des", "aller"}),
    "fr": frozenset({"des", "de", "du", "d'"}), "ko": frozenset(),
}
