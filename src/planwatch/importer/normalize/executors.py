"""Executor cells ("Відповідальні виконавці") → one entry per organisation.

``split_executors(text)`` returns ``[{"name", "by_consent", "kind"}, …]`` in cell order
(``person`` is added when a person's name in brackets follows an organisation). The cell is
read in passes, each fixing one habit of the documents:

1. split at commas, semicolons and bullets outside «…», "…" and (…), and after "(за згодою)";
   drop list numbering ("1.", "2)") and labels ("Співвиконавці: …");
2. split where a comma is missing before a new name ("… дітей КП «…»", "… (за згодою) КП …");
3. take "(за згодою)" off each name, including its typos "(за згодою))" and "(за згодою) згодою";
   a lone "(за згодою)" after a comma marks the name before it;
4. rejoin pieces that are not names but the tail of one ("центр … для сім'ї, дітей та молоді");
   expand shared heads: "департаменти облдержадміністрації: освіти і науки, охорони здоров'я"
   names "департамент освіти і науки облдержадміністрації" and "департамент охорони здоров'я
   облдержадміністрації"; "обласний та районні центри …" names the обласний and the районні;
5. move a person in brackets ("(начальник Іваненко О.П.)") to ``person``; classify each name
   by its head word (``vocabulary.kind_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.importer.normalize.text import clean
from planwatch.importer.normalize.vocabulary import (
    CONJUNCTIONS,
    HEAD_RE,
    NEW_NAME_RE,
    SINGULAR,
    has_head,
    is_adjective,
    kind_of,
)

KINDS = ("department", "institution", "service", "council", "administration", "partner", "person")
KINDS = (*KINDS, "other")
MARK = "\x00"  # stands for "(за згодою)" while splitting
CONSENT_RE = re.compile(
    r"\(\s*за\s+(?:згод[а-яіїєґ]*|погодженням)\s*\)+(?:\s*згод[а-яіїєґ]*(?![а-яіїєґ]))?"
    r"|(?<![а-яіїєґ])за\s+згодою(?![а-яіїєґ])",
    re.I,
)
# A person in brackets after a name: "(Петренко О.І.)", "(начальник С. Петренко)",
# "(Олег САВКА, 25-11-11)"; a role word or two may come first.
PERSON_RE = re.compile(
    r"\(\s*((?:[а-яіїєґ'-]+\s+){0,3}"
    r"(?:[А-ЯІЇЄҐ][а-яіїєґ'-]+\s+[А-ЯІЇЄҐ]\.\s*(?:[А-ЯІЇЄҐ]\.)?"
    r"|[А-ЯІЇЄҐ]\.\s*(?:[А-ЯІЇЄҐ]\.)?\s*[А-ЯІЇЄҐ][а-яіїєґ'-]+"
    r"|[А-ЯІЇЄҐ][а-яіїєґ'-]+\s+[А-ЯІЇЄҐ]{2,}[А-ЯІЇЄҐ'-]*)"
    r"(?:\s*[,;]\s*[^()]*)?)\s*\)"
)
LIST_MARK_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•·*])\s+")  # "1.", "2)", bullets
PREPOSITIONS = frozenset({"у", "в", "з", "із", "для", "при", "на", "по", "до", "від", "щодо"})


@dataclass
class Piece:
    text: str
    sep: str = ""  # what ended the previous piece: ",", ";", MARK or "" (first / no comma)
    by_consent: bool = False


def split_executors(text: str) -> list[dict]:
    """Organisations named by an executor cell, in cell order; never raises."""
    return split_executors_with_warnings(text)[0]


def split_executors_with_warnings(text: str) -> tuple[list[dict], list[str]]:
    """``split_executors`` plus what a person should check (a lone "(за згодою)")."""
    warnings: list[str] = []
    cell = CONSENT_RE.sub(MARK, clean(text))
    pieces = [p for raw in _top_level(cell) for p in _missing_commas(raw)]
    pieces = _take_consent(pieces, warnings)
    pieces = _join_pieces(pieces)
    entries: list[dict] = []
    for entry in (_entry(p) for piece in pieces for p in _expand_adjectives(piece)):
        if entry["name"]:
            entries.append(entry)
        elif entries and entry.get("person"):  # "відділ освіти, (Марченко І.В.)"
            entries[-1].setdefault("person", entry["person"])
        elif entry.get("person"):  # a person alone is the executor
            person = entry.pop("person")
            entries.append({**entry, "name": person, "kind": "person"})
    return entries, warnings


_QUOTES_RE = re.compile(r'[«»"“”„()\[\]]')


def _quote_depths(text: str) -> list[int]:
    """Nesting depth of «…», "…" and (…) at each character; a "»" closes every open «.

    Only the quote and bracket characters change the depth, so the walk visits those and
    fills the stretches between them in one step each."""
    depths: list[int] = []
    guillemets, straight, parens, last = 0, False, 0, 0
    for m in _QUOTES_RE.finditer(text):
        i, ch = m.start(), m.group()
        depths.extend([guillemets + straight + parens] * (i - last))
        if ch == "«":
            guillemets += 1
        elif ch == "»":
            guillemets = 0
        elif ch in '"“”„':
            straight = not straight
        elif ch in "([":
            parens += 1
        else:
            parens = max(0, parens - 1)
        depths.append(guillemets + straight + parens)
        last = i + 1
    depths.extend([guillemets + straight + parens] * (len(text) - last))
    return depths


_SPLIT_RE = re.compile(r'[,;•«»"“”„()\[\]' + re.escape(MARK) + "]")


def _top_level(cell: str) -> list[Piece]:
    """Split at "," ";" "•" outside quotes and brackets, and after each consent mark."""
    pieces, start, sep = [], 0, ""
    depths = _quote_depths(cell)
    for m in _SPLIT_RE.finditer(cell):
        i, ch = m.start(), m.group()
        if ch in ",;•" and depths[i] == 0:
            pieces.append(Piece(cell[start:i], sep))
            start, sep = i + 1, ch
        elif ch == MARK:
            pieces.append(Piece(cell[start : i + 1], sep))
            start, sep = i + 1, ""
    pieces.append(Piece(cell[start:], sep))
    for piece in pieces:
        piece.text = LIST_MARK_RE.sub("", piece.text)
    return [p for p in pieces if p.text.strip(" .")]


def _missing_commas(piece: Piece) -> list[Piece]:
    """Split before a head word that starts a new name where a comma was left out."""
    text = piece.text
    starts = [m.start() for m in NEW_NAME_RE.finditer(text)]
    if not starts:
        return [piece]
    depths = _quote_depths(text)
    cuts = [at for at in starts if _cut_ok(text, at, depths)]
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(text)]
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [Piece(parts[0], piece.sep)] + [Piece(p, "") for p in parts[1:]]


def _cut_ok(text: str, at: int, depths: list[int]) -> bool:
    """A cut needs a whole name before it: not inside quotes, not after an adjective."""
    before = text[:at].split()
    if not before or depths[at] or before[-1].endswith(":"):
        return False
    if before[-1].isupper() and text[at : at + 2].isupper():
        return False  # "ЛОВ МБО БФ «…»": a chain of abbreviations is one name
    last = before[-1].casefold()
    return last not in PREPOSITIONS | CONJUNCTIONS and not is_adjective(last)


def _take_consent(pieces: list[Piece], warnings: list[str]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        piece.by_consent = MARK in piece.text
        piece.text = _tidy(piece.text.replace(MARK, " "))
        if piece.text:
            out.append(piece)
        elif out and piece.by_consent:
            out[-1].by_consent = True
            warnings.append(
                f"executors: a lone «(за згодою)» after «{out[-1].text}» is taken to mark it"
            )
    return out


_SPACE_BEFORE_RE = re.compile(r"\s+([,.;:)»])")


def _tidy(name: str) -> str:
    """Drop stray spaces, commas and brackets around a name."""
    name = _SPACE_BEFORE_RE.sub(r"\1", " ".join(name.split())).strip(" ,;.")
    while name.endswith(")") and name.count(")") > name.count("("):
        name = name[:-1].rstrip()
    return name.lstrip(") ")


def _join_pieces(pieces: list[Piece]) -> list[Piece]:
    """Rejoin name tails, expand "heads: a, b" lists, carry bare adjectives to the next name."""
    out: list[Piece] = []
    head: tuple[str, str] | None = None  # (singular head, what follows the head) of a colon list
    pending = ""
    for piece in pieces:
        if piece.sep == ";" or ":" in piece.text or has_head(piece.text.split()):
            head = None
        if ":" in piece.text:
            head, piece.text = _colon_split(piece.text)
            if not piece.text:
                continue
        words = piece.text.split()
        if head is not None:
            piece.text = f"{head[0]} {piece.text} {head[1]}".strip()
        elif pending:
            piece.text, pending = f"{pending}, {piece.text}", ""
        elif words and all(is_adjective(w) or w in CONJUNCTIONS for w in words):
            pending = piece.text
            continue
        elif out and not has_head(words) and piece.sep in (",", ";"):
            out[-1].text += f", {piece.text}"
            out[-1].by_consent |= piece.by_consent
            continue
        out.append(piece)
    if pending:  # adjectives that never met their noun are kept as written
        out.append(Piece(pending, ","))
    return out


def _colon_split(text: str) -> tuple[tuple[str, str] | None, str]:
    """Shared head and first item of "департаменти облдержадміністрації: освіти і науки".

    Gives (("департамент", "облдержадміністрації"), "освіти і науки"). When the part before the
    colon is no head of a name ("Співвиконавці: …") it is a label and is dropped.
    """
    before, after = (part.strip() for part in text.split(":", 1))
    words = before.split()
    if not words or not HEAD_RE.match(words[0]) or has_head(after.split()):
        return None, after
    return (SINGULAR.get(words[0].casefold(), words[0]), " ".join(words[1:])), after


def _expand_adjectives(piece: Piece) -> list[Piece]:
    """ "обласний та районні центри X" → "обласний центр X", "районні центри X"."""
    words = piece.text.replace(",", " , ").split()
    groups, i = _adjective_groups(words)
    if len(groups) < 2 or i >= len(words):
        return [piece]
    noun, rest = words[i], _tidy(" ".join(words[i + 1 :]).replace(" , ", ", "))
    shared = groups[-1][1:] if all(len(g) == 1 for g in groups[:-1]) else []
    out = []
    for group in groups:
        plural = group[-1].casefold().endswith("і")
        head = noun if plural else SINGULAR.get(noun.casefold(), noun)
        extra = [] if group is groups[-1] else [_agree(a, group[0]) for a in shared]
        text = " ".join([*group, *extra, head, rest]).strip()
        out.append(Piece(text, piece.sep, piece.by_consent))
    return out


def _adjective_groups(words: list[str]) -> tuple[list[list[str]], int]:
    """Leading adjectives split at conjunctions, and the index of the first other word."""
    groups: list[list[str]] = [[]]
    i = 0
    while i < len(words) and (is_adjective(words[i]) or words[i] in CONJUNCTIONS):
        if words[i] in CONJUNCTIONS:
            groups.append([])
        else:
            groups[-1].append(words[i])
        i += 1
    return [g for g in groups if g], i


def _agree(plural_adjective: str, model: str) -> str:
    """ "державні" shaped like "обласна" → "державна" (the shared adjective of a list)."""
    stem = plural_adjective[:-1] if plural_adjective.endswith("і") else plural_adjective
    for ending in ("ий", "ій", "а", "я", "е", "є"):
        if model.endswith(ending) and not model.endswith("і"):
            return stem + ending
    return plural_adjective


def _entry(piece: Piece) -> dict:
    name, person = piece.text, None
    match = PERSON_RE.search(name) if "(" in name else None  # the pattern starts with "("
    if match:
        person = match.group(1).strip()
        name = _tidy(name[: match.start()] + name[match.end() :])
    entry = {"name": name, "by_consent": piece.by_consent, "kind": kind_of(name, piece.by_consent)}
    if person:
        entry["person"] = person
    return entry
