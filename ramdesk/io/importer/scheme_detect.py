"""Which scheme a file uses: from the letters in its cells and what its legend says they mean."""

from __future__ import annotations

from collections import Counter

from ramdesk.model import BUILTIN_SCHEMES, RACI, Code, Scheme

from .tokens import WORDS, _word_key

_SCHEMES: list[Scheme] = list(
    BUILTIN_SCHEMES.values() if isinstance(BUILTIN_SCHEMES, dict) else BUILTIN_SCHEMES
)

# Words in a meaning that tell what a custom code is for the checks.
_KIND_WORDS = (
    ("approve", ("account", "approv", "sign", "owner", "decid", "agree", "answer", "valid")),
    ("do", ("respons", "perform", "do", "primary", "lead", "driv", "execut", "réalis", "particip")),
    ("support", ("support", "help", "assist", "soutien")),
    ("review", ("review", "verif", "quality", "control", "check", "audit")),
    ("inform", ("inform", "notif", "updat")),
    ("out", ("out", "exclu", "not involved")),
    ("consult", ("consult", "input", "contribut", "suggest", "advi", "expert")),
)
_COLOURS = ("#F28E2B", "#E15759", "#59A14F", "#4E79A7", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F")


def _means(code: Code, meaning: str) -> bool:
    """Whether a legend's meaning names this code (first word against name and aliases)."""
    words = [w for w in meaning.replace("-", " ").replace("(", " ").split() if w]
    if not words:
        return False
    first = _word_key(words[0])
    for name in (code.name, *code.aliases):
        key = _word_key(name.split()[0])
        n = min(len(key), len(first), 5)
        if n >= 3 and key[:n] == first[:n]:
            return True
    letter = WORDS.get(first)
    return letter == code.letter and _word_key(code.name).startswith(first[:3])


def choose_scheme(used: Counter[str], legend: dict[str, str]) -> Scheme:
    """The built-in scheme that fits the letters used and the legend best, else a custom one."""
    used = Counter({k: v for k, v in used.items() if k != "X"}) or used
    total = sum(used.values()) or 1
    best: tuple | None = None
    best_scheme = RACI
    for order, scheme in enumerate(_SCHEMES):
        letters = set(scheme.letters)
        covered = sum(n for letter, n in used.items() if letter in letters) / total
        legend_in = sum(1 for letter in legend if letter in letters)
        agree = sum(
            1
            for letter, meaning in legend.items()
            if (code := scheme.code(letter)) is not None and _means(code, meaning)
        )
        disagree = len(legend) - agree
        key = (covered >= 0.999, agree - disagree, legend_in, covered, -len(letters), -order)
        if best is None or key > best:
            best, best_scheme = key, scheme
    assert best is not None
    fits_letters, _score, _legend_in, covered, _n, _o = best
    if legend:
        defined = set(legend)
        letters = set(best_scheme.letters)
        agree = all(
            (code := best_scheme.code(letter)) is not None and _means(code, meaning)
            for letter, meaning in legend.items()
        )
        if agree and defined <= letters:
            return best_scheme
        return custom_scheme(legend, used, best_scheme)
    if fits_letters or covered >= 0.95:
        return best_scheme
    return custom_scheme({}, used, best_scheme)


def kind_of_meaning(meaning: str) -> str:
    m = meaning.casefold()
    for kind, stems in _KIND_WORDS:
        if any(m.startswith(s) or f" {s}" in m for s in stems):
            return kind
    return "consult"


def custom_scheme(legend: dict[str, str], used: Counter[str], base: Scheme) -> Scheme:
    """A scheme of the file's own: the legend's letters (and any other letter used)."""
    codes: list[Code] = []
    for i, (letter, meaning) in enumerate(legend.items()):
        if not 1 <= len(letter) <= 2:
            continue
        name = meaning.split(" - ")[0].split(" (")[0].strip() or letter
        builtin = base.code(letter)
        if builtin is not None and _means(builtin, meaning):
            codes.append(builtin)
            continue
        kind = kind_of_meaning(meaning)
        codes.append(
            Code(
                letter,
                name[:60],
                kind,
                meaning if meaning != name else "",
                _COLOURS[i % len(_COLOURS)],
                4 if kind == "do" else 3 if kind == "approve" else 1,
                veto=False,
            )
        )
    have = {c.letter for c in codes}
    for letter, _n in used.most_common():
        if letter in have or not 1 <= len(letter) <= 2 or "/" in letter:
            continue
        code = base.code(letter)
        if code is None:
            name = "Involved" if letter == "X" else letter
            code = Code(letter, name, "do" if letter == "X" else "consult")
        codes.append(code)
        have.add(letter)
    letters = {c.letter for c in codes}
    row_limits = tuple(
        lim for lim in base.row_limits if lim.code in letters and base.code(lim.code) in codes
    )
    name = "/".join(c.letter for c in codes)
    return Scheme(
        key="custom",
        name=f"Custom ({name})"[:60],
        codes=tuple(codes),
        description="Read from the file's legend." if legend else "Letters found in the file.",
        row_limits=row_limits,
        combinable=tuple(p for p in base.combinable if p <= letters),
        separation=tuple(p for p in base.separation if set(p) <= letters),
        together=tuple(p for p in base.together if set(p) <= letters),
    )
