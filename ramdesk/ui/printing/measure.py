"""Text measurement in points, the same on every device (no hinting, no screen DPI)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice

#: Families tried in order; the first one installed prints.
FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans"]
# Metrics are read at this pixel size and scaled: large enough that rounding does not show.
_REFERENCE = 100


def _plain(font: QFont) -> None:
    """No hinting, no ligatures: the same widths everywhere, and "ff" stays two letters in the
    PDF's text (searchable, copyable)."""
    font.setFamilies(FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)


def make_font(size_pt: float, bold: bool = False, device: QPaintDevice | None = None) -> QFont:
    """A print font of `size_pt` points for a painter scaled to points on `device`.

    The painter is scaled by dpi/72 so that one unit is one point; Qt also scales fonts by the
    device's DPI, so the font's own size is divided by the same factor to print at size_pt.
    """
    font = QFont()
    _plain(font)
    dpi = device.logicalDpiY() if device is not None else 72
    font.setPointSizeF(max(size_pt * 72.0 / dpi, 0.01))
    font.setBold(bold)
    return font


class Metrics:
    """Widths of text in points at any size, cached; word wrapping."""

    def __init__(self) -> None:
        self._fonts: dict[bool, QFontMetricsF] = {}
        self._cache: dict[tuple[str, bool], float] = {}
        for bold in (False, True):
            font = QFont()
            _plain(font)
            font.setPixelSize(_REFERENCE)
            font.setBold(bold)
            self._fonts[bold] = QFontMetricsF(font)
        self.space = self.width(" ", 1.0)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of one line of text in points."""
        key = (text, bold)
        w = self._cache.get(key)
        if w is None:
            w = self._fonts[bold].horizontalAdvance(text) / _REFERENCE
            if len(self._cache) < 200_000:
                self._cache[key] = w
        return w * size

    def ascent(self, size: float) -> float:
        return self._fonts[False].ascent() / _REFERENCE * size

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Lines of at most `width` points, broken between words (inside a word only if it must)."""
        text = " ".join(text.split())
        if not text:
            return [""]
        if self.width(text, size, bold) <= width:
            return [text]
        space = self.space * size
        lines: list[str] = []
        line = ""
        used = 0.0
        for word in text.split(" "):
            w = self.width(word, size, bold)
            if line and used + space + w <= width:
                line += " " + word
                used += space + w
                continue
            if line:
                lines.append(line)
            while w > width and len(word) > 1:
                head = self._fit_chars(word, width, size, bold)
                lines.append(head)
                word = word[len(head) :]
                w = self.width(word, size, bold)
            line, used = word, w
        if line:
            lines.append(line)
        return lines

    def _fit_chars(self, word: str, width: float, size: float, bold: bool) -> str:
        lo, hi = 1, len(word)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(word[:mid], size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return word[:lo]

    def elide(self, text: str, width: float, size: float, bold: bool = False) -> str:
        """The text shortened with "…" to fit `width` points."""
        if self.width(text, size, bold) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…" if lo else ""
