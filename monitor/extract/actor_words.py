"""Word lists for telling names from other capitalised words (data only).

Every list is a whitespace-separated string; the actor finder turns the words into matching
keys (case- and diacritic-folded, Russian/Ukrainian case endings stripped) once, at import.
"""

from __future__ import annotations

MONTHS_AND_DAYS = """
Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember
Senin Selasa Rabu Kamis Jumat Jum'at Sabtu Minggu
January February March May June July August October December Jan Feb Mar Apr Jun Jul Aug Sep Sept
Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Январь Января Февраль Февраля Март Марта Апрель Апреля Май Мая Июнь Июня Июль Июля Август Августа
Сентябрь Сентября Октябрь Октября Ноябрь Ноября Декабрь Декабря Понедельник Вторник Среда Четверг
Пятница Суббота Воскресенье
Січень Січня Лютий Лютого Березень Березня Квітень Квітня Травень Травня Червень Червня Липень Липня
Серпень Серпня Вересень Вересня Жовтень Жовтня Листопад Листопада Грудень Грудня Понеділок Вівторок
Середа Четвер Пʼятниця Субота Неділя
Januar Februar März Mai Dezember Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag
Janvier Février Mars Avril Juin Juillet Août Septembre Octobre Novembre Décembre Lundi Mardi Mercredi
Jeudi Vendredi Samedi Dimanche
"""

# Places, country words and compass words: a capitalised run containing one is a place or an
# organisation's name, not a person's ("Hong Kong", "New York", "Korea Timur").
PLACE_WORDS = """
Brussels Brussel Bruxelles Brüssel Belgia Belgium Belgien Belgique New York Washington Seoul Pyongyang
Moskow Moscow Moskau Moscou Kyiv Kiev Kiew Kyjiw Vladivostok Wladiwostok Kursk Koursk Sudzha Donetsk
Donbas Donbass Kharkiv Kherson Zaporizhzhia Crimea Krimea Krim Crimée Tokyo Beijing Jakarta London Paris
Berlin Geneva Jenewa Genf Genève Khabarovsk Ussuriysk Primorsky Siberia Asia Eropa Europe Europa Pasifik
Pacific Atlantik Atlantic Semenanjung Peninsula Korea Korean Koreans Kong Timur Barat Utara Selatan
East West North South Far Jauh Amerika America American Americans Uni Union European Jepang Japan
Japanese China Tiongkok Chinese Cina Indonesia Indonesian Gedung White House Rusia Russia Russians
Ukraina Ukraine Ukrainian Ukrainians Korut Korsel Serikat States United Nations Bangsa Belarus Iran
Israel Gaza Turki Turkey Türkei Turquie India Inggris Britain British Jerman Germany German Prancis
France French Perancis Italia Italy Kanada Canada Australia Polandia Poland Vietnam Mongolia Taiwan
Korée Nordkorea Südkorea Russland Ukrainisch Coréen Ukrainien Russe Sud Nord Est Ouest Nordkoreas
Москва Россия Украина Киев Курск Пхеньян Сеул Вашингтон Брюссель Владивосток Корея КНДР Донецк
Херсон Крым Европа Америка Китай Япония Хабаровск Приморье Северная Южная
Київ Україна Росія Курськ Пхеньян Європа Корея Північна Південна Китай Японія Харків
"""

# Words that say an organisation is a news outlet ("Kantor Berita Yonhap", "news agency").
OUTLET_DESCRIPTOR_WORDS = """
Berita News Nachrichtenagentur Presseagentur Nachrichten Presse Information Informationsagentur
Новостей Новости Новин Информационное Інформаційне Télévision Radio Televisi TV
"""

# Given names common in the news: a capitalised run starting with one is a person's name.
GIVEN_NAMES = """
Anthony Antony Joe Joseph Donald Kamala Lloyd John Robert Mark Jens Olaf Emmanuel Annalena Boris Keir
Rishi Vladimir Volodymyr Wolodymyr Sergei Sergey Sergej Dmitry Dmitri Dmitrij Andrei Andrey Andrej
Alexander Aleksandr Alexandr Alexei Alexey Aleksei Georgy Georgiy Georgi Maria Mariya Oleksandr Oleksiy
Oleksii Andriy Andrii Dmytro Kyrylo Valery Valeriy Yuri Yury Yuriy Mikhail Nikolai Nikolay Ivan Igor
Ihor Oleg Viktor Victor Yevgeny Evgeny Rustem Denys Petro Yulia Olena Iryna Anna Elena Olga Natalia
Tatiana Ramzan Ursula Josep Charles Michael David James William Richard Thomas Peter Paul Daniel
Matthew Andrew Jake Jack Linda Karine Mike Marco Pete Tulsi Kurt Jean Pierre Friedrich Wolfgang
Christine Kaja Antonio António Rafael Mariano Jan Stefan Hans Karl Gerhard Angela Frank Heinz Jürgen
Dominique François Gabriel Sébastien Catherine Jeremy Ben Benjamin Xavier Rex Gordon Ned Matt Kevin
Brian Steve Stephen Jim Tom Tim Ned Tony Chris Christopher Nick Nicholas Philip Phil Scott Ryan Sarah
Emily Jennifer Susan Mary Elizabeth Helen Julia Martin Henry George Eric Kim Joko Retno Sugiono Jusuf
Владимир Сергей Дмитрий Андрей Александр Алексей Георгий Мария Валерий Юрий Михаил Николай Иван Игорь
Олег Виктор Евгений Рамзан Марк Антони Ллойд Джо Дональд Энтони Йенс
Володимир Олександр Андрій Дмитро Олексій Кирило Валерій Юрій Ігор Денис Петро Юлія Олена Ірина Марія
Рустем Георгій Віктор Михайло Сергій Іван
"""

# Korean surnames in their usual romanisations, each group with its canonical spelling first.
KOREAN_SURNAME_GROUPS = """
kim gim|lee yi rhee ri rhie|park pak bak|choe choi|jung jeong chung chong jong|kang gang|cho jo|yoon yun|
jang chang|lim im rim|han|oh o|seo suh|shin sin|kwon gwon|hwang|ahn an|song|ryu yoo yu ryoo|hong|
jeon chun jun|ko go|moon mun|yang|son sohn|bae pae|baek paik paek|heo hur|nam|noh roh no|ha|kwak|
sung seong|cha|joo ju|woo u|min|jin|na|ji|eom um|chae|won|cheon|bang|gong kong|hyun hyeon|ham|byun byeon|
yeom yum|yeo yo|chu choo|do|so|seok suk|seon sun|seol sol|ma|gil kil|yeon|wi|pyo|myung|ki|ban|wang|geum
"""

# Hangul surnames with the romanisation group they belong to (KOREAN_SURNAME_GROUPS): "최 외무상"
# after "최선희" is the same person; "김" after "김정은" or "Kim Jong Un" is Kim.
HANGUL_ROMANISED = """
김 kim|이 lee|리 lee|박 park|최 choe|정 jung|강 kang|조 cho|윤 yoon|장 jang|임 lim|한 han|오 oh|서 seo|신 shin|
권 kwon|황 hwang|안 ahn|송 song|류 ryu|유 ryu|전 jeon|홍 hong|고 ko|문 moon|양 yang|손 son|배 bae|백 baek|허 heo|
남 nam|노 noh|하 ha|곽 kwak|성 sung|차 cha|주 joo|우 woo|민 min|진 jin|나 na|지 ji|엄 eom|채 chae|원 won|천 cheon|
방 bang|공 gong|현 hyun|함 ham|변 byun|염 yeom|여 yeo|추 chu|도 do|소 so|석 seok|선 seon|설 seol|마 ma|길 gil|
연 yeon|위 wi|표 pyo|명 myung|기 ki|반 ban|왕 wang|금 geum
"""

HANGUL_SURNAMES = """
김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주
우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹
제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 시 단 견 당 리
"""

# Particles that attach to a Korean word ("북한은", "국정원에 따르면", "김정은 위원장이").
KOREAN_PARTICLES = """
으로부터 에게서 로부터 이라고 이라는 에서는 에서도 으로는 께서는 에서 에게 께서 으로 이다 이며 이고 라고 라는 과의
와의 에는 에도 에선 측은 측이 측의 측도 측에 까지 부터 처럼 보다 이나 이랑 은 는 이 가 을 를 의 에 와 과 도 로 만
께 측
"""

# Top-level domains: "KONTAN.CO.ID", "inibalikpapan.com" are outlets.
DOMAIN_ENDINGS = "com id co net org ru ua kr de fr uk io news info tv eu jp cn"
