"""Title cues, country words, news outlets and credit labels for the actor finder (data only).

Phrases are matched token by token, case- and diacritic-insensitively (acronyms exactly), with
Russian/Ukrainian case endings and Korean particles allowed, so one form per phrase is enough.
"""

from __future__ import annotations

# Title cue -> role in English. A person's name follows the cue (in Korean it precedes it),
# optionally after country words: "Menteri luar negeri (menlu) Korea Utara (Korut) Choe Sun Hui".
TITLE_CUES: dict[str, dict[str, str]] = {
    "id": {
        "Presiden": "President", "Wakil Presiden": "Vice President", "Perdana Menteri": "Prime Minister",
        "Menteri Luar Negeri": "Foreign Minister", "Menlu": "Foreign Minister",
        "Menteri Pertahanan": "Defence Minister", "Menhan": "Defence Minister",
        "Wakil Menteri Luar Negeri": "Vice Foreign Minister",
        "Wakil Menteri Luar Negeri Pertama": "First Vice Foreign Minister",
        "Wakil Menteri Pertahanan": "Vice Defence Minister", "Menteri": "Minister",
        "Wakil Menteri": "Vice Minister", "Duta Besar": "Ambassador", "Dubes": "Ambassador",
        "Wakil Direktur": "Deputy Director", "Wakil Direktur Pertama": "First Deputy Director",
        "Direktur": "Director", "Direktur Jenderal": "Director-General", "Juru bicara": "Spokesperson",
        "Jubir": "Spokesperson", "Sekretaris Jenderal": "Secretary-General", "Sekjen": "Secretary-General",
        "Kepala": "Head", "Panglima": "Commander", "Jenderal": "General", "Gubernur": "Governor",
        "Kanselir": "Chancellor", "anggota parlemen": "Lawmaker", "Ketua": "Chairman",
        "Pemimpin": "Leader", "Utusan Khusus": "Special Envoy", "Senator": "Senator",
    },
    "en": {
        "President": "President", "Vice President": "Vice President", "Prime Minister": "Prime Minister",
        "Foreign Minister": "Foreign Minister", "Foreign Secretary": "Foreign Secretary",
        "Defence Minister": "Defence Minister", "Defense Minister": "Defence Minister",
        "Defence Secretary": "Defence Secretary", "Defense Secretary": "Defense Secretary",
        "Secretary of Defense": "Secretary of Defense", "Secretary of State": "Secretary of State",
        "Ambassador": "Ambassador", "Secretary-General": "Secretary-General",
        "spokesman": "Spokesperson", "spokeswoman": "Spokesperson", "spokesperson": "Spokesperson",
        "Deputy Director": "Deputy Director", "First Deputy Director": "First Deputy Director",
        "Director": "Director", "General": "General", "Governor": "Governor", "Chancellor": "Chancellor",
        "Senator": "Senator", "Supreme Leader": "Supreme Leader", "Leader": "Leader",
        "Vice Foreign Minister": "Vice Foreign Minister", "Deputy Foreign Minister": "Deputy Foreign Minister",
        "First Vice Foreign Minister": "First Vice Foreign Minister", "Minister": "Minister",
        "Chairman": "Chairman", "Commander": "Commander", "Special Envoy": "Special Envoy",
        "Envoy": "Envoy", "lawmaker": "Lawmaker",
    },
    "ru": {
        "президент": "President", "премьер-министр": "Prime Minister",
        "министр иностранных дел": "Foreign Minister", "глава МИД": "Foreign Minister",
        "министр обороны": "Defence Minister", "посол": "Ambassador", "генсек": "Secretary-General",
        "генеральный секретарь": "Secretary-General", "пресс-секретарь": "Press Secretary",
        "официальный представитель": "Spokesperson", "представитель": "Representative",
        "губернатор": "Governor", "генерал": "General", "председатель": "Chairman", "канцлер": "Chancellor",
        "министр": "Minister", "директор": "Director", "лидер": "Leader",
    },
    "uk": {
        "президент": "President", "прем'єр-міністр": "Prime Minister",
        "міністр закордонних справ": "Foreign Minister", "глава МЗС": "Foreign Minister",
        "міністр оборони": "Defence Minister", "посол": "Ambassador", "генсек": "Secretary-General",
        "генеральний секретар": "Secretary-General", "речник": "Spokesperson", "речниця": "Spokesperson",
        "губернатор": "Governor", "генерал": "General", "канцлер": "Chancellor", "директор": "Director",
        "міністр": "Minister", "лідер": "Leader",
    },
    "ko": {
        "대통령": "President", "외무상": "Foreign Minister", "외교부 장관": "Foreign Minister",
        "외교장관": "Foreign Minister", "대사": "Ambassador", "사무총장": "Secretary-General",
        "대변인": "Spokesperson", "국방장관": "Defence Minister", "국방부 장관": "Defence Minister",
        "국정원 차장": "Deputy Director of the National Intelligence Service", "1차장": "First Deputy Director",
        "국무위원장": "Chairman of State Affairs", "총리": "Prime Minister", "장관": "Minister",
        "국무장관": "Secretary of State", "위원장": "Chairman",
    },
    "de": {
        "Präsident": "President", "Präsidentin": "President", "Außenminister": "Foreign Minister",
        "Außenministerin": "Foreign Minister", "Botschafter": "Ambassador", "Botschafterin": "Ambassador",
        "Generalsekretär": "Secretary-General", "Sprecher": "Spokesperson", "Sprecherin": "Spokesperson",
        "Verteidigungsminister": "Defence Minister", "Verteidigungsministerin": "Defence Minister",
        "Kanzler": "Chancellor", "Bundeskanzler": "Chancellor", "Ministerpräsident": "Prime Minister",
        "Regierungssprecher": "Government Spokesperson", "Machthaber": "Leader",
    },
    "fr": {
        "président": "President", "présidente": "President",
        "ministre des Affaires étrangères": "Foreign Minister", "chef de la diplomatie": "Foreign Minister",
        "ambassadeur": "Ambassador", "ambassadrice": "Ambassador", "secrétaire général": "Secretary-General",
        "porte-parole": "Spokesperson", "ministre de la Défense": "Defence Minister",
        "Premier ministre": "Prime Minister", "chancelier": "Chancellor", "dirigeant": "Leader",
    },
}

# Country words (names and adjectives, every language) -> the country in English, for roles
# ("Presiden Korea Selatan" -> "President of South Korea") and for skipping to the name.
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "North Korea": ("Korea Utara", "Korut", "North Korea", "North Korean", "DPRK", "КНДР", "Северная Корея",
                    "северокорейский", "Північна Корея", "північнокорейський", "북한", "Nordkorea",
                    "nordkoreanische", "nordkoreanischen", "Corée du Nord", "nord-coréen"),
    "South Korea": ("Korea Selatan", "Korsel", "South Korea", "South Korean", "Южная Корея",
                    "южнокорейский", "Південна Корея", "південнокорейський", "한국", "Südkorea",
                    "südkoreanische", "südkoreanischen", "Corée du Sud", "sud-coréen"),
    "Russia": ("Rusia", "Russia", "Russian", "Россия", "российский", "Росія", "російський", "러시아",
               "Russland", "russische", "russischen", "Russie", "russe"),
    "Ukraine": ("Ukraina", "Ukraine", "Ukrainian", "Украина", "украинский", "Україна", "український",
                "우크라이나", "ukrainische", "ukrainischen", "ukrainien"),
    "the United States": ("Amerika Serikat", "AS", "US", "U.S.", "United States", "American", "США",
                          "американский", "американський", "미국", "USA", "amerikanische",
                          "amerikanischen", "États-Unis", "américain"),
    "NATO": ("NATO", "Nato", "НАТО", "나토", "OTAN"),
    "the United Nations": ("PBB", "UN", "U.N.", "ООН", "유엔", "ONU", "UNO"),
    "China": ("China", "Tiongkok", "Cina", "Chinese", "Китай", "китайский", "китайський", "중국", "Chine",
              "chinesische", "chinois"),
    "Japan": ("Jepang", "Japan", "Japanese", "Япония", "японский", "Японія", "японський", "일본", "Japon",
              "japanische", "japonais"),
    "Germany": ("Jerman", "Germany", "German", "Германия", "Німеччина", "독일", "Deutschland",
                "deutsche", "deutschen", "Allemagne", "allemand"),
    "France": ("Prancis", "Perancis", "France", "French", "Франция", "Франція", "프랑스", "Frankreich",
               "französische", "français"),
    "the United Kingdom": ("Inggris", "Britain", "British", "United Kingdom", "UK", "Великобритания",
                           "Велика Британія", "영국", "Großbritannien", "britische", "Royaume-Uni",
                           "britannique"),
    "the European Union": ("Uni Eropa", "EU", "European Union", "Евросоюз", "ЄС", "유럽연합", "UE"),
    "Belarus": ("Belarus", "Беларусь", "Білорусь", "벨라루스", "Biélorussie"),
    "Iran": ("Iran", "Иран", "Іран", "이란"),
    "the Kursk region": ("Kursk", "Курск", "Курськ", "쿠르스크"),
}

# News outlets, wire and photo agencies: never actors. Lower-case and upper-case spellings are
# added automatically.
OUTLETS = """
Reuters|Yonhap|Yonhap News|Yonhap News Agency|Kantor berita Yonhap|AFP|Agence France-Presse|AP|
Associated Press|DPA|DPA International|dpa|SCMP|South China Morning Post|Kontan|KONTAN.CO.ID|Tribunnews|
Tribunnews.com|inibalikpapan.com|TASS|ТАСС|RIA Novosti|РИА Новости|Interfax|Интерфакс|Інтерфакс|
Interfax-Ukraine|Інтерфакс-Україна|BBC|CNN|Bloomberg|NK News|Kyiv Independent|The Kyiv Independent|
Ukrainska Pravda|Українська правда|Украинская правда|Ukrinform|Укрінформ|UNIAN|УНІАН|Sputnik|RT|
Getty Images|AFP/Getty Images|EPA|Xinhua|Kyodo|NHK|New York Times|The New York Times|Washington Post|
The Washington Post|Wall Street Journal|The Wall Street Journal|Guardian|The Guardian|Financial Times|
Al Jazeera|KBS|KBS World|MBC|SBS|JoongAng|JoongAng Ilbo|Chosun Ilbo|Korea Herald|The Korea Herald|
Korea Times|The Korea Times|Korea JoongAng Daily|Kompas|Kompas.com|Detik|Detikcom|CNN Indonesia|Antara|
Tempo|Liputan6|Okezone|Sindonews|Republika|VOA|Voice of America|RFA|Radio Free Asia|Daily NK|
Kommersant|Коммерсант|Izvestia|Известия|РБК|RBC|Meduza|Медуза|Новая газета|Spiegel|Der Spiegel|
Tagesschau|Süddeutsche Zeitung|FAZ|Frankfurter Allgemeine|Zeit|Die Zeit|Le Monde|Le Figaro|Libération|
France 24|RFI|Euronews|연합뉴스|뉴시스|뉴스1|조선일보|중앙일보|동아일보|한겨레|KBS뉴스|YTN
"""

# The gazetteer's news agencies: actors only when not cited as the source of a report.
NEWS_AGENCY_ACTORS = ("Korean Central News Agency",)

# Credit labels: what follows ("Editor: X", "Foto: Reuters/Y") names staff or sources, not actors.
CREDIT_LABELS = """
Sumber Source Editor Penulis Reporter Wartawan Pewarta Penyunting Redaktur Kontributor Writer Author
Foto Photo Image Credit Ilustrasi Fotografer Автор Источник Джерело Редактор Корреспондент Фото Quelle
Autor Autorin Redakteur Redaktion Bild Auteur Rédaction Crédit 기자 사진 편집
"""

# Words before a name that make it a person: "kepada Georgy Zinoviev", "with Robert Wood".
PERSON_PREPOSITIONS: dict[str, str] = {
    "id": "kepada dengan oleh bersama terhadap",
    "en": "to with by",
    "ru": "с со от к у",
    "uk": "з із від до у",
    "de": "",  # German capitalises every noun: a preposition is no person cue there
    "fr": "avec par à",
    "ko": "",
}

# Connectives allowed between a title and its country: "Duta Besar Rusia untuk Korea Selatan".
TITLE_CONNECTIVES = "untuk di for of to in at der des de du à d при в"
