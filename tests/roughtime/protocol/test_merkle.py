"""RFC 10049 §5.3: the tree over a batch, and the check of §5.3.1 that a client makes with PATH and INDX."""
import hashlib

import pytest

from timesvc.roughtime.protocol.merkle import EMPTY, Tree, digest, leaf, node, root_from_path


def test_hashes_are_sha512_cut_to_32_bytes_with_prefix_0_for_leaves_and_1_for_nodes():
    assert digest(b"x") == hashlib.sha512(b"x").digest()[:32]
    assert leaf(b"packet") == hashlib.sha512(b"\x00packet").digest()[:32]
    assert node(b"l" * 32, b"r" * 32) == hashlib.sha512(b"\x01" + b"l" * 32 + b"r" * 32).digest()[:32]


def test_a_tree_of_one_request_is_its_leaf_with_an_empty_path():
    tree = Tree([leaf(b"only")])
    assert (tree.root, tree.height, tree.path(0)) == (leaf(b"only"), 0, b"")


def test_two_leaves_hash_left_then_right():
    left, right = leaf(b"a"), leaf(b"b")
    tree = Tree([left, right])
    assert tree.root == node(left, right)
    assert (tree.path(0), tree.path(1)) == (right, left)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 33, 64])
def test_every_leaf_path_leads_to_the_root(count):
    leaves = [leaf(bytes([i])) for i in range(count)]
    tree = Tree(leaves)
    assert tree.height == (count - 1).bit_length()
    for index, value in enumerate(leaves):
        assert root_from_path(value, index, tree.path(index)) == tree.root


def test_a_batch_is_padded_to_a_power_of_two_with_a_value_no_request_hashes_to():
    a, b, c = leaf(b"a"), leaf(b"b"), leaf(b"c")
    assert Tree([a, b, c]).root == node(node(a, b), node(c, EMPTY))


def test_an_index_bit_of_1_puts_the_path_node_on_the_left():
    current, sibling = leaf(b"mine"), leaf(b"other")
    assert root_from_path(current, 0, sibling) == node(current, sibling)
    assert root_from_path(current, 1, sibling) == node(sibling, current)


def test_index_bits_left_over_when_the_path_ends_make_it_no_proof():
    tree = Tree([leaf(b"a"), leaf(b"b")])
    assert root_from_path(leaf(b"a"), 0b10, tree.path(0)) is None
    assert root_from_path(leaf(b"a"), 1 << 31, b"") is None


def test_a_path_of_partial_hashes_or_more_than_32_is_no_proof():
    assert root_from_path(leaf(b"a"), 0, b"x" * 31) is None
    assert root_from_path(leaf(b"a"), 0, b"x" * 32 * 33) is None


def test_a_wrong_leaf_or_sibling_leads_elsewhere():
    tree = Tree([leaf(b"a"), leaf(b"b"), leaf(b"c"), leaf(b"d")])
    assert root_from_path(leaf(b"z"), 0, tree.path(0)) != tree.root
    assert root_from_path(leaf(b"a"), 1, tree.path(0)) != tree.root
