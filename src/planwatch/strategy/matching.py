"""Text matching for the Strategy crosswalk and for "similar measures". Pure Python, no Django.

Two jobs share one text pipeline:

- `Suggester` ranks Strategy items (e.g. operational goals) for a measure. Each item is described
  by its own heading text (the item's title and the titles of the tasks under it) and by the
  texts of measures already linked to it (explicit links from plans that print the Strategy's
  headings, and links a person confirmed). A measure's score for an item blends how close it is
  to the item's headings and to the nearest of the item's example measures.
- `SimilarityIndex` finds, for a batch of measures, the nearest measures among many others.

The pipeline: Ukrainian lemmas (simplemma, no model downloads) → TF-IDF over word lemmas and
over character n-grams of the lemmatised text (scikit-learn). Character n-grams carry the
morphology simplemma misses ("патронат", "патронатних"); lemmas carry the words' identity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import simplemma
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from planwatch.strategy.sequence import decode

_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'", "‘": "'", "ʹ": "'"})
# "соціально- психологічної": a hyphenation the text extraction kept.
_HYPHEN_BREAK = re.compile(r"(\w)-\s+(\w)")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")

# Words every measure uses; they say nothing about which goal a measure serves.
_STOPWORDS_TEXT = """
    і й та а але або чи що як у в на з із зі до для від по про при за під над через між щодо
    який яка яке які якого якої яких якому якій якими це цей ця ці той та те ті їх його її їхній
    свій свою своє свої також тощо зокрема числі тому тім разі потреби має мають бути є
    забезпечення забезпечувати здійснення здійснювати організація організовувати проведення
    проводити сприяння сприяти участь брати впровадження запровадження створення
    розроблення розробка відповідно відповідний межа рахунок кошт
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# The abbreviations child-welfare plans write for their bodies, services and people; a plan
# that spells one out and a plan that abbreviates it then share its words.
ABBREVIATIONS = {
    "впо": "внутрішньо переміщені особи",
    "цнсп": "центр надання соціальних послуг",
    "цсссдм": "центр соціальних служб для сім'ї дітей та молоді",
    "цссдм": "центр соціальних служб для дітей та молоді",
    "ссд": "служба у справах дітей",
    "ірц": "інклюзивно-ресурсний центр",
    "дбст": "дитячий будинок сімейного типу",
    "ооп": "особливі освітні потреби",
    "сжо": "складні життєві обставини",
    "здо": "заклад дошкільної освіти",
    "ззсо": "заклад загальної середньої освіти",
    "цнап": "центр надання адміністративних послуг",
    "пмсд": "первинна медична допомога",
    "цпмсд": "центр первинної медичної допомоги",
    "єіас": "єдина інформаційно-аналітична система",
    "змі": "засоби масової інформації",
    "отг": "об'єднана територіальна громада",
    "тг": "територіальна громада",
    "мвк": "міжвідомча комісія",
    "мрг": "міжвідомча робоча група",
}

DEFAULT_TEMPERATURE = 0.05  # sequence decoding without examples to calibrate on
CALIBRATION_ROWS = 1000


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="uk")


def clean(text: str) -> str:
    """Case, apostrophes, kept hyphenation and Unicode forms made uniform."""
    text = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHES).casefold()
    return _HYPHEN_BREAK.sub(r"\1-\2", text)


def lemmas(text: str, expand: bool = True) -> list[str]:
    """The text's content words as lemmas, in order, stopwords dropped; an abbreviation is
    followed by the words it stands for (`expand=False`: not — plan-to-plan links, where
    the words of the bodies that do a measure are noise)."""
    out = []
    for word in _WORD.findall(clean(text)):
        lemma = _lemma(word)
        if len(lemma) > 1 and lemma not in STOPWORDS and word not in STOPWORDS:
            out.append(lemma)
        if expand and word in ABBREVIATIONS:
            out.extend(lemmas(ABBREVIATIONS[word]))
    return out


def analyse(text: str) -> str:
    """The form every vectoriser sees: lemmas joined by spaces."""
    return " ".join(lemmas(text))


def _vectorizers() -> list[TfidfVectorizer]:
    words = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    )
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    )
    return [words, chars]


class TextSpace:
    """Lemma words and character n-grams, fitted once, each block L2-normalised and weighted."""

    def __init__(self, corpus: Iterable[str], word_weight: float = 0.7) -> None:
        analysed = [analyse(t) for t in corpus]
        self.vectorizers = _vectorizers()
        for vectorizer in self.vectorizers:
            vectorizer.fit([d for d in analysed if d] or ["порожньо"])
        self.weights = [word_weight, 1.0 - word_weight]

    def transform(self, texts: Sequence[str], analysed: bool = False) -> sparse.csr_matrix:
        """Rows of unit length, so a dot product is a cosine similarity."""
        docs = list(texts) if analysed else [analyse(t) for t in texts]
        blocks = [
            l2_normalize(v.transform(docs)) * np.float32(np.sqrt(w))
            for v, w in zip(self.vectorizers, self.weights, strict=True)
        ]
        return l2_normalize(sparse.hstack(blocks, format="csr"))


@dataclass
class Target:
    """A Strategy item as the suggester sees it.

    `headings`: the item's own title and the titles below it (an operational goal's tasks).
    `examples`: texts of measures already linked to the item (printed under its heading in a
    plan, or confirmed by a person). `group`: the item above (its strategic goal).
    """

    key: Hashable
    headings: list[str]
    examples: list[str] = field(default_factory=list)
    group: Hashable = None


@dataclass(frozen=True)
class Suggestion:
    """`score` ranks (after siblings and sequence decoding); `similarity` is the item blend of
    the measure's own text alone (≈ cosine, 0..1): how well the item fits, not how it ranks."""

    key: Hashable
    score: float
    similarity: float | None = None


class Suggester:
    """Ranks targets for measure texts.

    item = heading_weight · max cos(measure, item's headings)
         + (1 − heading_weight) · mean of the two best cos(measure, item's examples)
    score = item + group_weight · best item score within the same group
    Two nearest examples, not one: a single look-alike measure filed under an odd heading in
    one plan should not outvote the item's headings. The group term lifts the operational goals
    of the strategic goal the measure fits best; strategic goals have distinctive vocabulary
    (displaced children, care leavers) that the operational goals under them share.
    An item without examples falls back to its headings, so a fresh reference still works.
    """

    def __init__(
        self,
        targets: Sequence[Target],
        heading_weight: float = 0.4,
        group_weight: float = 0.4,
        space: TextSpace | None = None,
    ) -> None:
        self.targets = list(targets)
        self.heading_weight = heading_weight
        self.group_weight = group_weight
        self.sibling_weight = 0.5
        heads, head_owner, examples, example_owner = [], [], [], []
        for index, target in enumerate(self.targets):
            heads += target.headings
            head_owner += [index] * len(target.headings)
            examples += target.examples
            example_owner += [index] * len(target.examples)
        self.space = space or TextSpace(heads + examples)
        self.head_owner = np.array(head_owner, dtype=int)
        self.example_owner = np.array(example_owner, dtype=int)
        self.head_matrix = self.space.transform(heads) if heads else None
        self.example_matrix = self.space.transform(examples) if examples else None
        # Transposed once, in the layout the product wants: scipy would convert the
        # transpose (CSC) of 5,000 examples on every call (~40 % of a plan's time).
        self._transposed = {
            id(m): m.T.tocsr() for m in (self.head_matrix, self.example_matrix) if m is not None
        }
        groups = [t.group for t in self.targets]
        self.group_index = np.array([groups.index(g) for g in groups], dtype=int)
        self._temperature: float | None = None

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(targets)) scores; higher is better, roughly 0..1.4."""
        return self._scores(self.space.transform(texts))

    def _scores(self, queries, exclude: np.ndarray | None = None) -> np.ndarray:
        """`exclude`: per query row, an example row to leave out (leave-one-out), or -1."""
        return self._with_group(self._item_scores(queries, exclude))

    def _item_scores(self, queries, exclude: np.ndarray | None = None) -> np.ndarray:
        """The similarity blend per item, without the group term (≈ cosine, 0..1)."""
        return self._blend(
            self._per_target(queries, self.head_matrix, self.head_owner, best=1),
            self._per_target(queries, self.example_matrix, self.example_owner, 2, exclude),
        )

    def _with_group(self, item: np.ndarray) -> np.ndarray:
        if not self.group_weight:
            return item
        group_best = np.zeros_like(item)
        for group in np.unique(self.group_index):
            columns = self.group_index == group
            group_best[:, columns] = item[:, columns].max(axis=1, keepdims=True)
        return item + self.group_weight * group_best

    def _per_target(self, queries, matrix, owner, best: int, exclude=None) -> np.ndarray:
        """Mean of each target's `best` highest similarities; NaN where it has no rows."""
        out = np.full((queries.shape[0], len(self.targets)), np.nan, dtype=np.float32)
        if matrix is None:
            return out
        transposed = self._transposed.get(id(matrix))
        table = (queries @ (transposed if transposed is not None else matrix.T)).toarray()
        if exclude is not None:
            rows = np.flatnonzero(exclude >= 0)
            table[rows, exclude[rows]] = np.nan  # NaN sorts last: never among the best
        for index in np.unique(owner):
            column = -np.sort(-table[:, owner == index], axis=1)[:, :best]
            found = np.isfinite(column)
            count = found.sum(axis=1)
            total = np.where(found, column, 0.0).sum(axis=1)
            out[:, index] = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        return out

    def temperature(self) -> float:
        """How sharp the scores are as evidence, for sequence decoding; calibrated once.

        Leave-one-out on the reference itself: each example measure (up to `CALIBRATION_ROWS`,
        evenly spread) is scored against the other examples, and the temperature is the one
        under which softmax(score / T) gives its own target the highest likelihood. No
        examples: `DEFAULT_TEMPERATURE`.
        """
        if self._temperature is None:
            self._temperature = self._calibrate()
        return self._temperature

    def _calibrate(self) -> float:
        if self.example_matrix is None or len(np.unique(self.example_owner)) < 2:
            return DEFAULT_TEMPERATURE
        total = self.example_matrix.shape[0]
        rows = np.unique(np.linspace(0, total - 1, min(total, CALIBRATION_ROWS)).astype(int))
        table = self._scores(self.example_matrix[rows], exclude=rows).astype(np.float64)
        right = self.example_owner[rows]
        best, best_loss = DEFAULT_TEMPERATURE, np.inf
        for temperature in np.geomspace(0.005, 1.0, 120):
            shifted = (table - table.max(axis=1, keepdims=True)) / temperature
            log_norm = np.log(np.exp(shifted).sum(axis=1))
            loss = float(np.mean(log_norm - shifted[np.arange(len(rows)), right]))
            if loss < best_loss:
                best, best_loss = float(temperature), loss
        return best

    def _blend(self, heading: np.ndarray, nearest: np.ndarray) -> np.ndarray:
        heading = np.nan_to_num(heading, nan=0.0)
        nearest = np.where(np.isnan(nearest), heading, nearest)
        w = self.heading_weight
        return w * heading + (1 - w) * nearest

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        return self.suggest_many([text], k)[0]

    def suggest_many(
        self,
        texts: Sequence[str],
        k: int = 3,
        groups: Sequence[Hashable] | None = None,
        sequence: bool = False,
        prior: np.ndarray | None = None,
    ) -> list[list[Suggestion]]:
        """Top-k per text.

        `groups` (e.g. the plan's own task of each measure): measures filed together usually
        serve one goal, so each row also gets `sibling_weight` × the mean scores of its group.
        `sequence=True`: `texts` are one plan's measures in document order; consecutive
        measures tend to serve one goal, so the scores are decoded as a sequence
        (`planwatch.strategy.sequence`) and each suggestion's score is the goal's posterior
        probability (0..1). Without it every text is judged on its own.
        `prior`: (len(texts), targets) added to the scores before both (e.g. the goals of a
        strategic goal the plan prints above the measure).
        """
        if not self.targets or not texts:
            return [[] for _ in texts]
        fit = self._item_scores(self.space.transform(texts))
        table = self._with_group(fit)
        if prior is not None:
            table = table + prior
        if groups is not None:
            table = table + self.sibling_weight * group_means(table, groups)
        if sequence:
            table = decode(table, self.temperature()).posterior
        out = []
        for row, fits in zip(table, fit, strict=True):
            best = np.argsort(-row, kind="stable")[:k]
            out.append(
                [
                    Suggestion(
                        self.targets[i].key, round(float(row[i]), 4), round(float(fits[i]), 4)
                    )
                    for i in best
                ]
            )
        return out


def group_means(table: np.ndarray, groups: Sequence[Hashable]) -> np.ndarray:
    """Each row replaced by the mean of the rows sharing its group (None: a group of one)."""
    out = table.copy()
    members: dict[Hashable, list[int]] = {}
    for row, group in enumerate(groups):
        if group is not None:
            members.setdefault(group, []).append(row)
    for rows in members.values():
        out[rows] = table[rows].mean(axis=0)
    return out


@dataclass(frozen=True)
class Neighbour:
    key: Hashable
    score: float


class SimilarityIndex:
    """Nearest measures among many, for the "similar measures" panel.

    Word lemmas and lemma pairs only (no character n-grams): at national scale (~150,000
    measures) the character space makes every row touch most others. Terms in more than a
    tenth of the measures are dropped for the same reason; they carry little meaning anyway.
    Rows are compared in blocks, so memory stays at block × corpus, not corpus².
    `groups` (a plan id per row) keeps a measure's own plan out of its neighbours.
    """

    BLOCK = 1000

    def __init__(
        self,
        keys: Sequence[Hashable],
        groups: Sequence[Hashable],
        texts: Sequence[str],
        analysed: bool = False,
    ) -> None:
        self.keys = list(keys)
        self.groups = np.array([hash(g) for g in groups])
        analysed = list(texts) if analysed else [analyse(t) for t in texts]
        max_df = max(50, int(0.1 * len(analysed)))
        vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, max_df=max_df, dtype=np.float32
        )
        try:
            self.matrix = vectorizer.fit_transform(analysed)
        except ValueError:  # no words at all
            self.matrix = sparse.csr_matrix((len(analysed), 1), dtype=np.float32)
        self.matrix = l2_normalize(self.matrix).tocsr()
        self.transposed = self.matrix.T.tocsr()
        self.row_of = {key: row for row, key in enumerate(self.keys)}

    def nearest(
        self, keys: Iterable[Hashable], k: int = 5, min_score: float = 0.2
    ) -> dict[Hashable, list[Neighbour]]:
        """For each key in the index: up to k others from other groups, best first."""
        rows = [self.row_of[key] for key in keys if key in self.row_of]
        out: dict[Hashable, list[Neighbour]] = {}
        if not rows:
            return out
        for start in range(0, len(rows), self.BLOCK):
            block = rows[start : start + self.BLOCK]
            table = (self.matrix[block] @ self.transposed).tocsr()
            for offset, row in enumerate(block):
                out[self.keys[row]] = self._best(table.getrow(offset), row, k, min_score)
        return out

    def _best(self, scores: sparse.csr_matrix, row: int, k: int, min_score: float):
        columns, values = scores.indices, scores.data
        keep = (values >= min_score) & (self.groups[columns] != self.groups[row])
        columns, values = columns[keep], values[keep]
        order = np.lexsort((columns, -values))[:k]
        return [
            Neighbour(self.keys[c], round(float(v), 4))
            for c, v in zip(columns[order], values[order], strict=True)
        ]
