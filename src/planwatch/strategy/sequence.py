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

from dataclasses import dataclass

import numpy as np

STAY, NEXT, AHEAD, BACK = range(4)
START = np.array([0.5, 0.2, 0.15, 0.15])
FLOOR = 0.01  # no kind of step is ever ruled out
ITERATIONS = 15


@dataclass(frozen=True)
class Decoded:
    posterior: np.ndarray  # (measures, goals), rows sum to 1
    steps: np.ndarray  # learned probabilities of stay / next / ahead / back


def step_kinds(k: int) -> np.ndarray:
    """(k, k): the kind of step from goal i to goal j."""
    i, j = np.indices((k, k))
    kinds = np.full((k, k), BACK)
    kinds[j > i + 1] = AHEAD
    kinds[j == i + 1] = NEXT
    kinds[i == j] = STAY
    return kinds


def transitions(kinds: np.ndarray, steps: np.ndarray, decay: float | None = None) -> np.ndarray:
    """Each kind's probability shared among the goals of that kind; rows sum to 1.

    `decay`: shared in proportion to decay ** distance (a jump of 1 more likely than of 50)
    instead of evenly — for long state lists such as an upper plan's measures."""
    weights = np.ones(kinds.shape)
    if decay is not None:
        i, j = np.indices(kinds.shape)
        weights = decay ** np.abs(j - i).astype(float)
    table = np.zeros(kinds.shape)
    for kind, p in enumerate(steps):
        share = np.where(kinds == kind, weights, 0.0)
        table += p * share / np.maximum(share.sum(axis=1, keepdims=True), 1e-300)
    return table / table.sum(axis=1, keepdims=True)


def likelihoods(scores: np.ndarray, temperature: float) -> np.ndarray:
    shifted = (scores - scores.max(axis=1, keepdims=True)) / temperature
    return np.exp(shifted)


def forward_backward(evidence: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior per measure, and the expected number of each transition (goal i → goal j)."""
    n, k = evidence.shape
    alpha = np.empty((n, k))
    beta = np.ones((n, k))
    alpha[0] = evidence[0] / evidence[0].sum()
    for t in range(1, n):
        alpha[t] = (alpha[t - 1] @ table) * evidence[t]
        alpha[t] /= alpha[t].sum()
    for t in range(n - 2, -1, -1):
        beta[t] = table @ (evidence[t + 1] * beta[t + 1])
        beta[t] /= beta[t].sum()
    posterior = alpha * beta
    posterior /= posterior.sum(axis=1, keepdims=True)
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
) -> Decoded:
    """Posterior over goals for each measure of one plan, measures in document order.
    `decay`: see `transitions` (None: the Strategy's goals, jumps shared evenly)."""
    scores = np.asarray(scores, dtype=np.float64)
    n, k = scores.shape
    if n == 0 or k < 2:
        return Decoded(np.full((n, k), 1.0 / max(k, 1)), START.copy())
    evidence = likelihoods(scores, temperature)
    kinds = step_kinds(k)
    steps = START.copy()
    for _ in range(iterations if n > 1 else 0):
        _, expected = forward_backward(evidence, transitions(kinds, steps, decay))
        steps = np.array([expected[kinds == kind].sum() for kind in range(4)]) + FLOOR
        steps /= steps.sum()
    posterior, _ = forward_backward(evidence, transitions(kinds, steps, decay))
    return Decoded(posterior, steps)
