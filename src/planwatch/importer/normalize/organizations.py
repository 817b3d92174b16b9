"""One plan, one list of organisations: spellings of the same body resolve to one id.

"ССД", "служба у справах дітей" and "Служба у справах дітей Калуської міської ради" are one
body in a Калуш plan. Each executor name is reduced to a comparison key:

- abbreviations are spelled out (``vocabulary.ABBREVIATIONS``), quotes and brackets dropped;
- the owner at the end ("… Калуської міської ради", "… облдержадміністрації") is set aside:
  two names match when their owners are equal or one of them names none;
- every word is cut to a rough stem, so "орган"/"органу"/"органи" agree.

Keys that are equal, or nearly equal (rapidfuzz ≥ ``FUZZY_MIN``, for typos such as
"Центрнадання"), merge — but only if they share the head word and the level words
(обласний/районний/міський …): "відділ освіти" never merges with "відділ соціальної політики",
nor the обласний центр with the районні центри.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from planwatch.importer.normalize.text import clean, fold
from planwatch.importer.normalize.vocabulary import (
    ABBREVIATIONS,
    ADJECTIVE_HEADS,
    LEVEL_RE,
    is_adjective,
)

FUZZY_MIN = 92
OWNER_RE = re.compile(
    r"\s+((?:[а-яіїєґ'-]+\s+)?(?:міськ|сільськ|селищн|районн|обласн)[а-яіїєґ]*\s+ради"
    r"|(?:обл|рай)держадміністраці[а-яіїєґ]*|(?:ода|рда)"
    r"|(?:обласн|районн)[а-яіїєґ]*\s+(?:державн|військов)[а-яіїєґ]*\s+адміністраці[а-яіїєґ]*"
    r"|виконавч[а-яіїєґ]*\s+комітет[а-яіїєґ]*(?:\s+[а-яіїєґ'-]+){0,3}"
    r"|орган[а-яіїєґ]*\s+місцев[а-яіїєґ]*\s+самоврядуванн[а-яіїєґ]*)$"
)
PLACE_RE = re.compile(r"^[А-ЯІЇЄҐ][а-яіїєґ'-]*(?:ськ|цьк|зьк)[а-яіїєґ]*$")
ENDINGS_RE = re.compile(
    r"(?:ами|ями|ого|ому|ими|іми|ій|ий|ої|ою|ею|ів|ах|ях|ам|ям|ом|ем|ові|а|я|у|ю|і|и|е|о|ь|ї|є)$"
)


@dataclass
class Key:
    core: str  # stemmed words without the owner
    plain: str  # the core without level and place words: what the body is
    owner: str  # stemmed owner words, "" if none
    head: str  # first stemmed noun of the core
    levels: frozenset[str]  # обласн, районн, міськ …
    places: frozenset[str]  # Калуськ, Лисичанськ …
    numbers: frozenset[str] = frozenset()  # "школа № 5" is not "школа № 7"

    def guards(self) -> tuple:
        """What must agree between two names when both give it."""
        return (self.owner, self.levels, self.places)


@dataclass
class Cluster:
    keys: list[Key] = field(default_factory=list)  # every distinct key met, for comparisons
    entries: list[dict] = field(default_factory=list)
    measures: set[int] = field(default_factory=set)


def stem(word: str) -> str:
    return ENDINGS_RE.sub("", word) if len(word) > 4 else word


def match_key(name: str) -> Key:
    """The near-match key of one executor name: stems, owner, levels, places (this module's
    rule for one plan). Not `lib.text.name_key`, which only evens out spelling (case, quotes,
    apostrophes, "(за згодою)") for exact comparison of stored names."""
    raw = re.sub(r"[«»\"“”„,.;:]", " ", re.sub(r"\([^)]*\)", " ", clean(name)))
    places = frozenset(stem(w.casefold()) for w in raw.split() if _is_place(w))
    words = [w for word in raw.casefold().split() for w in ABBREVIATIONS.get(word, word).split()]
    text, owner = _spell_out(" ".join(words)), ""
    match = OWNER_RE.search(text)
    if match and match.start() > 0:
        text, owner = text[: match.start()], match.group(1)
    core = [stem(w) for w in text.split()]
    levels = frozenset(stem(m.group()) for m in LEVEL_RE.finditer(text))
    plain = [w for w in core if w not in places and w not in levels]
    head = next((w for w in text.split() if not is_adjective(w)), text.split()[0] if core else "")
    return Key(
        core=" ".join(core),
        plain=" ".join(plain) or " ".join(core),
        owner=" ".join(stem(w) for w in owner.split()),
        head=stem(head),
        levels=levels,
        places=places,
        numbers=frozenset(re.findall(r"\d+", text)),
    )


def _spell_out(text: str) -> str:
    """ "облдержадміністрація" and "обласна державна адміністрація" are one spelling."""
    text = re.sub(r"облдержадміністраці([а-яіїєґ]*)", r"обласна державна адміністраці\1", text)
    return re.sub(r"райдержадміністраці([а-яіїєґ]*)", r"районна державна адміністраці\1", text)


def _is_place(word: str) -> bool:
    """A capitalised place adjective ("Калуський", "Одеської"), not a level or kind word."""
    folded = word.casefold()
    if not PLACE_RE.match(word) or LEVEL_RE.match(folded):
        return False
    return not folded.startswith(ADJECTIVE_HEADS)


def _agree(a: object, b: object) -> bool:
    return not a or not b or a == b


def same_body(a: Key, b: Key) -> bool:
    """Same plain name (or nearly, with the same head) and numbers; owner, levels and places
    agree."""
    if not all(_agree(x, y) for x, y in zip(a.guards(), b.guards(), strict=True)):
        return False
    if a.numbers != b.numbers:
        return False
    if a.plain == b.plain:
        return True
    return a.head == b.head and fuzz.token_sort_ratio(a.plain, b.plain) >= FUZZY_MIN


def resolve_organizations(executor_lists: list[list[dict]]) -> list[dict]:
    """Give every executor entry an ``id``; return the plan's ``organizations`` list.

    ``executor_lists`` holds one list of entries per measure, in plan order.
    """
    clusters: list[Cluster] = []
    by_name: dict[str, Cluster] = {}  # a spelling met before goes where it went: plans repeat
    for measure_index, entries in enumerate(executor_lists):
        for entry in entries:
            name = str(entry.get("name", ""))
            if name not in by_name:
                by_name[name] = _cluster_for(clusters, match_key(name))
            cluster = by_name[name]
            cluster.entries.append(entry)
            cluster.measures.add(measure_index)
    return [_organization(k + 1, cluster) for k, cluster in enumerate(clusters)]


def _cluster_for(clusters: list[Cluster], key: Key) -> Cluster:
    for cluster in clusters:
        if not _fits(cluster, key):
            continue
        if any(same_body(known, key) for known in cluster.keys):
            if key not in cluster.keys:
                cluster.keys.append(key)
            return cluster
    clusters.append(Cluster([key]))
    return clusters[-1]


def _fits(cluster: Cluster, key: Key) -> bool:
    """No owner, level or place in the cluster contradicts the key's.

    Without this, "служба у справах дітей" would join the обласна служба and then let the
    районна служба in through itself.
    """
    known = [k.guards() for k in cluster.keys]
    for i, value in enumerate(key.guards()):
        if value and any(g[i] and g[i] != value for g in known):
            return False
    return True


def _fullness(name: str, count: int) -> tuple:
    """Most words first; then a name in the nominative ("орган …", not "органу …"); then the
    most used spelling."""
    words = fold(name).split()
    genitive = bool(words) and words[0].endswith(("у", "ю", "ого", "ої"))
    return len(words), not genitive, count


def _organization(number: int, cluster: Cluster) -> dict:
    org_id = f"org-{number}"
    aliases: list[str] = []
    counts: dict[str, int] = {}
    for entry in cluster.entries:
        entry["id"] = org_id
        name = entry.get("name", "")
        counts[name] = counts.get(name, 0) + 1
        if name not in aliases:
            aliases.append(name)
    best = max(aliases, key=lambda n: _fullness(n, counts[n]))
    kind = next(e.get("kind", "other") for e in cluster.entries if e.get("name") == best)
    return {
        "id": org_id,
        "name": best,
        "aliases": aliases,
        "kind": kind,
        "count": len(cluster.measures),
    }
