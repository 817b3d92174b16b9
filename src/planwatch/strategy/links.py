"""Which measure of a higher plan does each measure of a lower plan carry out?

A district plan restates the oblast plan's measures: copied, reworded, shortened, merged,
localised ("у районі", its own executors and deadlines), and adds some of its own that carry
out nothing above. `rank_links` ranks, for each lower measure, the upper plan's measures:

1. Text, read from the two plans alone (`LinkSpace`): Ukrainian lemmas (simplemma) without
   the words that only say where or by whom (район, громада, облдержадміністрація …);
   TF-IDF fitted on both plans' measures over lemma words and pairs, character n-grams (the
   morphology simplemma misses) and 4-letter stems ("відмов-", "патронат-"); cosine per block.
   With sentence embeddings of the texts (`vectors`; multilingual-e5-small, cached by
   `strategy.embeddings` when a plan is published), their cosines, centred on each upper
   measure, are added × `EMBEDDING_WEIGHT`: meaning the words do not share.
2. Order (`strategy.sequence`): a lower plan walks the upper one mostly in step, so the lower
   measures are decoded as one sequence over the upper measures, jumps weighed by distance.
   The score is then the posterior probability (0..1).

Nothing is read from the plans' headings, so the plan's layout cannot change the answer.
`similarity` (the words' cosine blend of the measure alone) says whether anything fits: below
`NONE_FITS` no upper measure does ("none_fits"). Figures: strategy/README.md.
`plan_links` does it for two plans' current revisions (`manage.py suggest_links`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from planwatch.strategy.matching import lemmas
from planwatch.strategy.sequence import decode

if TYPE_CHECKING:  # the ranking itself needs no Django (evaluation scripts use it bare)
    from planwatch.plans.models import Measure, PlanRevision

CANDIDATES = 3
Vector = np.ndarray | None  # a text's sentence embedding (L2-normalised), None: not at hand
# Words that place a measure or name who does it; a district's restatement swaps them.
_PLACE_TEXT = """
    район районний область обласний громада територіальний село сільський селищний селище
    місто міський округ старостинський старостат регіон регіональний рада облдержадміністрація
    райдержадміністрація адміністрація державний орган місцевий самоврядування виконавчий
    комітет отг об'єднаний значення кожний кожен усі весь всі житель мешканець
"""
PLACE_WORDS = frozenset(_PLACE_TEXT.split())
# Blocks of the text space and their weights (README: grid on the link sets).
WORD_WEIGHT, CHAR_WEIGHT, STEM_WEIGHT = 0.3, 0.4, 0.3
STEM = 4
TEMPERATURE = 0.05
JUMP_DECAY = 0.8
NONE_FITS = 0.07  # best similarity below this: no upper measure fits well
# Embedding cosines centred on each upper measure (over the lower measures), × this, added
# to the words' blend: chosen on the dev sets D, E and the composed link sets (README).
EMBEDDING_WEIGHT = 8.0
# The best candidate is confident when the sequence leaves little doubt and the texts are
# close: on the link sets 120 of 171 rows, 114 of them right (README).
CONFIDENT, CONFIDENT_SIMILARITY = 0.8, 0.2


@dataclass(frozen=True)
class Link:
    index: int  # into the upper plan's measures
    score: float  # posterior (the blended similarity without the sequence)
    similarity: float  # the words' cosine blend of the two texts alone (0..1)


class LinkSpace:
    """TF-IDF of two plans' measures, fitted on both: lemma words and pairs, character
    n-grams, stems; each block L2-normalised and weighted so a dot product is a cosine."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.blocks = []
        parts = []
        for vectorizer, kind, weight in (
            (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), "words", WORD_WEIGHT),
            (
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                "words",
                CHAR_WEIGHT,
            ),
            (TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True), "stems", STEM_WEIGHT),
        ):
            docs = self._docs(texts)[kind]
            try:
                matrix = vectorizer.fit_transform(docs)
            except ValueError:  # no terms at all
                vectorizer, matrix = None, sparse.csr_matrix((len(docs), 1))
            self.blocks.append((vectorizer, kind, weight))
            parts.append(l2_normalize(matrix) * np.sqrt(weight))
        self.matrix = l2_normalize(sparse.hstack(parts, format="csr"))

    @staticmethod
    def _docs(texts: Sequence[str]) -> dict[str, list[str]]:
        words = [
            " ".join(w for w in lemmas(t, expand=False) if w not in PLACE_WORDS) for t in texts
        ]
        return {"words": words, "stems": [" ".join(w[:STEM] for w in d.split()) for d in words]}

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Other texts in the same space (the terms the two plans use)."""
        docs = self._docs(texts)
        parts = [
            l2_normalize(vectorizer.transform(docs[kind])) * np.sqrt(weight)
            if vectorizer is not None
            else sparse.csr_matrix((len(texts), 1))
            for vectorizer, kind, weight in self.blocks
        ]
        return l2_normalize(sparse.hstack(parts, format="csr"))


def link_table(
    lower: Sequence[str],
    upper: Sequence[str],
    examples: Sequence[tuple[str, int]] = (),
) -> np.ndarray:
    """(lower, upper) cosine blend of each pair of texts. `examples`: (text, upper index)
    — lower measures a person confirmed as carrying out that upper measure (in this plan or
    another): an upper measure is then as close as its text or its nearest example. The
    space is fitted on the two plans alone, so examples change no other pair's score."""
    space = LinkSpace(list(lower) + list(upper))
    low, up = space.matrix[: len(lower)], space.matrix[len(lower) :]
    table = (low @ up.T).toarray()
    if examples:
        nearest = (low @ space.transform([text for text, _ in examples]).T).toarray()
        owner = np.array([index for _, index in examples])
        for index in np.unique(owner):
            best = nearest[:, owner == index].max(axis=1)
            table[:, index] = np.maximum(table[:, index], best)
    return table


def embedding_table(lower: Sequence[Vector], upper: Sequence[Vector]) -> np.ndarray:
    """(lower, upper) `EMBEDDING_WEIGHT` × the cosine of the two texts' embeddings minus the
    upper measure's mean cosine over the lower measures (an upper text close to everything
    gains nothing); 0 where either text has no vector — that pair is read by its words."""
    out = np.zeros((len(lower), len(upper)))
    rows = [i for i, v in enumerate(lower) if v is not None]
    cols = [j for j, v in enumerate(upper) if v is not None]
    if not rows or not cols:
        return out
    cosine = np.vstack([lower[i] for i in rows]) @ np.vstack([upper[j] for j in cols]).T
    out[np.ix_(rows, cols)] = EMBEDDING_WEIGHT * (cosine - cosine.mean(axis=0, keepdims=True))
    return out


def links(
    lower: Sequence[str],
    upper: Sequence[str],
    k: int = CANDIDATES,
    sequence: bool = True,
    confirmed: Mapping[int, int | None] | None = None,
    examples: Sequence[tuple[str, int]] = (),
    vectors: tuple[Sequence[Vector], Sequence[Vector]] | None = None,
) -> list[list[Link]]:
    """For each lower text: up to k `Link`s, best first.

    `vectors`: (lower, upper) the texts' sentence embeddings, None where there is none
    (`embedding_table`); without them the words alone. Examples are read by their words
    (in the embedding too they cost 000-001 more: README).

    `confirmed`: what a person decided for some lower rows (row → upper index, or None for
    "implements nothing"). Those rows anchor the sequence, and their texts become examples
    of their upper measures for the other rows (as do `examples` from other lower plans);
    a confirmed row's own answer is its decision."""
    if not upper:
        return [[] for _ in lower]
    if not lower:
        return []
    confirmed = dict(confirmed or {})
    own = [(lower[row], index) for row, index in confirmed.items() if index is not None]
    similarity = link_table(lower, upper, [*examples, *own])
    table = similarity
    if vectors is not None:
        table = similarity + embedding_table(*vectors)
    if sequence:
        table = decode(
            table, TEMPERATURE, decay=JUMP_DECAY, asides=True, anchors=confirmed
        ).posterior
    out = []
    for row, fits in zip(table, similarity, strict=True):
        best = np.argsort(-row, kind="stable")[: min(k, len(upper))]
        out.append([Link(int(i), float(row[i]), float(fits[i])) for i in best])
    return out


def rank_links(
    lower: Sequence[str], upper: Sequence[str], k: int = CANDIDATES, sequence: bool = True
) -> list[list[tuple[int, float]]]:
    """For each lower text: up to k (index into `upper`, score), best first.

    `sequence`: the lower plan's measures in order, decoded as one sequence over the upper
    plan's measures in theirs; the score is then the posterior probability (0..1). Without
    it, the similarity."""
    return [[(c.index, c.score) for c in row] for row in links(lower, upper, k, sequence)]


def none_fits(candidates: Sequence[Link]) -> bool:
    """The best candidate's text does not fit (the others are still listed). The best one,
    not any of the three: with asides (`sequence.decode`) the second or third is often the
    closest text, offered because it is, while the first is where the sequence points."""
    return not candidates or candidates[0].similarity < NONE_FITS


def confident(candidates: Sequence[Link]) -> bool:
    """A person may confirm such rows in bulk; the others need a look."""
    return (
        bool(candidates)
        and candidates[0].score >= CONFIDENT
        and candidates[0].similarity >= CONFIDENT_SIMILARITY
    )


def plan_links(
    lower: PlanRevision,
    upper: PlanRevision,
    k: int = CANDIDATES,
    decided: Mapping[int, int | None] | None = None,
    examples: Sequence[tuple[str, int]] = (),
) -> list[dict]:
    """`[{"lower": {number, text}, "candidates": [{number, text, score}, …], "similarity",
    "confident", "none_fits"}, …]`, in the lower plan's order, candidates best first.
    `similarity`: the best candidate's text similarity (0..1); `none_fits`: no upper
    measure fits well (the candidates are still listed); `confident`: may be confirmed in
    bulk. `decided`: {lower measure pk: upper measure pk, or None for "implements
    nothing"} a person decided (see `links`' `confirmed`); `examples`: (text, upper measure
    pk) confirmed in other lower plans of the same upper plan. Pks of other revisions are
    ignored. Sentence embeddings are read from `strategy.embeddings`' cache (the publish job
    fills it; a few missing ones are encoded here)."""
    from planwatch.plans.models import Measure
    from planwatch.strategy import embeddings

    lower_measures = list(Measure.objects.filter(revision=lower).order_by("position"))
    upper_measures = list(Measure.objects.filter(revision=upper).order_by("position"))
    row_of = {m.pk: row for row, m in enumerate(lower_measures)}
    index_of = {m.pk: index for index, m in enumerate(upper_measures)}
    confirmed = {
        row_of[low]: (None if up is None else index_of[up])
        for low, up in (decided or {}).items()
        if low in row_of and (up is None or up in index_of)
    }
    lower_texts = [m.text for m in lower_measures]
    upper_texts = [m.text for m in upper_measures]
    found = embeddings.vectors(lower_texts + upper_texts)
    ranked = links(
        lower_texts,
        upper_texts,
        k,
        confirmed=confirmed,
        examples=[(text, index_of[up]) for text, up in examples if up in index_of],
        vectors=(found[: len(lower_texts)], found[len(lower_texts) :]),
    )
    return [
        {
            "lower": _brief(measure),
            "candidates": [
                {**_brief(upper_measures[c.index]), "score": round(c.score, 4)} for c in candidates
            ],
            "similarity": round(max((c.similarity for c in candidates), default=0.0), 4),
            "confident": confident(candidates),
            "none_fits": none_fits(candidates),
        }
        for measure, candidates in zip(lower_measures, ranked, strict=True)
    ]


def _brief(measure: Measure) -> dict:
    return {"number": measure.number, "text": measure.text}
