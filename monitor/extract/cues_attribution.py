"""Attribution cues: reporting verbs, source phrases, pronouns and unnamed sources (data only).

A cue's direction says where its speaker is: "pre" cues come before the speaker ("kata X",
"according to X"), "post" cues after it ("X mengatakan", "X said"), and "both" cues either
way ("said X" after a quote, "X said" otherwise). Phrases are matched like the actor lexicon:
case- and diacritic-insensitively, with Russian/Ukrainian case endings folded.
"""

from __future__ import annotations

PRE, POST, BOTH = "pre", "post", "both"

REPORTING_CUES: dict[str, dict[str, str]] = {
    "id": {
        "kata": PRE, "ujar": PRE, "ungkap": PRE, "tutur": PRE, "jelas": PRE, "tambah": PRE,
        "menurut": PRE, "mengutip": PRE, "melansir": PRE, "dilansir": PRE, "seperti dilansir": PRE,
        "dikutip dari": PRE, "disampaikan oleh": PRE, "dikatakan oleh": PRE, "diungkapkan oleh": PRE,
        "mengatakan": POST, "menyatakan": POST, "memperkirakan": POST, "menuduh": POST,
        "mengonfirmasi": POST, "mengkonfirmasi": POST, "konfirmasi": POST, "melaporkan": POST,
        "mengklaim": POST, "menyebut": POST, "menyebutkan": POST, "menjelaskan": POST,
        "mengungkapkan": POST, "menegaskan": POST, "menambahkan": POST, "memperingatkan": POST,
        "mencatat": POST, "menuturkan": POST, "mengumumkan": POST, "menilai": POST, "menyampaikan": POST,
        "berkata": POST, "katakan": POST, "menaksir": POST, "mengestimasi": POST, "memberitakan": POST,
        "berbicara": POST, "menggambarkan": POST,
    },
    "en": {
        "said": BOTH, "says": BOTH, "added": BOTH, "wrote": BOTH, "noted": BOTH, "stated": BOTH,
        "according to": PRE, "citing": PRE, "cited by": PRE, "reported by": PRE,
        "say": POST, "estimated": POST, "estimates": POST, "estimate": POST, "told": POST, "tells": POST,
        "reported": POST, "reports": POST, "claimed": POST, "claims": POST, "confirmed": POST,
        "confirms": POST, "warned": POST, "announced": POST, "believes": POST, "assessed": POST,
        "assesses": POST, "accused": POST, "alleged": POST, "spoke": POST, "described": POST,
    },
    "ru": {
        "по данным": PRE, "по словам": PRE, "по сообщению": PRE, "по оценкам": PRE, "как сообщает": PRE,
        "как сообщил": PRE, "как заявил": PRE, "согласно": PRE, "со ссылкой на": PRE,
        "заявил": BOTH, "сообщил": BOTH, "сказал": BOTH, "отметил": BOTH, "добавил": BOTH, "написал": BOTH,
        "подчеркнул": BOTH, "сообщает": BOTH, "считает": POST, "оценивает": POST, "оценил": POST,
        "подтвердил": POST, "утверждает": POST, "заявляет": POST,
    },
    "uk": {
        "за словами": PRE, "за даними": PRE, "як повідомляє": PRE, "як повідомив": PRE,
        "за інформацією": PRE, "згідно з": PRE, "з посиланням на": PRE,
        "заявив": BOTH, "заявила": BOTH, "повідомив": BOTH, "повідомила": BOTH, "сказав": BOTH,
        "сказала": BOTH, "зазначив": BOTH, "додав": BOTH, "написав": BOTH, "повідомляє": BOTH,
        "вважає": POST, "оцінює": POST, "підтвердив": POST, "стверджує": POST, "заявили": BOTH,
        "повідомили": BOTH,
    },
    "de": {
        "laut": PRE, "nach Angaben": PRE, "nach Angaben von": PRE, "wie": PRE, "zufolge": POST,
        "sagte": BOTH, "sagt": BOTH, "erklärte": BOTH, "schrieb": BOTH, "betonte": BOTH, "teilte mit": BOTH,
        "schätzt": POST, "schätzte": POST, "schätzen": POST, "berichtete": POST, "berichtet": POST,
        "meldete": POST, "meldet": POST, "bestätigte": POST, "behauptete": POST, "warnte": POST,
        "geht davon aus": POST,
    },
    "fr": {
        "selon": PRE, "d'après": PRE, "a déclaré": BOTH, "a dit": BOTH, "a indiqué": BOTH,
        "a affirmé": BOTH, "a ajouté": BOTH, "a précisé": BOTH, "a souligné": BOTH, "déclare": BOTH,
        "estime": POST, "estiment": POST, "a estimé": POST, "affirme": POST, "indique": POST,
        "a confirmé": POST, "a rapporté": POST, "rapporte": POST, "a annoncé": POST, "a assuré": POST,
    },
}

# Indonesian reporting verbs with "-nya" ("katanya", "ujarnya"): the speaker is "he/she/it".
PRONOUN_VERBS = ("katanya", "ujarnya", "ungkapnya", "tuturnya", "lanjutnya", "tambahnya", "jelasnya",
                 "imbuhnya", "tegasnya", "sebutnya", "ucapnya")

# Korean: "X에 따르면"; "X는 ... 밝혔다" (a verb stem at the start of a token).
KOREAN_ACCORDING_TO = "따르면"
KOREAN_VERB_STEMS = ("밝혔", "말했", "추정했", "추산했", "전했", "발표했", "주장했", "확인했", "보고했",
                     "설명했", "언급했", "강조했", "보도했", "경고했", "평가했", "밝힌", "추정한")
KOREAN_TOPIC_PARTICLES = ("은", "는", "이", "가", "께서", "측은", "측이", "도")

# Pronouns and phrases that refer back to a speaker, and the kind of actor they fit.
PERSON, ORG, ANY = "person", "org", "any"
ANAPHORS: dict[str, str] = {
    # id
    "ia": PERSON, "dia": PERSON, "beliau": PERSON, "mereka": ANY, "pihaknya": ANY,
    "badan tersebut": ORG, "badan itu": ORG, "lembaga tersebut": ORG, "lembaga itu": ORG,
    "kementerian tersebut": ORG, "kementerian itu": ORG, "dewan tersebut": ORG, "kantor tersebut": ORG,
    "badan intelijen tersebut": ORG, "badan intelijen itu": ORG, "aliansi tersebut": ORG,
    # en
    "he": PERSON, "she": PERSON, "they": ANY, "it": ORG, "the agency": ORG, "the ministry": ORG,
    "the department": ORG, "the council": ORG, "the office": ORG, "the service": ORG,
    "the alliance": ORG, "the organisation": ORG, "the organization": ORG, "the spy agency": ORG,
    # ru
    "он": PERSON, "она": PERSON, "они": ANY, "агентство": ORG, "ведомство": ORG, "министерство": ORG,
    "в ведомстве": ORG, "служба": ORG,
    # uk
    "він": PERSON, "вона": PERSON, "вони": ANY, "відомство": ORG, "міністерство": ORG, "у відомстві": ORG,
    # ko
    "그는": PERSON, "그가": PERSON, "그녀는": PERSON, "이 기관은": ORG, "해당 기관은": ORG, "이들은": ANY,
    # de
    "er": PERSON, "sie": ANY, "die Behörde": ORG, "das Ministerium": ORG, "der Dienst": ORG,
    "der Geheimdienst": ORG, "das Amt": ORG,
    # fr
    "il": PERSON, "elle": PERSON, "ils": ANY, "elles": ANY, "l'agence": ORG, "le ministère": ORG,
    "le service": ORG, "l'organisation": ORG,
}

# Unnamed sources: a figure credited to one of these is credited to nobody in particular.
GENERIC_SPEAKERS = """
pejabat|para pejabat|sumber|sumber-sumber|media|media pemerintah|perwakilan|analis|pengamat|para ahli|
saksi|warga|wartawan|diplomat|pejabat intelijen|officials|official|a source|sources|lawmakers|
lawmaker|analysts|experts|media reports|diplomats|a senior official|a senior US official|a person|
people familiar|источник|источники|чиновники|эксперты|СМИ|аналитики|джерело|джерела|посадовці|
експерти|ЗМІ|аналітики|Quellen|Beamte|Kreise|Medien|Experten|Diplomaten|sources|responsables|médias|
experts|diplomates|소식통|관계자|당국자|언론|전문가
"""

# Words that may stand between a speaker and its verb, or between a cue and its speaker.
SKIP_WORDS = """
juga|telah|sudah|pun|yang|pada|sebelumnya|kemudian|lalu|kembali|baru|pernah|hari|secara|resmi|
pernyataan|pernyataan dari|laporan|data|keterangan|dari|sendiri|kini|sekarang|masih|tetap|akhirnya|
now|still|later|today|again|further|initially|first|
also|has|have|had|previously|earlier|recently|then|who|which|on|the|a|an|in|statement|a statement|
data from|estimates by|officials at|report by|
также|уже|ранее|который|которая|которые|же|в|теперь|сейчас|ещё|
також|вже|раніше|який|яка|які|тепер|зараз|ще|
auch|bereits|hat|haben|habe|am|der|die|das|des|dem|den|von|nun|jetzt|inzwischen|zuletzt|
aussi|également|a|le|la|les|l|du|de|des|qui|désormais|maintenant|encore
"""
