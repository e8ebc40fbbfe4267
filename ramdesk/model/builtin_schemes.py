"""The schemes ramdesk knows out of the box (see RAM-GUIDE "Schemes")."""

from __future__ import annotations

from .scheme import Code, Limit, Scheme

# Okabe-Ito: a palette that stays distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, SKY, PURPLE, YELLOW, VERMILLION, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#999999",
)

_R = Code("R", "Responsible", "do", "Does the work.", ORANGE, 4, aliases=("Resp", "Doer"))
_A = Code(
    "A",
    "Accountable",
    "approve",
    "Answers for the deliverable and approves it; exactly one per deliverable.",
    BLUE,
    3,
    aliases=("Approver", "Approve", "Owner", "Acc"),
)
_C = Code("C", "Consulted", "consult", "Asked for input before (two-way).", GREEN, 2)
_I = Code("I", "Informed", "inform", "Kept up to date (one-way).", SKY, 1, aliases=("Info",))
_S = Code(
    "S",
    "Support",
    "support",
    "Helps the Responsible do the work.",
    PURPLE,
    2,
    aliases=("Supports", "Supportive"),
)

_ONE_A = Limit("A", 1, 1, below="error", above="error")
_ONE_R = Limit("R", 1, 3, below="warning", above="warning")
_FEW_C = Limit("C", None, 3, above="info")
_FEW_I = Limit("I", None, 5, above="info")
_AR = frozenset({"A", "R"})


def _scheme(key, name, description, codes, **kw) -> Scheme:
    return Scheme(
        key=key, name=name, description=description, codes=tuple(codes), builtin=True, **kw
    )


BUILTIN_SCHEMES: tuple[Scheme, ...] = (
    _scheme(
        "raci",
        "RACI",
        "Responsible, Accountable, Consulted, Informed.",
        (_R, _A, _C, _I),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR,),
    ),
    _scheme(
        "rasci",
        "RASCI",
        "RACI with Support: those who help the Responsible.",
        (_R, _A, _S, _C, _I),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR,),
    ),
    _scheme(
        "raci-vs",
        "RACI-VS",
        "RACI with a Verifier who checks acceptance and a Signatory who approves the verification.",
        (
            _R,
            _A,
            _C,
            _I,
            Code(
                "V",
                "Verifier",
                "review",
                "Checks the deliverable meets its acceptance criteria.",
                YELLOW,
                2,
                aliases=("Verify", "Verifies"),
            ),
            Code(
                "S",
                "Signatory",
                "review",
                "Approves the verification; usually the Accountable.",
                PURPLE,
                2,
                aliases=("Sign-off", "Signs off", "Sign off", "Signoff"),
            ),
        ),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR, frozenset({"A", "S"})),
        separation=(("R", "V"), ("R", "S")),
        together=(("S", "A"),),
    ),
    _scheme(
        "raciq",
        "RACIQ",
        "RACI with Quality review.",
        (
            _R,
            _A,
            _C,
            _I,
            Code(
                "Q",
                "Quality review",
                "review",
                "Reviews the quality of the work.",
                YELLOW,
                2,
                aliases=("Quality", "QA"),
            ),
        ),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR,),
        separation=(("R", "Q"),),
    ),
    _scheme(
        "cairo",
        "CAIRO",
        "RACI with Out of the loop: deliberately not involved.",
        (
            _C,
            _A,
            _I,
            _R,
            Code(
                "O",
                "Out of the loop",
                "out",
                "Deliberately not involved.",
                GREY,
                0,
                aliases=("Out",),
            ),
        ),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR,),
    ),
    _scheme(
        "paris",
        "PARIS",
        "Participant, Accountable, Review required, Input required, Sign-off required (PMBOK 2000).",
        (
            Code(
                "P",
                "Participant",
                "do",
                "Takes part in doing the work.",
                ORANGE,
                4,
                aliases=("Participate", "Participates"),
            ),
            _A,
            Code(
                "R",
                "Review required",
                "review",
                "Must review the deliverable.",
                YELLOW,
                2,
                aliases=("Review", "Reviewer"),
            ),
            Code(
                "I", "Input required", "consult", "Must give input.", GREEN, 2, aliases=("Input",)
            ),
            Code(
                "S",
                "Sign-off required",
                "review",
                "Must sign the deliverable off.",
                PURPLE,
                2,
                aliases=("Sign-off", "Sign off", "Signoff", "Signs off"),
            ),
        ),
        row_limits=(_ONE_A, Limit("P", 1, None, below="warning")),
        combinable=(frozenset({"A", "P"}), frozenset({"A", "S"})),
        separation=(("P", "R"), ("P", "S")),
    ),
    _scheme(
        "pacsi",
        "PACSI",
        "Perform, Accountable, Control (a binding veto), Suggest, Informed.",
        (
            Code("P", "Perform", "do", "Does the work.", ORANGE, 4, aliases=("Performs",)),
            _A,
            Code(
                "C",
                "Control",
                "review",
                "Reviews the result; may veto it.",
                VERMILLION,
                2,
                veto=True,
                aliases=("Controls",),
            ),
            Code("S", "Suggest", "consult", "Offers advice.", GREEN, 2, aliases=("Suggests",)),
            _I,
        ),
        row_limits=(_ONE_A, Limit("P", 1, None, below="warning")),
        combinable=(frozenset({"A", "P"}),),
        separation=(("P", "C"),),
    ),
    _scheme(
        "daci",
        "DACI",
        "Driver, Approver, Contributor, Informed (decision making).",
        (
            Code(
                "D",
                "Driver",
                "do",
                "Drives the decision to a conclusion.",
                ORANGE,
                4,
                aliases=("Drives",),
            ),
            Code(
                "A",
                "Approver",
                "approve",
                "Makes the decision; exactly one.",
                BLUE,
                3,
                aliases=("Approve", "Accountable"),
            ),
            Code(
                "C",
                "Contributor",
                "consult",
                "Gives expertise and input.",
                GREEN,
                2,
                aliases=("Contributes", "Consulted"),
            ),
            _I,
        ),
        row_limits=(Limit("D", 1, 1, below="error", above="error"), _ONE_A),
    ),
    _scheme(
        "rapid",
        "RAPID",
        "Recommend, Agree, Perform, Input, Decide (Bain).",
        (
            Code(
                "R",
                "Recommend",
                "consult",
                "Makes the proposal.",
                ORANGE,
                3,
                aliases=("Recommends",),
            ),
            Code(
                "A",
                "Agree",
                "review",
                "Must agree; a veto. Give it sparingly.",
                VERMILLION,
                2,
                veto=True,
                aliases=("Agrees",),
            ),
            Code(
                "P", "Perform", "do", "Carries the decision out.", YELLOW, 4, aliases=("Performs",)
            ),
            Code("I", "Input", "consult", "Is consulted on the proposal.", GREEN, 1),
            Code(
                "D",
                "Decide",
                "approve",
                "Makes the final decision; exactly one.",
                BLUE,
                3,
                aliases=("Decides", "Decision"),
            ),
        ),
        row_limits=(
            Limit("D", 1, 1, below="error", above="error"),
            Limit("A", None, 2, above="info"),
        ),
    ),
    _scheme(
        "drasci",
        "DRASCI",
        "Driver, Responsible, Accountable, Support, Consulted, Informed.",
        (
            Code(
                "D",
                "Driver",
                "do",
                "Drives the work and keeps it moving.",
                VERMILLION,
                4,
                aliases=("Drives",),
            ),
            _R,
            _A,
            _S,
            _C,
            _I,
        ),
        row_limits=(_ONE_A, _ONE_R, _FEW_C, _FEW_I),
        combinable=(_AR, frozenset({"D", "R"}), frozenset({"D", "A"})),
    ),
    _scheme(
        "primary-support",
        "Primary/Support",
        "Primary (leads the work) and Support (helps).",
        (
            Code("P", "Primary", "do", "Leads the work.", ORANGE, 4, aliases=("Prime", "Lead")),
            Code("S", "Support", "support", "Helps.", PURPLE, 2, aliases=("Supports",)),
        ),
        row_limits=(Limit("P", 1, None, below="warning"),),
    ),
)

_BY_KEY = {s.key: s for s in BUILTIN_SCHEMES}


def builtin_scheme(key: str) -> Scheme:
    """A built-in scheme by key ("raci") or name ("RACI-VS"), case-insensitive."""
    wanted = key.strip().lower()
    if wanted in _BY_KEY:
        return _BY_KEY[wanted]
    for scheme in BUILTIN_SCHEMES:
        if scheme.name.lower() == wanted or scheme.name.lower().replace("/", "-") == wanted:
            return scheme
    raise KeyError(f"no built-in scheme called {key!r}")


RACI = _BY_KEY["raci"]
