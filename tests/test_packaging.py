"""The files a desktop needs: entry, metainfo, icon, spec; consistent with each other."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.ramdesk.Ramdesk"


def test_desktop_entry_opens_spreadsheets_with_ramdesk():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "ramdesk" and "%F" in section["Exec"]
    assert section["Icon"] == APP_ID
    mimes = section["MimeType"].rstrip(";").split(";")
    for mime in (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.ms-excel",
        "text/csv",
    ):
        assert mime in mimes
    assert section["Categories"].endswith(";")


def test_metainfo_names_the_app_its_screenshots_and_this_release():
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    shots = root.findall("screenshots/screenshot")
    assert shots and all(s.findtext("caption") for s in shots)
    for shot in shots:  # every screenshot named there is in the repository
        name = shot.findtext("image").rsplit("/", 1)[-1]
        assert (ROOT / "resources" / "screenshots" / name).is_file(), name
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert root.find("releases/release").get("version") == version


def test_icon_source_is_a_square_svg():
    svg = ET.parse(ROOT / "resources" / "ramdesk.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("width") == svg.get("height")


def test_spec_bundles_resources_and_the_metadata_version():
    spec = (PACKAGING / "ramdesk.spec").read_text()
    assert '"resources"' in spec and 'copy_metadata("ramdesk")' in spec
    assert (PACKAGING / "launcher.py").is_file()
    for script in ("build.sh", "smoke-test.sh"):
        assert (PACKAGING / script).stat().st_mode & 0o111, f"{script} is not executable"
