"""Where roles collide across a whole matrix: pairs of roles that both approve, or both do, the
same deliverables, and the clusters of roles that keep stepping on each other.

A graph question: roles and deliverables form a bipartite graph (a role joined to each
deliverable it approves, or does); projecting it onto the roles joins two roles by the number of
deliverables they share. networkx answers it over the matrix's own graph (`Matrix.graph_view`),
imported here on first use, not by every process that holds a matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ramdesk.model import Matrix, Person, Role, split_codes


@dataclass(frozen=True)
class Collision:
    """Two roles over the same deliverables: how many both approve, how many both do."""

    a: Role
    b: Role
    approve: int
    do: int
    #: People who hold both roles (their collisions are one person's).
    shared: tuple[Person, ...] = ()

    @property
    def total(self) -> int:
        return self.approve + self.do

    def describe(self) -> str:
        parts = []
        if self.approve:
            parts.append(f"both approve {_n(self.approve)}")
        if self.do:
            parts.append(f"both do {_n(self.do)}")
        text = f"“{self.a.name}” and “{self.b.name}”: {' and '.join(parts)}"
        if self.shared:
            text += f" (held by {', '.join(p.name for p in self.shared)})"
        return text


@dataclass
class CollisionMap:
    """Every colliding pair of roles, worst first, and the clusters they form."""

    pairs: list[Collision] = field(default_factory=list)
    #: Groups of two or more roles joined by collisions, largest first, roles in matrix order.
    clusters: list[list[Role]] = field(default_factory=list)

    def of(self, role: Role) -> list[Collision]:
        """The collisions a role takes part in, worst first."""
        return [c for c in self.pairs if role is c.a or role is c.b]

    def partner(self, role: Role) -> Role | None:
        """The role this one collides with most (None when it collides with none)."""
        for c in self.of(role):
            return c.b if c.a is role else c.a
        return None


def collisions(matrix: Matrix) -> CollisionMap:
    """The roles of `matrix` that both approve, or both do, the same deliverables."""
    import networkx as nx

    scheme = matrix.scheme
    approve_letters = scheme.letters_of_kind("approve")
    do_letters = scheme.letters_of_kind("do")
    graph = matrix.graph_view()
    roles = [r for r in matrix.roles]
    approvals, doings = nx.Graph(), nx.Graph()
    kinds: dict[str, tuple[bool, bool]] = {}
    for role in roles:
        for deliverable, data in graph.succ[role].items():
            text = data.get("codes")
            if not text:
                continue
            kind = kinds.get(text)
            if kind is None:
                letters = set(split_codes(text))
                kind = kinds[text] = (
                    bool(letters & approve_letters),
                    bool(letters & do_letters),
                )
            if kind[0]:
                approvals.add_edge(role, deliverable)
            if kind[1]:
                doings.add_edge(role, deliverable)
    by_approval = _project(approvals, roles)
    by_doing = _project(doings, roles)
    joined = nx.compose(by_approval, by_doing)
    order = {role: i for i, role in enumerate(roles)}
    pairs: list[Collision] = []
    for u, v in joined.edges():
        a, b = (u, v) if order[u] < order[v] else (v, u)
        approve = by_approval.edges[a, b]["weight"] if by_approval.has_edge(a, b) else 0
        do = by_doing.edges[a, b]["weight"] if by_doing.has_edge(a, b) else 0
        holders_b = set(matrix.holders(b))
        shared = tuple(p for p in matrix.holders(a) if p in holders_b)
        pairs.append(Collision(a, b, approve, do, shared))
    pairs.sort(key=lambda c: (-c.approve, -c.do, order[c.a], order[c.b]))
    clusters = [
        sorted(component, key=order.__getitem__)
        for component in nx.connected_components(joined)
        if len(component) > 1
    ]
    clusters.sort(key=lambda c: (-len(c), order[c[0]]))
    return CollisionMap(pairs, clusters)


def _project(graph, roles: list[Role]):
    """Roles joined by the number of deliverables they share in the bipartite `graph`."""
    import networkx as nx
    from networkx.algorithms import bipartite

    present = [r for r in roles if r in graph]
    if not present:
        return nx.Graph()
    return bipartite.weighted_projected_graph(graph, present)


def _n(count: int) -> str:
    return f"{count} deliverable{'s' if count != 1 else ''}"
