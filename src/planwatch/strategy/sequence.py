"""Sequence decoding: a plan's measures in document order, read as a hidden Markov chain.

A plan files the measures of one goal together, and plans that implement the Strategy mostly
follow its order. Neither is a rule, so neither is assumed: the chain's states are the
candidate goals (in the reference's order), each measure's suggester scores are its evidence,
and the chance of each kind of step from one measure to the next is learned from the plan
itself (Baum–Welch / EM on four numbers):

- `stay`: the next measure serves the same goal;
- `next`: it serves the goal that follows in the reference's order;
- `ahead`: a later goal further on (a goal the plan skips);
- `back`: an earlier goal.

A plan printed in the Strategy's order learns a high `stay` and a sizeable `next`; a plan
whose measures jump about learns a low `stay`, and the decoding then leaves the scores of
each measure almost as they were. Only the order of the measures is used, never a heading.

Evidence: `exp(score / temperature)` — the suggester's scores turned into a likelihood, the
temperature calibrated on the reference (`Suggester.temperature()`, leave-one-out over its
example measures). The result is each measure's posterior over goals (forward–backward), so a
ranking still has a top-3, and a measure with strong evidence of its own keeps its goal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

STAY, NEXT, AHEAD, BACK = range(4)
START = np.array([0.5, 0.2, 0.15, 0.15])
FLOOR = 0.01  # no kind of step is ever ruled out
ITERATIONS = 15
ASIDE_START, ASIDE_MAX = 0.1, 0.5


@dataclass(frozen=True)
class Decoded:
    posterior: np.ndarray  # (measures, goals), rows sum to 1
    steps: np.ndarray  # learned probabilities of stay / next / ahead / back
    aside: float = 0.0  # learned share of measures outside the walk (`decode(asides=True)`)


def step_kinds(k: int) -> np.ndarray:
    """(k, k): the kind of step from goal i to goal j."""
    i, j = np.indices((k, k))
    kinds = np.full((k, k), BACK)
    kinds[j > i + 1] = AHEAD
    kinds[j == i + 1] = NEXT
    kinds[i == j] = STAY
    return kinds


def shares(kinds: np.ndarray, decay: float | None = None) -> np.ndarray:
    """(4, k, k): how each kind's probability is shared among the goals of that kind, per row.

    Evenly, or with `decay` in proportion to decay ** distance (a jump of 1 more likely than
    of 50) — for long state lists such as an upper plan's measures."""
    weights = np.ones(kinds.shape)
    if decay is not None:
        i, j = np.indices(kinds.shape)
        weights = decay ** np.abs(j - i).astype(float)
    out = np.zeros((4, *kinds.shape))
    for kind in range(4):
        share = np.where(kinds == kind, weights, 0.0)
        out[kind] = share / np.maximum(share.sum(axis=1, keepdims=True), 1e-300)
    return out


def transition_parts(share: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """(4, k, k): each kind's part of the transition table; the parts sum to it, rows to 1."""
    parts = share * steps[:, None, None]
    return parts / parts.sum(axis=(0, 2))[None, :, None]


def transitions(kinds: np.ndarray, steps: np.ndarray, decay: float | None = None) -> np.ndarray:
    """Each kind's probability shared among the goals of that kind; rows sum to 1."""
    return transition_parts(shares(kinds, decay), steps).sum(axis=0)


def likelihoods(scores: np.ndarray, temperature: float) -> np.ndarray:
    shifted = (scores - scores.max(axis=1, keepdims=True)) / temperature
    return np.exp(shifted)


def passes(evidence: np.ndarray, table: np.ndarray, scale: np.ndarray | None = None):
    """Forward (α) and backward (β) messages, each row normalised; `scale[t]` gets the sum
    α was divided by at t."""
    n, k = evidence.shape
    alpha = np.empty((n, k))
    beta = np.ones((n, k))
    scale = np.empty(n) if scale is None else scale
    scale[0] = evidence[0].sum()
    alpha[0] = evidence[0] / scale[0]
    for t in range(1, n):
        alpha[t] = (alpha[t - 1] @ table) * evidence[t]
        scale[t] = alpha[t].sum()
        alpha[t] /= scale[t]
    for t in range(n - 2, -1, -1):
        beta[t] = table @ (evidence[t + 1] * beta[t + 1])
        beta[t] /= beta[t].sum()
    return alpha, beta


def posterior_of(alpha: np.ndarray, beta: np.ndarray) -> np.ndarray:
    posterior = alpha * beta
    return posterior / posterior.sum(axis=1, keepdims=True)


def forward_backward(evidence: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior per measure, and the expected number of each transition (goal i → goal j)."""
    n, k = evidence.shape
    alpha, beta = passes(evidence, table)
    posterior = posterior_of(alpha, beta)
    if n < 2:
        return posterior, np.zeros((k, k))
    # ξ_t(i, j) ∝ α_t(i) · T(i, j) · e_{t+1}(j) · β_{t+1}(j), each t normalised, summed over t.
    xi = alpha[:-1, :, None] * table[None] * (evidence[1:] * beta[1:])[:, None, :]
    xi /= xi.sum(axis=(1, 2), keepdims=True)
    return posterior, xi.sum(axis=0)


def decode(
    scores: np.ndarray,
    temperature: float,
    iterations: int = ITERATIONS,
    decay: float | None = None,
    asides: bool = False,
    anchors: Mapping[int, int | None] | None = None,
) -> Decoded:
    """Posterior over goals for each measure of one plan, measures in document order.
    `decay`: see `transitions` (None: the Strategy's goals, jumps shared evenly).

    `asides=True`: a measure may stand outside the plan's walk (a lower plan restating an
    upper measure out of order, or one of its own): with probability ε, learned by EM from
    the plan like the steps, its evidence says nothing about where the walk is, and its own
    link then follows its evidence alone. The posterior of a measure is its evidence times
    (1 − ε) · P(walk here | the other measures) + ε / k, so strong evidence of its own is
    not overruled by its neighbours. `anchors`: measures a person decided (row → state, or
    None for "none of them"): that state for certain, or a row that says nothing."""
    scores = np.asarray(scores, dtype=np.float64)
    n, k = scores.shape
    if n == 0 or k < 2:
        return Decoded(np.full((n, k), 1.0 / max(k, 1)), START.copy())
    evidence = likelihoods(scores, temperature)
    share = shares(step_kinds(k), decay)
    steps = START.copy()
    aside = ASIDE_START if asides else 0.0
    mean = evidence.mean(axis=1, keepdims=True)
    # The steps and ε are learned from the plan's texts alone, as without decisions: a few
    # decided rows at the start would otherwise tune them to that stretch of the plan.
    for _ in range(iterations if n > 1 else 0):
        emission = (1 - aside) * evidence + aside * mean
        walk: list = []
        steps = expected_steps(emission, transition_parts(share, steps), decay, walk) + FLOOR
        steps /= steps.sum()
        if asides:
            outside = (walk[0] * aside * mean / emission).sum(axis=1)
            aside = float(np.clip(outside.mean(), FLOOR, ASIDE_MAX))
    emission = (1 - aside) * evidence + aside * mean
    for row, state in (anchors or {}).items():
        evidence[row] = 1.0 if state is None else (np.arange(k) == state).astype(float)
        emission[row] = evidence[row]
    walk = posterior_of(*passes(emission, transition_parts(share, steps).sum(axis=0)))
    if not asides:
        return Decoded(walk, steps)
    # P(walk at j | the other measures) = the walk's posterior without this row's emission
    # (an anchored row's emission is its evidence: it comes out as decided).
    here = np.divide(walk, emission, out=np.zeros_like(walk), where=emission > 0)
    here /= here.sum(axis=1, keepdims=True)
    posterior = evidence * ((1 - aside) * here + aside / k)
    posterior /= posterior.sum(axis=1, keepdims=True)
    return Decoded(posterior, steps, aside)


def expected_steps(
    evidence: np.ndarray, parts: np.ndarray, decay: float | None, walk: list | None = None
) -> np.ndarray:
    """The expected number of steps of each kind (what `forward_backward`'s ξ summed over
    each kind's cells gives) without the (measures × k × k) array: stay and next are
    diagonals, ahead is a geometric sum along each row (a scan), back is the rest. An upper
    plan of 300 measures costs milliseconds per round, not a second. `walk`: a list that
    gets the posterior too (the same passes)."""
    n, k = evidence.shape
    scale = np.empty(n)
    alpha, beta = passes(evidence, parts.sum(axis=0), scale)
    if walk is not None:
        walk.append(posterior_of(alpha, beta))
    before, after = alpha[:-1], evidence[1:] * beta[1:]
    # Σ_ij α_t(i) T(i, j) e_{t+1}(j) β_{t+1}(j): α_{t+1} before its normalisation, times β.
    total = scale[1:] * (alpha[1:] * beta[1:]).sum(axis=1)
    stay = (before * np.diagonal(parts[STAY]) * after).sum(axis=1)
    nxt = (before[:, :-1] * np.diagonal(parts[NEXT], 1) * after[:, 1:]).sum(axis=1)
    # parts[AHEAD][i, j] = g_i · d^(j−i) for j > i + 1, so (before @ parts[AHEAD])[:, j] =
    # d · y[:, j−1] + d² · g_{j−2} · before[:, j−2].
    d = 1.0 if decay is None else decay
    g = np.zeros(k)
    if k > 2:
        g[: k - 2] = np.diagonal(parts[AHEAD], 2) / d**2
    y = np.zeros_like(before)
    for j in range(2, k):
        y[:, j] = d * y[:, j - 1] + d * d * g[j - 2] * before[:, j - 2]
    ahead = (y * after).sum(axis=1)
    back = np.maximum(total - stay - nxt - ahead, 0.0)
    return (np.stack([stay, nxt, ahead, back]) / total).sum(axis=1)
