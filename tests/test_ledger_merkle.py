"""The Merkle core against RFC 9162 §2.1: hand-derived answers, the CT vectors, and properties."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyong.ledger import merkle
from xinyong.ledger.merkle import (
    Frontier,
    consistency_proof,
    consistency_ranges,
    inclusion_proof,
    inclusion_ranges,
    leaf_hash,
    list_fetch,
    root,
    verify_consistency,
    verify_inclusion,
)

VECTORS = json.loads((Path(__file__).parent / "data" / "ledger" / "rfc6962_vectors.json").read_text())


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return h(b"\x01" + left + right)


# Leaves d0..d7 and their hashes a..h, written out from the definitions: leaf = H(0x00 ‖ d).
D = [f"d{i}".encode() for i in range(8)]
a, b, c, d, e, f, g, hh = (h(b"\x00" + x) for x in D)

# MTH for 1..8 leaves, each shape spelled out by hand with k = the largest power of two < n.
HAND_ROOTS = {
    1: a,
    2: node(a, b),
    3: node(node(a, b), c),
    4: node(node(a, b), node(c, d)),
    5: node(node(node(a, b), node(c, d)), e),
    6: node(node(node(a, b), node(c, d)), node(e, f)),
    7: node(node(node(a, b), node(c, d)), node(node(e, f), g)),
    8: node(node(node(a, b), node(c, d)), node(node(e, f), node(g, hh))),
}


def test_the_empty_tree_is_the_hash_of_nothing() -> None:
    assert root([]) == hashlib.sha256(b"").digest()
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_leaves_and_nodes_carry_their_prefixes() -> None:
    assert leaf_hash(b"d0") == a
    assert merkle.node_hash(a, b) == h(b"\x01" + a + b)
    assert leaf_hash(b"") != hashlib.sha256(b"").digest(), "a leaf must not be mistaken for the empty tree"


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_of_one_to_eight_leaves_match_the_hand_derivation(n: int) -> None:
    hashes = [leaf_hash(x) for x in D[:n]]
    assert root(hashes) == HAND_ROOTS[n]
    edge = Frontier()
    for leaf in hashes:
        edge.append(leaf)
    assert edge.root() == HAND_ROOTS[n]


# RFC 9162 §2.1.5: the tree of 7 leaves, its interior nodes named as in the RFC's figure.
G, H_, I_, J = node(a, b), node(c, d), node(e, f), g
K, L = node(G, H_), node(I_, J)
SEVEN = [a, b, c, d, e, f, g]


@pytest.mark.parametrize(("index", "expected"),
                         [(0, [b, H_, L]), (3, [c, G, L]), (4, [f, J, K]), (6, [I_, K])])
def test_inclusion_paths_of_the_rfc_example(index: int, expected: list[bytes]) -> None:
    proof = inclusion_proof(index, 7, list_fetch(SEVEN))
    assert proof == expected
    assert verify_inclusion(SEVEN[index], index, 7, proof, node(K, L))


@pytest.mark.parametrize(("first", "expected"), [(3, [c, d, G, L]), (4, [L]), (6, [I_, J, K])])
def test_consistency_proofs_of_the_rfc_example(first: int, expected: list[bytes]) -> None:
    proof = consistency_proof(first, 7, list_fetch(SEVEN))
    assert proof == expected
    assert verify_consistency(first, 7, proof, root(SEVEN[:first]), node(K, L))


def test_the_rfc_example_paths_are_the_expected_leaf_ranges() -> None:
    assert inclusion_ranges(0, 7) == [(1, 2), (2, 4), (4, 7)]
    assert consistency_ranges(3, 7) == [(2, 3), (3, 4), (0, 2), (4, 7)]
    assert consistency_ranges(4, 7) == [(4, 7)]


# The Certificate Transparency vectors (tests/data/ledger/rfc6962_vectors.json).
CT_LEAVES = [leaf_hash(bytes.fromhex(x)) for x in VECTORS["leaf_inputs_hex"]]
CT_ROOTS = [bytes.fromhex(x) for x in VECTORS["root_hashes_hex"]]


def test_ct_roots_and_every_complete_subtree() -> None:
    assert [root(CT_LEAVES[:n]) for n in range(9)] == CT_ROOTS
    fetch = list_fetch(CT_LEAVES)
    for level, hashes in enumerate(VECTORS["node_hashes_hex_by_level"]):
        for i, expected in enumerate(hashes):
            assert fetch([(level, i)])[(level, i)].hex() == expected


def _corruptions(proof: list[bytes]) -> list[list[bytes]]:
    """The ways transparency-dev's tests damage a proof: added, dropped or flipped hashes."""
    other = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    variants = [[*proof, b""], [*proof, other], [b"", *proof], [other, *proof]]
    variants += [proof[:-1]] if proof else []
    for i in range(len(proof)):
        flipped = bytearray(proof[i])
        flipped[0] ^= 8
        variants.append([*proof[:i], bytes(flipped), *proof[i + 1:]])
    return variants


@pytest.mark.parametrize("case", VECTORS["inclusion_proofs"], ids=lambda c: f"{c['index']}-of-{c['size']}")
def test_ct_inclusion_proofs(case: dict) -> None:
    index, size = case["index"], case["size"]
    proof = [bytes.fromhex(x) for x in case["proof_hex"]]
    assert inclusion_proof(index, size, list_fetch(CT_LEAVES)) == proof
    leaf, top = CT_LEAVES[index], CT_ROOTS[size]
    assert verify_inclusion(leaf, index, size, proof, top)
    for wrong_index, wrong_size in [(index - 1, size), (index + 1, size), (index ^ 2, size),
                                    (index, size * 2), (index, size // 2)]:
        assert not verify_inclusion(leaf, wrong_index, wrong_size, proof, top)
    assert not verify_inclusion(leaf_hash(b"WrongLeaf"), index, size, proof, top)
    assert not verify_inclusion(leaf, index, size, proof, merkle.EMPTY_ROOT)
    for damaged in _corruptions(proof):
        assert not verify_inclusion(leaf, index, size, damaged, top)


@pytest.mark.parametrize("case", VECTORS["consistency_proofs"],
                         ids=lambda c: f"{c['first']}-to-{c['second']}")
def test_ct_consistency_proofs(case: dict) -> None:
    first, second = case["first"], case["second"]
    proof = [bytes.fromhex(x) for x in case["proof_hex"]]
    assert consistency_proof(first, second, list_fetch(CT_LEAVES)) == proof
    old, new = CT_ROOTS[first], CT_ROOTS[second]
    assert verify_consistency(first, second, proof, old, new)
    if not proof:
        return
    for wrong_first, wrong_second in [(first - 1, second), (first + 1, second), (first ^ 2, second),
                                      (first, second * 2), (first, second // 2)]:
        assert not verify_consistency(wrong_first, wrong_second, proof, old, new)
    assert not verify_consistency(first, second, proof, new, old)
    assert not verify_consistency(first, second, [], old, new)
    for damaged in [*_corruptions(proof), [proof[0], *proof]]:
        assert not verify_consistency(first, second, damaged, old, new)


def test_consistency_edge_cases() -> None:
    one = CT_ROOTS[1]
    assert verify_consistency(0, 0, [], merkle.EMPTY_ROOT, merkle.EMPTY_ROOT)
    assert verify_consistency(0, 5, [], merkle.EMPTY_ROOT, CT_ROOTS[5])
    assert not verify_consistency(0, 5, [], one, CT_ROOTS[5]), "a size-0 tree has only the empty root"
    assert verify_consistency(1, 1, [], one, one)
    assert not verify_consistency(1, 1, [], one, CT_ROOTS[2])
    assert not verify_consistency(1, 1, [one], one, one), "equal sizes take an empty proof"
    assert not verify_consistency(2, 1, [], one, one), "a log cannot shrink"


def test_proofs_refuse_leaves_and_sizes_outside_the_tree() -> None:
    fetch = list_fetch(CT_LEAVES)
    with pytest.raises(ValueError):
        inclusion_proof(8, 8, fetch)
    with pytest.raises(ValueError):
        consistency_proof(5, 3, fetch)
    assert not verify_inclusion(CT_LEAVES[0], 0, 0, [], merkle.EMPTY_ROOT)


def test_the_frontier_emits_every_complete_subtree_once() -> None:
    hashes = [leaf_hash(bytes([i])) for i in range(37)]
    fetch = list_fetch(hashes)
    edge, emitted = Frontier(), []
    for leaf in hashes:
        emitted += edge.append(leaf)
    expected = {(lv, i) for lv in range(1, 6) for i in range(37 >> lv)}
    assert {(lv, i) for lv, i, _ in emitted} == expected and len(emitted) == len(expected)
    assert all(fetch([(lv, i)])[(lv, i)] == digest for lv, i, digest in emitted)
    resumed = Frontier(20, [fetch([p])[p] for p in merkle.peaks(0, 20)])
    for leaf in hashes[20:]:
        resumed.append(leaf)
    assert resumed.root() == edge.root() == root(hashes)


TREES = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(0, n - 1), st.integers(1, n)))


def _flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[(bit // 8) % len(out)] ^= 1 << (bit % 8)
    return bytes(out)


@settings(max_examples=150, deadline=None)
@given(TREES, st.integers(min_value=0, max_value=255), st.data())
def test_every_inclusion_proof_verifies_and_no_flipped_bit_does(tree: tuple[int, int, int], bit: int,
                                                                 data: st.DataObject) -> None:
    n, index, _ = tree
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    top, proof = root(hashes), inclusion_proof(index, n, list_fetch(hashes))
    assert verify_inclusion(hashes[index], index, n, proof, top)
    assert not verify_inclusion(_flip(hashes[index], bit), index, n, proof, top)
    assert not verify_inclusion(hashes[index], index, n, proof, _flip(top, bit))
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1))
        damaged = [*proof[:which], _flip(proof[which], bit), *proof[which + 1:]]
        assert not verify_inclusion(hashes[index], index, n, damaged, top)
    if n > 1:
        assert not verify_inclusion(hashes[index], (index + 1) % n, n, proof, top)


@settings(max_examples=150, deadline=None)
@given(TREES, st.integers(min_value=0, max_value=255), st.data())
def test_every_consistency_proof_verifies_and_no_flipped_bit_does(tree: tuple[int, int, int], bit: int,
                                                                   data: st.DataObject) -> None:
    n, _, first = tree
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    old, new = root(hashes[:first]), root(hashes)
    proof = consistency_proof(first, n, list_fetch(hashes))
    assert verify_consistency(first, n, proof, old, new)
    assert not verify_consistency(first, n, proof, _flip(old, bit), new)
    assert not verify_consistency(first, n, proof, old, _flip(new, bit))
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1))
        damaged = [*proof[:which], _flip(proof[which], bit), *proof[which + 1:]]
        assert not verify_consistency(first, n, damaged, old, new)
