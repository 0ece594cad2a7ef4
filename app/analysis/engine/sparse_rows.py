"""A small compressed-sparse-row matrix in numpy, enough for the learned coder's n-gram features.

The coder's features are tens of thousands of n-gram columns of which an answer uses a few hundred. scipy's sparse
matrices would hold them, but scipy (with scikit-learn on top) is the largest part of the runtime install and the
coder needs only a handful of operations: stacking blocks side by side, taking rows, multiplying by a vector or a thin
dense matrix, and the rows' inner products (the kernel the logistic models are fitted on, see ``logistic``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_COMMON_FROM = 32
_PAIR_CHUNK = 4_000_000


@dataclass(frozen=True, eq=False)
class SparseRows:
    """Rows of ``shape[1]`` columns: row ``i`` holds ``data[indptr[i]:indptr[i+1]]`` at ``indices[...]``."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def from_dense(cls, dense: np.ndarray) -> SparseRows:
        dense = np.asarray(dense, dtype=float).reshape(dense.shape[0], -1)
        rows, columns = np.nonzero(dense)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=dense.shape[0]))])
        return cls(dense[rows, columns], columns.astype(np.int64), indptr.astype(np.int64), dense.shape)

    @classmethod
    def from_triplets(
        cls, rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]
    ) -> SparseRows:
        """Entries in any order; they are sorted by row (keeping column order within a row)."""
        order = np.argsort(rows, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=shape[0]))]).astype(np.int64)
        return cls(np.asarray(values, dtype=float)[order], np.asarray(columns, dtype=np.int64)[order], indptr, shape)

    @property
    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def take(self, rows: Sequence[int] | np.ndarray) -> SparseRows:
        """The given rows, in the given order (a boolean mask also works)."""
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        starts, stops = self.indptr[rows], self.indptr[rows + 1]
        lengths = stops - starts
        picked = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths) + np.arange(lengths.sum())
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return SparseRows(self.data[picked], self.indices[picked], indptr, (len(rows), self.shape[1]))

    def __getitem__(self, rows: Sequence[int] | np.ndarray) -> SparseRows:
        return self.take(rows)

    def toarray(self) -> np.ndarray:
        dense = np.zeros(self.shape)
        dense[self.row_ids, self.indices] = self.data
        return dense

    def leading_columns(self, count: int) -> SparseRows:
        """The first ``count`` columns (a block stacked first by ``hstack``)."""
        keep = self.indices < count
        rows = self.row_ids[keep]
        return SparseRows.from_triplets(rows, self.indices[keep], self.data[keep], (self.shape[0], count))

    def dot(self, dense: np.ndarray) -> np.ndarray:
        """``self @ dense`` for a vector or a thin matrix."""
        dense = np.asarray(dense, dtype=float)
        if dense.ndim == 1:
            return np.bincount(self.row_ids, weights=self.data * dense[self.indices], minlength=self.shape[0])
        return _sum_by_row(self.data[:, None] * dense[self.indices], self.indptr, self.shape[0])

    def transpose_dot(self, dense: np.ndarray) -> np.ndarray:
        """``self.T @ dense`` for a vector or a thin matrix."""
        dense = np.asarray(dense, dtype=float)
        if dense.ndim == 1:
            return np.bincount(self.indices, weights=self.data * dense[self.row_ids], minlength=self.shape[1])
        rows = self.row_ids
        return np.column_stack(
            [
                np.bincount(self.indices, weights=self.data * dense[rows, k], minlength=self.shape[1])
                for k in range(dense.shape[1])
            ]
        )

    def gram(self) -> np.ndarray:
        """Inner products of every row with every other, as a dense matrix.

        Columns that many rows use (common character n-grams, the embedding) go through one dense matrix product;
        each rarer column adds the products of its few entries' pairs, which is cheap however many such columns
        there are.
        """
        n = self.shape[0]
        counts = np.bincount(self.indices, minlength=self.shape[1])
        common = counts > max(_COMMON_FROM, n // 16)
        position = np.cumsum(common) - 1
        in_common = common[self.indices]
        rows = self.row_ids
        block = np.zeros((n, int(common.sum())))
        block[rows[in_common], position[self.indices[in_common]]] = self.data[in_common]
        result = block @ block.T
        _add_pair_products(result, rows[~in_common], self.indices[~in_common], self.data[~in_common])
        return result


def _add_pair_products(result: np.ndarray, rows: np.ndarray, columns: np.ndarray, values: np.ndarray) -> None:
    """Add ``values[i] * values[j]`` at ``(rows[i], rows[j])`` for every pair of entries sharing a column."""
    order = np.argsort(columns, kind="stable")
    rows, columns, values = rows[order], columns[order], values[order]
    starts = np.flatnonzero(np.concatenate([[True], columns[1:] != columns[:-1]])) if len(columns) else np.array([])
    sizes = np.diff(np.concatenate([starts, [len(columns)]])).astype(int)
    n = result.shape[0]
    flat = result.reshape(-1)
    for size in np.unique(sizes):
        members = starts[sizes == size][:, None] + np.arange(size)
        pair_rows, pair_values = rows[members], values[members]
        cells = (pair_rows[:, :, None] * n + pair_rows[:, None, :]).reshape(-1)
        products = (pair_values[:, :, None] * pair_values[:, None, :]).reshape(-1)
        for chunk in range(0, len(cells), _PAIR_CHUNK):
            part = slice(chunk, chunk + _PAIR_CHUNK)
            touched, inverse = np.unique(cells[part], return_inverse=True)
            flat[touched] += np.bincount(inverse, weights=products[part])


def _sum_by_row(values: np.ndarray, indptr: np.ndarray, n_rows: int) -> np.ndarray:
    result = np.zeros((n_rows, *values.shape[1:]))
    filled = np.flatnonzero(np.diff(indptr) > 0)
    if len(filled):
        result[filled] = np.add.reduceat(values, indptr[filled], axis=0)
    return result


def hstack(blocks: Sequence[SparseRows | np.ndarray]) -> SparseRows:
    """Blocks side by side; dense blocks are stored sparsely (their zeros dropped)."""
    sparse = [block if isinstance(block, SparseRows) else SparseRows.from_dense(block) for block in blocks]
    offsets = np.concatenate([[0], np.cumsum([block.shape[1] for block in sparse])])
    rows = np.concatenate([block.row_ids for block in sparse])
    columns = np.concatenate([block.indices + offset for block, offset in zip(sparse, offsets, strict=False)])
    values = np.concatenate([block.data for block in sparse])
    return SparseRows.from_triplets(rows, columns, values, (sparse[0].shape[0], int(offsets[-1])))


def unit_rows(dense: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (all-zero rows left as they are)."""
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return dense / np.where(norms == 0, 1.0, norms)
