"""L2-regularised logistic regression in numpy: the learned coder's models without scikit-learn or scipy.

The coder fits on at most a few thousand coded answers but tens of thousands of n-gram columns, so the binary models
are fitted in the answers' space rather than the columns': with ``w = X.T @ alpha`` the regularised loss depends on
the data only through the kernel ``K = X @ X.T`` (plus one for the intercept, which like liblinear's is penalised).
Factoring ``K = L @ L.T`` turns the problem into an ordinary, well-conditioned one in ``len(answers)`` variables
that a few hundred L-BFGS steps solve to the same optimum as liblinear; cross-validation folds reuse the one kernel.
The combiner's multinomial model has a few dozen dense columns and is fitted directly (intercept not penalised, as
scikit-learn's lbfgs solver does). Class weights are "balanced": ``n / (classes * count)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.analysis.engine.sparse_rows import SparseRows

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]
_JITTER = 1e-8
_HISTORY = 10


def minimise(objective: Objective, start: np.ndarray, *, max_iter: int = 500, tol: float = 1e-6) -> np.ndarray:
    """Limited-memory BFGS with a backtracking (Armijo) line search; stops when the gradient's largest entry is
    below ``tol`` times its starting size or after ``max_iter`` steps."""
    x = start.astype(float).copy()
    value, gradient = objective(x)
    limit = tol * max(float(np.abs(gradient).max(initial=0.0)), 1e-12)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        if float(np.abs(gradient).max(initial=0.0)) <= limit:
            break
        direction = -_two_loop(gradient, steps)
        slope = float(gradient @ direction)
        if slope >= 0:
            steps, direction, slope = [], -gradient, -float(gradient @ gradient)
        step = 1.0 if steps else min(1.0, 1.0 / max(float(np.abs(gradient).sum()), 1e-12))
        while True:
            candidate = x + step * direction
            new_value, new_gradient = objective(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-12:
                break
            step /= 2
        s, y = candidate - x, new_gradient - gradient
        if float(s @ y) > 1e-12:
            steps = [*steps[-(_HISTORY - 1) :], (s, y, 1.0 / float(s @ y))]
        x, value, gradient = candidate, new_value, new_gradient
    return x


def _two_loop(gradient: np.ndarray, steps: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    q = gradient.copy()
    alphas = []
    for s, y, rho in reversed(steps):
        alpha = rho * float(s @ q)
        alphas.append(alpha)
        q -= alpha * y
    if steps:
        s, y, _ = steps[-1]
        q *= float(s @ y) / float(y @ y)
    for (s, y, rho), alpha in zip(steps, reversed(alphas), strict=True):
        q += (alpha - rho * float(y @ q)) * s
    return q


def balanced_weights(labels: np.ndarray) -> np.ndarray:
    """Per-row weights so every class weighs as much in total."""
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    return (len(labels) / (len(classes) * counts))[inverse]


def fit_kernel_binary(kernel: np.ndarray, target: np.ndarray, c: float) -> np.ndarray:
    """Dual coefficients ``alpha`` of a class-balanced L2 logistic model given the training rows' kernel (intercept
    included: pass ``K + 1``); decisions for other rows are ``their_kernel @ alpha``."""
    n = len(target)
    signs = np.where(target, 1.0, -1.0)
    weights = c * balanced_weights(target)
    factor = np.linalg.cholesky(kernel + _JITTER * max(float(np.trace(kernel)) / n, 1.0) * np.eye(n))

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray]:
        margins = signs * (factor @ beta)
        loss = weights * np.logaddexp(0.0, -margins)
        slope = -weights * signs * _sigmoid(-margins)
        return 0.5 * float(beta @ beta) + float(loss.sum()), beta + factor.T @ slope

    beta = minimise(objective, np.zeros(n), max_iter=1000)
    return np.linalg.solve(factor.T, beta)


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * values))


@dataclass(frozen=True, eq=False)
class BinaryModel:
    """A fitted binary model over sparse rows: P(true) = sigmoid(x @ weights + intercept)."""

    weights: np.ndarray
    intercept: float

    def decision(self, matrix: SparseRows) -> np.ndarray:
        return matrix.dot(self.weights) + self.intercept

    def probability(self, matrix: SparseRows) -> np.ndarray:
        return _sigmoid(self.decision(matrix))


def binary_from_dual(matrix: SparseRows, alpha: np.ndarray) -> BinaryModel:
    """The primal model for dual coefficients fitted on ``matrix``'s rows (kernel ``gram + 1``)."""
    return BinaryModel(matrix.transpose_dot(alpha), float(alpha.sum()))


def fit_binary(matrix: SparseRows, target: np.ndarray, c: float, kernel: np.ndarray | None = None) -> BinaryModel:
    """A class-balanced L2 logistic model (liblinear's objective, intercept penalised); ``kernel`` is
    ``matrix.gram() + 1`` when the caller already has it."""
    kernel = matrix.gram() + 1.0 if kernel is None else kernel
    return binary_from_dual(matrix, fit_kernel_binary(kernel, np.asarray(target, dtype=bool), c))


@dataclass(frozen=True, eq=False)
class MultinomialModel:
    """Softmax over dense columns; ``classes`` in column order of ``probabilities``."""

    classes: np.ndarray
    coefficients: np.ndarray
    intercepts: np.ndarray

    def probabilities(self, dense: np.ndarray) -> np.ndarray:
        scores = dense @ self.coefficients.T + self.intercepts
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def fit_multinomial(dense: np.ndarray, labels: np.ndarray, c: float, *, max_iter: int = 3000) -> MultinomialModel:
    """A class-balanced multinomial model, coefficients penalised, intercepts not."""
    classes, inverse = np.unique(labels, return_inverse=True)
    p, k = dense.shape[1], len(classes)
    onehot = np.eye(k)[inverse]
    weights = c * balanced_weights(labels)

    def objective(flat: np.ndarray) -> tuple[float, np.ndarray]:
        coefficients, intercepts = flat[: k * p].reshape(k, p), flat[k * p :]
        scores = dense @ coefficients.T + intercepts
        log_norm = np.logaddexp.reduce(scores, axis=1)
        loss = float(weights @ (log_norm - (scores * onehot).sum(axis=1)))
        residual = weights[:, None] * (np.exp(scores - log_norm[:, None]) - onehot)
        gradient = np.concatenate([(residual.T @ dense + coefficients).ravel(), residual.sum(axis=0)])
        return loss + 0.5 * float((coefficients**2).sum()), gradient

    flat = minimise(objective, np.zeros(k * p + k), max_iter=max_iter, tol=1e-7)
    return MultinomialModel(classes, flat[: k * p].reshape(k, p), flat[k * p :])


def stratified_folds(labels: np.ndarray, splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffled folds with each label spread evenly across them: (training rows, held-back rows) per fold."""
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(labels), dtype=int)
    offset = 0
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        fold_of[members] = (np.arange(len(members)) + offset) % splits
        offset += len(members)
    return [(np.flatnonzero(fold_of != fold), np.flatnonzero(fold_of == fold)) for fold in range(splits)]
