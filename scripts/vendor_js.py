"""Copy the explorer's JavaScript libraries from web/node_modules into the package.

`make install` runs `npm ci` in web/ (versions pinned in web/package-lock.json) and then this
script, which copies the built files the pages load, with each library's licence, into
src/dateline/web/static/vendor/ (not in git: built at install time). Nothing is fetched at
run time: `dateline serve` serves these files itself.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "web" / "node_modules"
VENDOR = ROOT / "src" / "dateline" / "web" / "static" / "vendor"

# library -> (files to copy, from the package folder, to vendor/<library>/; its licence file)
LIBRARIES = {
    "chart.js": (["dist/chart.umd.min.js"], "LICENSE.md"),
    "cytoscape": (["dist/cytoscape.min.js"], "LICENSE"),
    "leaflet": (["dist/leaflet.js", "dist/leaflet.css"], "LICENSE"),
    "topojson-client": (["dist/topojson-client.min.js"], "LICENSE"),
    "world-atlas": (["countries-110m.json"], "LICENSE"),
}


def main() -> int:
    missing = [name for name in LIBRARIES if not (MODULES / name / "package.json").exists()]
    if missing:
        print(f"vendor_js: {', '.join(missing)} not in {MODULES} (run `npm ci` in web/ first)", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    manifest = {}
    for name, (files, licence) in LIBRARIES.items():
        package = MODULES / name
        target = VENDOR / name
        target.mkdir(parents=True)
        for file in [*files, licence]:
            shutil.copy2(package / file, target / Path(file).name)
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
        manifest[name] = {"version": meta["version"], "license": meta.get("license"),
                          "files": [Path(f).name for f in files], "license_file": Path(licence).name}
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"vendor_js: {len(manifest)} libraries -> {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
