"""What to print and how: one dataclass shared by the dialogs, the preview and `ramdesk export`."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ramdesk.model import Deliverable, Group, Person, Role

#: How the matrix is scaled to the paper.
FIT_MODES = ("width", "pages", "scale")
#: Paper orientations; "auto" is landscape when the matrix is wider than a portrait page.
ORIENTATIONS = ("auto", "portrait", "landscape")
#: Paper sizes offered by name (the dialogs also accept any size Qt knows).
PAPER_SIZES = ("A4", "A3", "A5", "Letter", "Legal", "Tabloid")
#: What the cards are made for.
CARD_SUBJECTS = ("people", "roles")


@dataclass
class PrintOptions:
    """Everything a printout depends on besides the matrix; plain data, kept per document."""

    #: "width": fit to the page width; "pages": fit to `pages_wide` pages; "scale": fixed scale.
    fit: str = "width"
    pages_wide: int = 1
    #: Scale of the matrix for fit "scale" (1.0 is the normal size).
    scale: float = 1.0
    #: Normal size of the matrix text in whole points (before any fit).
    font_size: float = 8
    #: Text is never printed smaller than this; the matrix is split across pages instead.
    min_font_size: float = 6.5
    paper: str = "A4"
    orientation: str = "auto"
    #: Margins in millimetres: left, top, right, bottom.
    margins: tuple[float, float, float, float] = (10.0, 10.0, 10.0, 10.0)
    #: Pale fills in the scheme's colours behind the code letters (letters are always printed).
    colour: bool = True
    #: Mark cells, rows and roles that have problems.
    mark_problems: bool = True
    #: Add pages listing every problem after the matrix.
    problems_summary: bool = False
    # -- subset: at most one of these narrows the rows --------------------------------------
    #: Only these deliverables (with the groups they sit in).
    deliverables: tuple[Deliverable, ...] | None = None
    #: Only what sits under this group.
    group: Group | None = None
    #: Only deliverables with at least one problem.
    problem_rows: bool = False
    #: One person's responsibilities (a Person, or a name): the deliverables they have a code on.
    person: Person | str | None = None
    #: One role's responsibilities (a Role, or a name): the deliverables it has a code on.
    role: Role | str | None = None
    # -- cards ----------------------------------------------------------------------------
    #: Print responsibility cards instead of the matrix: "people" or "roles".
    cards: str | None = None
    # -- title block ------------------------------------------------------------------------
    #: Title of the printout (default: the matrix name).
    title: str = ""
    #: Version or file name shown in the title block (default: the matrix's "version").
    version: str = ""
    #: Date shown in the title block (default: today).
    date: str = ""

    def __post_init__(self) -> None:
        if self.fit not in FIT_MODES:
            raise ValueError(f"fit is one of {FIT_MODES}, not {self.fit!r}")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"orientation is one of {ORIENTATIONS}, not {self.orientation!r}")
        if self.cards is not None and self.cards not in CARD_SUBJECTS:
            raise ValueError(f"cards are for one of {CARD_SUBJECTS}, not {self.cards!r}")
        if self.pages_wide < 1:
            raise ValueError("pages wide must be at least 1")
        if not 0.05 <= self.scale <= 4:
            raise ValueError("the scale must be between 5 % and 400 %")
        if not 3 <= self.font_size <= 30 or not 3 <= self.min_font_size <= 30:
            raise ValueError("font sizes must be between 3 and 30 points")
        if len(self.margins) != 4 or any(not 0 <= m <= 80 for m in self.margins):
            raise ValueError("margins are four lengths between 0 and 80 mm")
        self.margins = tuple(float(m) for m in self.margins)  # type: ignore[assignment]
        # Whole points: Qt rounds font pixel sizes, and the layout must measure what prints.
        self.font_size = round(self.font_size)

    @property
    def subset(self) -> bool:
        """Whether only part of the matrix is printed."""
        return (
            self.deliverables is not None
            or self.group is not None
            or self.problem_rows
            or self.person is not None
            or self.role is not None
        )

    def with_overrides(self, **overrides: Any) -> PrintOptions:
        """A copy with some fields changed; also takes the command line's words.

        `fit_width=True`, `pages_wide=N`, `scale=0.8` set the fit; `cards=True` means cards for
        people; `person`/`role` may be given by name (resolved later against the matrix).
        """
        changes: dict[str, Any] = {}
        names = {f.name for f in fields(self)}
        for key, value in overrides.items():
            if value is None:
                continue
            if key == "fit_width":
                if value:
                    changes["fit"] = "width"
            elif key == "pages_wide":
                changes["fit"] = "pages"
                changes["pages_wide"] = int(value)
            elif key == "scale" and "fit" not in overrides:
                changes["fit"] = "scale"
                changes["scale"] = float(value)
            elif key == "cards":
                if value is True:
                    changes["cards"] = "people"
                elif value:
                    changes["cards"] = str(value)
            elif key in names:
                changes[key] = value
            else:
                raise TypeError(f"unknown print option {key!r}")
        return replace(self, **changes)
