"""The Matrix's relationship graph: the part of networkx's DiGraph it writes, in DiGraph's layout.

A matrix only adds and removes nodes and edges and reads the adjacency dicts directly, which is
the whole of what this class does, with the same dicts (node -> attributes, successors,
predecessors) that networkx.DiGraph keeps. Graph questions get a real networkx graph over those
very dicts (`as_networkx`, no copy); networkx itself is imported then, not by every process that
holds a matrix (importing it costs more than starting the editor's window).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


class GraphError(KeyError):
    """A node or edge that is not in the graph was removed."""


class DiGraph:
    """Nodes and directed edges with attribute dicts, laid out as networkx.DiGraph lays them out."""

    __slots__ = ("_node", "_pred", "_succ")

    def __init__(self) -> None:
        self._node: dict[Any, dict] = {}
        self._succ: dict[Any, dict[Any, dict]] = {}
        self._pred: dict[Any, dict[Any, dict]] = {}

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._node
        except TypeError:  # unhashable: never a node (as in networkx)
            return False

    def __len__(self) -> int:
        return len(self._node)

    def add_node(self, node: Any) -> None:
        if node not in self._succ:
            self._succ[node] = {}
            self._pred[node] = {}
            self._node[node] = {}

    def add_edge(self, u: Any, v: Any, **attr: Any) -> None:
        """Add u -> v (and either node when missing); `attr` updates the edge's data dict."""
        self.add_node(u)
        self.add_node(v)
        data = self._succ[u].get(v)
        if data is None:
            data = {}
        data.update(attr)
        self._succ[u][v] = data
        self._pred[v][u] = data

    def remove_edge(self, u: Any, v: Any) -> None:
        try:
            del self._succ[u][v]
            del self._pred[v][u]
        except KeyError:
            raise GraphError(f"the edge {u!r} -> {v!r} is not in the graph") from None

    def remove_node(self, node: Any) -> None:
        """Remove a node and every edge to or from it."""
        try:
            successors = self._succ.pop(node)
        except (KeyError, TypeError):
            raise GraphError(f"{node!r} is not in the graph") from None
        for v in successors:
            del self._pred[v][node]
        for u in self._pred.pop(node):
            del self._succ[u][node]
        del self._node[node]

    def as_networkx(self) -> nx.DiGraph:
        """A read-only networkx view of this graph, over the same dicts (imports networkx)."""
        import networkx as nx

        graph = nx.DiGraph()
        graph._node = self._node
        graph._adj = self._succ
        graph._succ = self._succ
        graph._pred = self._pred
        return graph.copy(as_view=True)
