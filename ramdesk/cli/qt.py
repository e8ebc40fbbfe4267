"""Starting Qt from the command line without a crash: missing libraries and displays said plainly.

Qt aborts the whole process (no exception to catch) when its platform plugin cannot start, so
the conditions it needs are checked first and reported as one line.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from typing import Any

from .errors import CommandError

#: Libraries Qt's X11 platform plugin loads beyond those PySide6 itself links to, with the
#: Debian package that provides each (Qt aborts if one is missing).
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}
#: Shared libraries PySide6 needs to import at all, with their Debian packages.
QT_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libxcb.so.1": "libxcb1",
}
_MISSING_LIBRARY = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")


def missing_library_hint(error: str) -> str:
    """From an ImportError's text: which system library is missing, and how to install it."""
    match = _MISSING_LIBRARY.search(error)
    if match is None:
        return " ".join(error.split())
    library = match.group(1)
    package = QT_LIBRARIES.get(library) or XCB_LIBRARIES.get(library)
    install = f" (on Debian or Ubuntu: sudo apt-get install {package})" if package else ""
    return f"the system library {library} is missing{install}"


def import_qt_gui() -> Any:
    """PySide6.QtGui, or a CommandError saying why Qt cannot load."""
    try:
        from PySide6 import QtGui
    except ImportError as exc:
        raise CommandError(f"Qt cannot be loaded: {missing_library_hint(str(exc))}") from exc
    return QtGui


def platform() -> str:
    """The Qt platform plugin that will be used ("xcb", "wayland", "offscreen", "windows" ...)."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen:
        return chosen
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return "wayland"
    return "xcb"


def display_problem() -> str | None:
    """Why a window cannot open here, or None when it can be tried."""
    name = platform()
    if name == "xcb":
        if not os.environ.get("DISPLAY"):
            return (
                "no display to open a window on (DISPLAY is not set): start ramdesk in a "
                "desktop session, or use its commands (ramdesk --help)"
            )
        missing = [lib for lib in XCB_LIBRARIES if not _loadable(lib)]
        if not missing:
            # Anything this Qt build needs beyond the list above: load its X11 plugin's library
            # the way Qt will, and name what the loader could not find.
            problem = _xcb_plugin_problem()
            if problem is not None:
                return problem
        if missing:
            packages = " ".join(dict.fromkeys(XCB_LIBRARIES[lib] for lib in missing))
            return (
                f"the system librar{'y' if len(missing) == 1 else 'ies'} "
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing "
                f"(on Debian or Ubuntu: sudo apt-get install {packages})"
            )
    if name == "wayland" and not os.environ.get("WAYLAND_DISPLAY"):
        return "no Wayland display to open a window on (WAYLAND_DISPLAY is not set)"
    return None


def _xcb_plugin_problem() -> str | None:
    try:
        import PySide6
    except ImportError as exc:
        return f"Qt cannot be loaded: {missing_library_hint(str(exc))}"
    library = os.path.join(os.path.dirname(PySide6.__file__), "Qt", "lib", "libQt6XcbQpa.so.6")
    if not os.path.exists(library):
        return None
    try:
        ctypes.CDLL(library)
    except OSError as exc:
        return missing_library_hint(str(exc))
    return None


def _loadable(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def ensure_gui_application(doing: str) -> Any:
    """A QGuiApplication for painting (fonts need one); headless unless a display is set up."""
    if platform() == "xcb" and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux"):
        # Painting a PDF needs no window: offscreen avoids any display or window manager.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        QtGui = import_qt_gui()
    except CommandError as exc:
        raise CommandError(f"{doing}: {exc}") from exc
    app = QtGui.QGuiApplication.instance()
    if app is None:
        app = QtGui.QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "ramdesk"])
    return app
