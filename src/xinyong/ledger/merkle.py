"""The Merkle tree of RFC 9162 §2.1, pure: no storage, no clock.

A tree over n leaves is described by the *complete subtrees* it is made of: the subtree at
``(level, index)`` covers leaves ``[index·2^level, (index+1)·2^level)``. Every hash a root or a
proof needs is the hash of a range ``[start, end)`` that RFC 9162's recursion visits, and every
such range is a run of complete subtrees (its "peaks"), so a store that keeps the hash of each
complete subtree answers any root or proof with O(log n) lookups. The functions here compute
*which* subtrees are needed and fold their hashes; the caller fetches them from wherever it keeps
them (a list in memory, the ``ledger_nodes`` table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence

HASH_SIZE = 32
#: MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

Subtree = tuple[int, int]
"""A complete subtree as ``(level, index)``."""
Fetch = Callable[[Collection[Subtree]], Mapping[Subtree, bytes]]
"""Given complete subtrees, return their hashes."""


def leaf_hash(data: bytes) -> bytes:
    """MTH({d0}) = SHA-256(0x00 ‖ d0)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where MTH splits D[n]."""
    return 1 << ((n - 1).bit_length() - 1)


def root(hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of *leaf hashes*, by the recursive definition itself.

    Deliberately the textbook recursion (not the incremental frontier), so that tests can hold
    the stored, incremental tree against the definition.
    """
    n = len(hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[0]
    k = split(n)
    return node_hash(root(hashes[:k]), root(hashes[k:]))


def peaks(start: int, end: int) -> list[Subtree]:
    """The complete subtrees that make up ``[start, end)``, left to right, largest first.

    Valid for the ranges RFC 9162's recursion produces, whose start is aligned to the size of
    their first peak.
    """
    found: list[Subtree] = []
    while start < end:
        level = (end - start).bit_length() - 1
        found.append((level, start >> level))
        start += 1 << level
    return found


def fold(hashes: Sequence[bytes]) -> bytes:
    """The hash of a range from its peaks' hashes (largest first): MTH's right-leaning shape."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form PATH(index, D[size]), bottom-up (RFC 9162 §2.1.3.1)."""
    path: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    path.reverse()
    return path


def consistency_ranges(first: int, second: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form PROOF(first, D[second]) (RFC 9162 §2.1.4.1).

    SUBPROOF(m, D[n], b) unrolled: the flag ``b`` stays true while the old tree is a prefix
    that is itself a complete left subtree, in which case its hash is left out (the verifier has
    it). Empty when ``first`` is 0 or equal to ``second``.
    """
    if first <= 0 or first >= second:
        return []
    path: list[tuple[int, int]] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:
        k = split(end - start)
        if m <= k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
            m -= k
            whole = False
    if not whole:
        path.append((start, end))
    path.reverse()
    return path


def range_hashes(ranges: Sequence[tuple[int, int]], fetch: Fetch) -> list[bytes]:
    """The hash of each range, fetching all the complete subtrees they need in one call."""
    layout = [peaks(start, end) for start, end in ranges]
    known = fetch({subtree for parts in layout for subtree in parts})
    return [fold([known[subtree] for subtree in parts]) for parts in layout]


def list_fetch(hashes: Sequence[bytes]) -> Fetch:
    """A ``Fetch`` over leaf hashes held in memory (for tests and small trees)."""

    def fetch(subtrees: Collection[Subtree]) -> dict[Subtree, bytes]:
        return {(lv, i): root(hashes[i << lv:(i + 1) << lv]) for lv, i in subtrees}

    return fetch


def inclusion_proof(index: int, size: int, fetch: Fetch) -> list[bytes]:
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")
    return range_hashes(inclusion_ranges(index, size), fetch)


def consistency_proof(first: int, second: int, fetch: Fetch) -> list[bytes]:
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from {first} leaves to {second}")
    return range_hashes(consistency_ranges(first, second), fetch)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step; ``leaf`` is the leaf *hash*."""
    if index < 0 or index >= size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(first: int, second: int, proof: Sequence[bytes],
                       first_root: bytes, second_root: bytes) -> bool:
    """RFC 9162 §2.1.4.2, with the two cases the algorithm leaves to the caller.

    Equal sizes are consistent only with an empty proof and equal roots; the empty tree (whose
    root must be SHA-256("")) is a prefix of every tree.
    """
    if first < 0 or second < first:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class Frontier:
    """The right edge of a growing tree: one hash per complete subtree of its peaks.

    Appending a leaf completes 0..log n subtrees; ``append`` returns each one so a store can keep
    it. Memory is O(log n) whatever the size.
    """

    def __init__(self, size: int = 0, peak_hashes: Sequence[bytes] = ()) -> None:
        layout = peaks(0, size)
        if len(peak_hashes) != len(layout):
            raise ValueError(f"a tree of {size} leaves has {len(layout)} peaks, not {len(peak_hashes)}")
        self.size = size
        self._stack = [(level, h) for (level, _), h in zip(layout, peak_hashes, strict=True)]

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the interior nodes ``(level, index, hash)`` it completed."""
        completed = []
        level, position, current = 0, self.size, leaf
        while self._stack and self._stack[-1][0] == level:
            _, left = self._stack.pop()
            current = node_hash(left, current)
            level += 1
            position >>= 1
            completed.append((level, position, current))
        self._stack.append((level, current))
        self.size += 1
        return completed

    def root(self) -> bytes:
        return fold([h for _, h in self._stack])
