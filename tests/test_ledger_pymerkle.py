"""Cross-check against an independent implementation: pymerkle (GPL, a test-only dependency).

pymerkle's default hashing (``disable_security=False``) prefixes leaves with 0x00 and nodes with
0x01 and splits at the largest power of two, as RFC 9162 does, and counts leaves from 1. Its
inclusion path is RFC 9162's PATH with the leaf's own hash in front. Its consistency path is laid
out differently from RFC 9162's PROOF (it carries the old tree's peaks and the new tree's
siblings, with a mask saying which is which), so the two are compared by what they prove: each
side's proof must resolve to, and verify against, the other side's roots.
"""

from __future__ import annotations

import random

import pytest
from pymerkle import ConsistencyProof, InmemoryTree
from pymerkle import verify_consistency as pm_verify_consistency

from xinyong.ledger.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    list_fetch,
    root,
    verify_consistency,
)

SIZES = [1, 2, 3, 5, 8, 13, 31, 64, 65, 100, 127, 257]


def _tree(n: int, seed: int) -> tuple[list[bytes], InmemoryTree]:
    rng = random.Random(seed)
    entries = [rng.randbytes(rng.randrange(0, 60)) for _ in range(n)]
    theirs = InmemoryTree(algorithm="sha256")
    for entry in entries:
        theirs.append_entry(entry)
    return [leaf_hash(entry) for entry in entries], theirs


@pytest.mark.parametrize("n", SIZES)
def test_roots_and_inclusion_paths_agree(n: int) -> None:
    ours, theirs = _tree(n, seed=n)
    for size in range(n + 1):
        assert theirs.get_root(size) == root(ours[:size])
    fetch = list_fetch(ours)
    for index in range(n):
        path = theirs.prove_inclusion(index + 1, n).path
        assert path[0] == ours[index]
        assert path[1:] == inclusion_proof(index, n, fetch)


@pytest.mark.parametrize("n", SIZES)
def test_consistency_proofs_agree_on_what_they_prove(n: int) -> None:
    ours, theirs = _tree(n, seed=1000 + n)
    fetch = list_fetch(ours)
    for first in range(1, n + 1):
        old, new = root(ours[:first]), root(ours)
        their_proof = theirs.prove_consistency(first, n)
        assert their_proof.retrieve_prior_state() == old
        assert their_proof.compute_root() == new
        pm_verify_consistency(old, new, ConsistencyProof.deserialize(their_proof.serialize()))
        assert verify_consistency(first, n, consistency_proof(first, n, fetch),
                                  theirs.get_root(first), theirs.get_root(n))
