"""Words that name bodies in executor cells: heads of names, kinds, abbreviations.

Executor cells are lists of organisation names in Ukrainian. A name starts with its head noun
(often after adjectives: "обласний центр …", "районні державні адміністрації"), so the head
decides both where a name begins when a comma is missing and what kind of body it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

_L = "a-zа-яіїєґ'"
_NB = rf"(?<![{_L}])"  # word start
_NE = rf"(?![{_L}])"  # word end

# kind → (stems of head words, abbreviations); the earliest head in a name decides its kind.
KIND_HEADS = (
    (
        "person",
        r"керівник|член|голов[аиі]|заступник|начальник|директор|старост|спеціаліст|фахів"
        r"|психолог|лікар(?!н)|педагог|вихователь|уповноважен|координатор|інспектор|працівник"
        r"|вчител|учител|юрист|адвокат|батьк|опікун|патронатн\S* вихователь|медсестр|сестр",
        "",
    ),
    ("service", r"служб[аиіо]", "ссд|сссдм"),
    ("department", r"відділ|управлінн|департамент|сектор", "усзн|уснз"),
    ("administration", r"(?:обл|рай)?держадміністрац|адміністрац", "ода|рда|ова|рва|вца"),
    (
        "council",
        r"рад[аиіу](?![a-zа-яіїєґ'])|орган(?:и|у|ів|ам|ами|ом)?(?![a-zа-яіїєґ'])|виконавч\S* комітет"
        r"|виконком|громад(?!ськ)|старостинськ",
        "омс|тг|отг",
    ),
    (
        "institution",
        r"центр|заклад|установ|амбулатор|лікарн|школ|ліце|гімназ|садок|садки|будин|притул"
        r"|підприємств|інтернат",
        "кп|кнп|ку|кз|кзз|кзо|цнсп|цсс|цсссдм|цпмсд|црл|цмл|ірц|мгб|зпсм|цнап|здо|ззсо|днз|зош|нвк",
    ),
    (
        "partner",
        r"громадськ|неурядов|благодійн|юнісеф|unicef|міжнародн|поліц|суд|прокурат|волонтер"
        r"|церкв|товариств|асоціац|ювенальн|превенці|патрульн|нотаріат|адвокатур|банк",
        "го|бф|мбо|мбф|мго|вго|бо|гс|гунп|нпу|рвп|впп|вп|оон",
    ),
    ("other", r"організаці|об'єднанн|фонд|комісі|груп|партнер", ""),
)


def _kind_re(stems: str, abbreviations: str) -> re.Pattern:
    alternatives = [f"(?:{stems})"] + ([f"(?:{abbreviations}){_NE}"] if abbreviations else [])
    return re.compile(rf"{_NB}(?:{'|'.join(alternatives)})", re.I)


KIND_RE = {kind: _kind_re(stems, abbr) for kind, stems, abbr in KIND_HEADS}
HEAD_RE = re.compile("|".join(rx.pattern for rx in KIND_RE.values()), re.I)

# Head words that start a new name even without a comma before them ("… дітей КП «…»").
# Only nominative forms that are not also common genitives.
NEW_NAME_RE = re.compile(
    rf"{_NB}(?:кп|кнп|ку|кз|го|бф|органи|орган|служба|відділ|департамент|управління"
    rf"|неурядові|громадські|амбулаторії|районні|обласний|обласна)\s",
    re.I,
)

# Plural head → singular, to name one body per item of a shared-head list.
SINGULAR = {
    "департаменти": "департамент",
    "відділи": "відділ",
    "управління": "управління",
    "служби": "служба",
    "центри": "центр",
    "заклади": "заклад",
    "установи": "установа",
    "сектори": "сектор",
    "органи": "орган",
    "адміністрації": "адміністрація",
    "ради": "рада",
}

# Abbreviation → what it stands for (folded), used to compare spellings of one body.
ABBREVIATIONS = {
    "ссд": "служба у справах дітей",
    "цнсп": "центр надання соціальних послуг",
    "цсс": "центр соціальних служб",
    "цсссдм": "центр соціальних служб для сім'ї дітей та молоді",
    "цсссм": "центр соціальних служб для сім'ї дітей та молоді",
    "омс": "органи місцевого самоврядування",
    "тг": "територіальна громада",
    "отг": "об'єднана територіальна громада",
    "кнп": "комунальне некомерційне підприємство",
    "кп": "комунальне підприємство",
    "ку": "комунальна установа",
    "кз": "комунальний заклад",
    "зпсм": "загальної практики сімейної медицини",
    "цпмсд": "центр первинної медико-санітарної допомоги",
    "црл": "центральна районна лікарня",
    "ірц": "інклюзивно-ресурсний центр",
    "ода": "облдержадміністрація",
    "рда": "райдержадміністрація",
    "ова": "обласна військова адміністрація",
    "го": "громадська організація",
    "бф": "благодійний фонд",
    "гунп": "головне управління національної поліції",
    "усзн": "управління соціального захисту населення",
    "уснз": "управління соціального захисту населення",
    "мгб": "малий груповий будинок",
    "цнап": "центр надання адміністративних послуг",
    "здо": "заклади дошкільної освіти",
    "ззсо": "заклади загальної середньої освіти",
    "рва": "районна військова адміністрація",
    "мбф": "міжнародний благодійний фонд",
}

# Words that put a body at a level of government: bodies at different levels never merge.
LEVEL_RE = re.compile(
    rf"{_NB}(?:обласн|районн|міськ|сільськ|селищн|обл|рай|облдерж|райдерж|державн)\S*", re.I
)
ADJECTIVE_END_RE = re.compile(
    r"(?:ий|ій|ої|ого|ому|их|ими|ні|ські|цькі|зькі|на|ська|цька|зька|не|ське|ьна|ові|ова"
    r"|ове|і)$"
)
# Head stems that are adjectives themselves ("неурядові організації").
ADJECTIVE_HEADS = ("громадськ", "неурядов", "благодійн", "міжнародн", "ювенальн")
CONJUNCTIONS = frozenset({"та", "і", "й", "або", ","})


@lru_cache(maxsize=4096)  # names and words recur across plans: a vocabulary, not a document
def kind_of(name: str, by_consent: bool = False) -> str:
    """Kind of a body from its earliest head word; "(за згодою)" bodies default to partner."""
    best = None
    for kind, rx in KIND_RE.items():
        match = rx.search(name)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    if best and best[1] != "other":
        return best[1]
    return "partner" if by_consent else "other"


@lru_cache(maxsize=8192)
def is_adjective(word: str) -> bool:
    word = word.casefold()
    if len(word) <= 2 or not ADJECTIVE_END_RE.search(word):
        return False
    return not HEAD_RE.match(word) or word.startswith(ADJECTIVE_HEADS)


def has_head(words: list[str]) -> bool:
    """True if the first non-adjective word names a body (or the name is an abbreviation)."""
    for word in words:
        if word.casefold() in CONJUNCTIONS or is_adjective(word):
            continue
        return _is_head(word) or _looks_like_name(word)
    return False


@lru_cache(maxsize=8192)
def _is_head(word: str) -> bool:
    return bool(HEAD_RE.match(word))


def _looks_like_name(word: str) -> bool:
    """Abbreviations ("ЦНСП", "ЛОВ"), quoted names and capitalised words start a name."""
    return word[:1] in "«\"'(" or word[:1].isupper() or word.isupper()
