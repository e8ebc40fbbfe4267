"""Reading the codes people type in cells: "A/R", "R et A", "R (A)", "c /i ", "Sign-off", "С"."""

from __future__ import annotations

import re
import unicodedata

from ramdesk.model import BUILTIN_SCHEMES

#: Letters some built-in scheme uses: a run of them ("RA") is read as several codes.
SCHEME_LETTERS = frozenset(
    c.letter
    for s in (BUILTIN_SCHEMES.values() if isinstance(BUILTIN_SCHEMES, dict) else BUILTIN_SCHEMES)
    for c in s.codes
    if len(c.letter) == 1
)

_SCHEME_SETS = [
    frozenset(c.letter for c in s.codes)
    for s in (BUILTIN_SCHEMES.values() if isinstance(BUILTIN_SCHEMES, dict) else BUILTIN_SCHEMES)
]

#: Ways of writing "nobody" that give no code.
NONE_MARKS = frozenset({"n", "-", "–", "—", "n/a", "na", "none", "/", ".", "0"})

#: Marks of an "x" matrix: someone is involved, with no saying how.
TICK_MARKS = frozenset({"x", "✓", "✔", "✗", "•", "*"})

# Look-alike letters typed from other keyboards (Cyrillic, Greek) -> Latin.
_CONFUSABLES = str.maketrans(
    "АВСЕНІКМОРТХУаеорсхіΑΒΕΗΙΚΜΝΟΡΤΧΥ",
    "ABCEHIKMOPTXYaeopcxiABEHIKMNOPTXY",
)

_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# "A-R", "R – C": a dash between single letters separates codes (not "Sign-off").
_LETTER_DASH = re.compile(r"(?<![^\W\d_])([^\W\d_])\s*[-–—]\s*(?=[^\W\d_](?![^\W\d_]))")
# Separators between codes in one cell: punctuation and the word "and" in a few languages.
# "R - Responsible", "A/R: Accountable and Responsible", "C = Consulted": codes a dropdown list
# spells out with their meaning.
_SPELLED = re.compile(
    r"^([^\W\d_]{1,2}(?:\s*/\s*[^\W\d_]{1,2})?)\s*(?:[:=]|\s[-–—]|[-–—]\s)\s*([^\W\d_]{3,}.*)$"
)
_SEPARATORS = re.compile(r"[/,;+&|\\()\[\]]|\s(?:et|and|und|y|e|and/or)\s", re.IGNORECASE)


#: Invisible format characters pasted in from web pages (zero-width space, BOM, word joiner).
_INVISIBLE = dict.fromkeys(
    (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x202A, 0x202C), None
)


def clean_text(value: str) -> str:
    """A name as written: invisible characters dropped, outer whitespace trimmed, every run of
    whitespace one space."""
    if not value:
        return ""
    return _SPACES.sub(" ", value.translate(_INVISIBLE)).strip()


def _word_key(word: str) -> str:
    return re.sub(r"[\s_.-]+", "", unicodedata.normalize("NFKC", word).casefold())


def _builtin_words() -> dict[str, str]:
    words: dict[str, str] = {}
    schemes = BUILTIN_SCHEMES.values() if isinstance(BUILTIN_SCHEMES, dict) else BUILTIN_SCHEMES
    for scheme in schemes:
        for code in scheme.codes:
            for word in (code.name, *code.aliases):
                words.setdefault(_word_key(word), code.letter)
    extra = {
        "R": ("Responsibility", "Responsable", "Verantwortlich", "Réalisateur", "Realise"),
        "A": ("Accountability", "Approuve", "Approbateur", "Rechenschaftspflichtig"),
        "C": ("Consult", "Consultant", "Consultation", "Consulté", "Konsultiert"),
        "I": ("Inform", "Information", "Informé", "Informiert"),
        "S": ("Supporting", "Soutien"),
    }
    for letter, names in extra.items():
        for word in names:
            words.setdefault(_word_key(word), letter)
    return words


WORDS: dict[str, str] = _builtin_words()


class Vocabulary:
    """What counts as a code in one file: built-in letters and words, plus the file's legend."""

    def __init__(self, legend: dict[str, str] | None = None) -> None:
        self.legend = dict(legend or {})
        self.letters = SCHEME_LETTERS | set(self.legend)
        self.sets = [*_SCHEME_SETS, frozenset(self.legend)] if self.legend else _SCHEME_SETS
        self.words = dict(WORDS)
        for letter, meaning in self.legend.items():
            self.words[_word_key(meaning)] = letter
            first = meaning.split(" ")[0] if meaning else ""
            if first:
                self.words.setdefault(_word_key(first), letter)
        # A legend that defines "N" makes it a code, not "nobody".
        self.none_marks = NONE_MARKS - {k.casefold() for k in self.legend}
        # Codes are letters: unless a word for one holds a digit, text with a digit is no code
        # (a sheet's ten thousand task names "Task 1" ... are told apart at once).
        self.digit_words = any(_DIGIT.search(key) for key in self.words)
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def parse(self, text: str) -> tuple[str, ...] | None:
        """The codes of a cell: () for blank or "none", None when the text is not codes."""
        try:
            return self._cache[text]
        except KeyError:
            pass
        result = self._parse(text)
        if len(self._cache) < 20_000:
            self._cache[text] = result
        return result

    def _parse(self, text: str) -> tuple[str, ...] | None:
        # Full-width letters ("Ｒ", "Ａ／Ｒ") and invisible characters read as what they show.
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
        t = text.translate(_CONFUSABLES).strip()
        if not t:
            return ()
        folded = t.casefold()
        if folded in self.none_marks:
            return ()
        if len(t) > 40:
            return None
        if folded in TICK_MARKS:
            return ("X",)
        if not self.digit_words and _DIGIT.search(t):
            return None
        key = _word_key(t)
        if key in self.words and len(key) > 2:
            return (self.words[key],)
        spelled = _SPELLED.match(t)
        if spelled is not None:
            return self._spelled(spelled.group(1), spelled.group(2))
        out: list[str] = []
        t = _LETTER_DASH.sub(r"\1/", t)
        tokens = [token for part in _SEPARATORS.split(f" {t} ") for token in part.split()]
        for token in tokens:
            letters = self._token(token)
            if letters is None:
                return None
            if len(letters) > 1 and len(tokens) > 1:
                return None  # "QA Lead", "PR Support": a run of letters is codes only alone
            out.extend(letters)
        if not out:
            return None
        return tuple(dict.fromkeys(out))

    def _spelled(self, codes: str, meaning: str) -> tuple[str, ...] | None:
        """A code with its meaning, as a dropdown list offers it: "R - Responsible", "A: Approver".
        The meaning must name the code (else the cell is not codes)."""
        letters = self._parse(codes)
        if not letters:
            return None
        named = self.words.get(_word_key(meaning))
        if named is None:
            first = meaning.split()[0].strip("()[]")
            named = self.words.get(_word_key(first))
        if named == letters[0] or meaning_matches(letters[0], meaning):
            return letters
        return None

    def _token(self, token: str) -> list[str] | None:
        if len(token) > 1 and token[-1] in ".:" and token[:-1].isalpha():
            token = token[:-1]  # "R.", "A:" typed by hand: the letter
        if not token.isalpha():
            return None
        up = token.upper()
        if len(up) <= 2 and up in self.legend:
            return [up]
        if len(up) == 1:
            return [up]
        key = _word_key(token)
        if len(key) > 2 and key in self.words:
            return [self.words[key]]
        # "RA", "ARC": a short run of letters of one scheme written without separators.
        if len(up) <= 3 and len(set(up)) == len(up) and any(set(up) <= s for s in self.sets):
            return list(up)
        return None


#: A legend entry inside one cell: "R: Responsible", "A = Accountable", "C - Consulted".
LEGEND_ENTRY = re.compile(
    r"(?:^|(?<=\s))([A-Za-z]{1,2})\s*(?:[:=]|\s[-–—]\s|[-–—]\s)\s*(.+?)\s*"
    r"(?=(?:\s[A-Za-z]{1,2}\s*(?:[:=]|\s[-–—]\s))|$)"
)


#: "Legend:", "Key -": a title before a legend's entries in the same cell.
_LEGEND_TITLE = re.compile(
    r"^(?:legend|key|codes?|symbols?|légende|clé)\s*[:\-–—]\s*", re.IGNORECASE
)


def legend_entries(text: str) -> list[tuple[str, str]]:
    """Letter and meaning pairs written in one cell, in order ([] when it is not a legend)."""
    t = _LEGEND_TITLE.sub("", clean_text(text.translate(_CONFUSABLES)), count=1)
    if not t or len(t) > 200:
        return []
    found = LEGEND_ENTRY.findall(t)
    if not found:
        return []
    # The whole cell must be legend: no leftover sentence before the first entry.
    first = LEGEND_ENTRY.search(t)
    if first is None or first.start() > 0:
        return []
    return [(letter.upper(), meaning.strip(" .;,")) for letter, meaning in found if meaning]


def meaning_matches(letter: str, meaning: str) -> bool:
    """Whether a meaning plausibly names a letter ("R", "Responsible - who does it")."""
    words = meaning.split()
    if not words:
        return False
    first = words[0].strip("()[]:-–").translate(_CONFUSABLES)
    return bool(first) and first[0].upper() == letter[0].upper() and first[:1].isalpha()


def names_a_code(meaning: str) -> bool:
    """Whether a meaning begins with a word for a known code ("Responsible (does the work)"):
    a legend may give it to a letter of its own ("X | Responsible")."""
    words = meaning.split()
    return bool(words) and _word_key(words[0].strip("()[]:-–,.")) in WORDS
