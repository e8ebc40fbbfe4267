#!/usr/bin/env bash
# Build the one-folder ramdesk app with PyInstaller, then smoke-test it.
#   packaging/build.sh            build into dist/ramdesk and test it
#   packaging/build.sh --no-test  build only
# Needs: python3 with venv; for the smoke test, xvfb-run (apt-get install xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv-build"

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet . "pyinstaller>=6.5"
version=$("$venv/bin/python" -c "from importlib.metadata import version; print(version('ramdesk'))")

"$venv/bin/python" packaging/make_icons.py packaging/build-icons
RAMDESK_VERSION="$version" "$venv/bin/pyinstaller" --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller packaging/ramdesk.spec

# Linux desktop integration files beside the app, ready for a package or a manual install.
share="dist/ramdesk/share"
mkdir -p "$share/applications" "$share/metainfo" "$share/icons"
cp packaging/io.github.ramdesk.Ramdesk.desktop "$share/applications/"
cp packaging/io.github.ramdesk.Ramdesk.metainfo.xml "$share/metainfo/"
cp -r packaging/build-icons/hicolor "$share/icons/"

echo "built dist/ramdesk ($(du -sh dist/ramdesk | cut -f1)), version $version"
[ "${1:-}" = "--no-test" ] && exit 0
exec packaging/smoke-test.sh dist/ramdesk/ramdesk
