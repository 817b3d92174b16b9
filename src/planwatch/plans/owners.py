"""Which organisation a plan belongs to, from what the plan says about itself.

A plan names its owner in the title ("… в Піщанській сільській раді …"), the approving act
("рішенням виконавчого комітету Калуської міської ради") or the letterhead (the importer's
``issuer``, already in the nominative). An organisation is *named exactly* when all words of its
name (or of an alias) appear there in a row, compared case-, quote- and declension-insensitively:
the importer's word stems ("сільській" = "сільська"), with "облдержадміністрація" spelled out.
Anything less is only a *candidate*: it shares the distinctive first word ("Тестова районна …"
vs "Тестової обласної …") and is never taken without a person choosing it, so a district plan
cannot become the oblast's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from planwatch.importer.normalize.organizations import ENDINGS_RE
from planwatch.orgs.models import Organization, OrgKind

TERRITORIAL_KINDS = (OrgKind.OBLAST, OrgKind.DISTRICT, OrgKind.COMMUNITY)
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_SPELLED = (
    ("облдержадміністрац", ("обласна", "державна", "адміністрація")),
    ("райдержадміністрац", ("районна", "державна", "адміністрація")),
)


@dataclass
class Candidate:
    org: Organization
    exact: bool
    score: float
    where: str = ""  # "title", "approval", "issuer"
    phrase: str = ""  # the plan's own words that name it

    def reason(self) -> str:
        """'у назві плану: «…Піщанської сільської ради»' — why this organisation."""
        label = {
            "title": _("in the plan's title"),
            "approval": _("in the approving act"),
            "issuer": _("in the letterhead"),
        }.get(self.where, "")
        return f"{label}: «{self.phrase}»" if label and self.phrase else ""

    def chain(self) -> str:
        """'Тестова районна державна адміністрація ← Тестова обласна …': name and parents."""
        names, org = [], self.org
        while org is not None:
            names.append(org.name)
            org = org.parent
        return " ← ".join(names)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(word stem, start, end) of each word; a contracted administration spelled out."""
    out = []
    for m in _WORD.finditer(text or ""):
        word = m.group().casefold().replace("’", "'").replace("ʼ", "'")
        parts = next((full for short, full in _SPELLED if word.startswith(short)), (word,))
        out.extend((_stem(part), m.start(), m.end()) for part in parts)
    return out


def _stem(word: str) -> str:
    """The importer's endings, also on short words: "рада" / "раді" / "ради" → "рад"."""
    return ENDINGS_RE.sub("", word) if len(word) > 3 else word


def _find(needle: list[str], hay: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    n = len(needle)
    for i in range(len(hay) - n + 1):
        if all(hay[i + k][0] == needle[k] for k in range(n)):
            return hay[i][1], hay[i + n - 1][2]
    return None


def owner_candidates(doc: dict, orgs=None) -> list[Candidate]:
    """Organisations the plan names, best first: exact ones, then those sharing the first word.

    ``orgs``: where to look (default: every council and administration)."""
    texts = [
        ("title", str(doc.get("title") or "")),
        ("approval", str((doc.get("approval") or {}).get("text") or "")),
        ("issuer", str(doc.get("issuer") or "")),
    ]
    tokenised = [(where, text, _tokens(text)) for where, text in texts if text.strip()]
    all_stems = {t[0] for _, _, toks in tokenised for t in toks}
    if orgs is None:
        orgs = Organization.objects.filter(kind__in=TERRITORIAL_KINDS)
    found = []
    for org in orgs.select_related("parent").prefetch_related("aliases"):
        names = [org.name] + [a.name for a in org.aliases.all()]
        candidate = _exact(org, names, tokenised) or _partial(org, all_stems)
        if candidate is not None:
            found.append(candidate)
    found.sort(key=lambda c: (not c.exact, -c.score, -c.org.depth, c.org.name))
    return found


def _exact(org: Organization, names: list[str], tokenised) -> Candidate | None:
    """Named in a row somewhere; the letterhead ranks above the act and the title (it names
    the owner itself), and the reason quotes the plan's own words: the title first."""
    rank = {"issuer": 3, "approval": 2, "title": 1}
    needles = [n for n in ([t[0] for t in _tokens(name)] for name in names) if n]
    found = []
    for where, text, toks in tokenised:
        span = next((sp for n in needles if (sp := _find(n, toks))), None)
        if span:
            phrase = ("…" if span[0] > 0 else "") + text[span[0] : span[1]]
            found.append((where, phrase))
    if not found:
        return None
    where, phrase = min(found, key=lambda f: rank[f[0]])
    return Candidate(org, True, 1.0 + max(rank[w] for w, _ in found) / 10, where, phrase)


def _partial(org: Organization, all_stems: set[str]) -> Candidate | None:
    stems = [t[0] for t in _tokens(org.name)]
    if not stems or stems[0] not in all_stems:
        return None  # the distinctive first word ("Піщанська") must be there
    score = sum(s in all_stems for s in stems) / len(stems)
    return Candidate(org, False, score) if score >= 0.5 else None


def exact_owner(candidates: list[Candidate]) -> Candidate | None:
    """The one organisation the plan names exactly; None when none does or several tie."""
    exact = [c for c in candidates if c.exact]
    if not exact:
        return None
    if len(exact) > 1 and exact[0].score == exact[1].score:
        # "Калуська міська рада" inside "виконавчий комітет Калуської міської ради": the
        # longer name is the more exact one; equal names at equal places are ambiguous
        longer = [c for c in exact if c.score == exact[0].score]
        longer.sort(key=lambda c: -len(_tokens(c.org.name)))
        if len(_tokens(longer[0].org.name)) == len(_tokens(longer[1].org.name)):
            return None
        return longer[0]
    return exact[0]
