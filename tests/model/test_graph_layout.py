"""The matrix's own DiGraph: networkx's layout without importing networkx, same answers."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from ramdesk.examples import example_matrix
from ramdesk.model import SetCells
from ramdesk.model.graph import DiGraph, GraphError


def _edges(g) -> set:
    return {(u, v) for u, nbrs in g._succ.items() for v in nbrs}


def test_same_nodes_edges_and_data_as_networkx_after_the_same_writes():
    ours, theirs = DiGraph(), nx.DiGraph()
    writes = [
        ("add_node", ("a",)),
        ("add_edge", ("a", "b")),
        ("add_edge", ("b", "c")),
        ("add_edge", ("c", "a")),
        ("add_edge", ("d", "b")),
        ("remove_edge", ("a", "b")),
        ("add_edge", ("a", "b")),
        ("remove_node", ("b",)),
        ("add_node", ("a",)),
    ]
    for name, args in writes:
        getattr(ours, name)(*args)
        getattr(theirs, name)(*args)
        assert list(ours._node) == list(theirs._node)
        assert _edges(ours) == set(theirs.edges)
        assert {n: set(p) for n, p in ours._pred.items()} == {
            n: set(p) for n, p in theirs._pred.items()
        }
    assert "a" in ours and "b" not in ours and ["x"] not in ours
    assert len(ours) == theirs.number_of_nodes() == 3


def test_an_edge_shares_one_data_dict_both_ways():
    g = DiGraph()
    g.add_edge("r", "d", rel="codes")
    assert g._succ["r"]["d"] is g._pred["d"]["r"]
    g.add_edge("r", "d", codes="A")
    assert g._succ["r"]["d"] == {"rel": "codes", "codes": "A"}


def test_removing_what_is_not_there_says_so():
    g = DiGraph()
    g.add_edge(1, 2)
    with pytest.raises(GraphError):
        g.remove_edge(2, 1)
    with pytest.raises(GraphError):
        g.remove_node(3)
    with pytest.raises(GraphError):
        g.remove_node([])


def test_graph_view_is_a_live_read_only_networkx_graph_of_the_matrix():
    matrix = example_matrix()
    view = matrix.graph_view()
    assert isinstance(view, nx.DiGraph)
    role = matrix.roles[0]
    deliverable = next(d for d in matrix.deliverables if matrix.code(d, role))
    assert view.has_edge(role, deliverable)
    assert view[role][deliverable]["codes"] == matrix.code(deliverable, role)
    for person in matrix.people:
        assert set(view.successors(person)) == set(matrix.roles_of(person))
    assert view.number_of_nodes() == len(matrix.roles) + len(matrix.people) + len(matrix.rows)
    with pytest.raises(nx.NetworkXError):
        view.add_node("x")  # frozen
    empty = next(d for d in matrix.deliverables if not matrix.code(d, role))
    matrix.apply(SetCells.one(empty, role, "I"))
    assert view.has_edge(role, empty)  # a view, not a copy


def test_holding_a_matrix_does_not_import_networkx():
    code = (
        "import sys\n"
        "from ramdesk.examples import example_matrix\n"
        "m = example_matrix()\n"
        "m.problems()\n"
        "print('networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
