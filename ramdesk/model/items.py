"""The things a matrix is made of. Items compare by identity: two roles may share a name."""

from __future__ import annotations

import itertools

_ids = itertools.count(1)


class Item:
    """Something with a name and a description, identified by itself (not by its name)."""

    __slots__ = ("name", "description", "uid", "__weakref__")
    kind = "item"

    def __init__(self, name: str = "", description: str = "") -> None:
        self.name = name
        self.description = description
        self.uid = next(_ids)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class Group(Item):
    """A row that gathers deliverables and sub-groups: a phase, a platform, a work package."""

    __slots__ = ("parent", "children")
    kind = "group"

    def __init__(self, name: str = "", description: str = "") -> None:
        super().__init__(name, description)
        self.parent: Group | None = None
        self.children: list[Group | Deliverable] = []


class Deliverable(Item):
    """A row of the matrix: a task, an activity, a work product."""

    __slots__ = ("parent", "attributes")
    kind = "deliverable"

    def __init__(
        self, name: str = "", description: str = "", attributes: dict[str, str] | None = None
    ) -> None:
        super().__init__(name, description)
        self.parent: Group | None = None
        #: Other columns of the row in the file it came from (ID, status, due date ...).
        self.attributes: dict[str, str] = dict(attributes or {})


class RoleGroup(Item):
    """A band over several role columns ("Sponsor", "Project team")."""

    __slots__ = ()
    kind = "role_group"


class Role(Item):
    """A column of the matrix: a role, or a person named directly in the header."""

    __slots__ = ("group", "is_person")
    kind = "role"

    def __init__(
        self,
        name: str = "",
        description: str = "",
        group: RoleGroup | None = None,
        is_person: bool = False,
    ) -> None:
        super().__init__(name, description)
        self.group = group
        #: The header names a person, not a role.
        self.is_person = is_person


class Person(Item):
    """Someone who holds roles."""

    __slots__ = ("email",)
    kind = "person"

    def __init__(self, name: str = "", description: str = "", email: str = "") -> None:
        super().__init__(name, description)
        self.email = email


Row = Group | Deliverable
