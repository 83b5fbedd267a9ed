"""Every document of the large meeting and of each demo meeting file, draft and final, in both formats, into a folder,
with the text of each (pdftotext -layout for a PDF, word/document.xml without its tags for a DOCX) beside it.

To show a change to the renderers leaves the documents as they were, run it before and after and compare:

    python benchmarks/docs_snapshot.py /tmp/before          # on the code before
    python benchmarks/docs_snapshot.py /tmp/after pool      # after; `pool`: through the warm render workers
    diff -r -q /tmp/before /tmp/after

Fictional data only (benchmarks/large_meeting.py and mappa_desk/demo/cases).
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    from large_meeting import large_meeting
    from mappa_desk import paths
    from mappa_desk.documents import render_pool
    from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
    from mappa_desk.interchange import files as interchange
    from mappa_desk.services.documents import render_all

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    if sys.argv[2:] == ["pool"]:
        render_pool.start()
        if not render_pool.wait_until_warm(60):
            print("the render workers did not start")
            return 1
    profile = load_profile(DEFAULT_JURISDICTION)
    cases = [("large", *large_meeting())]
    for path in sorted((paths.app_root() / "mappa_desk" / "demo" / "cases").glob("*/*.json")):
        cases.append((f"{path.parent.name}-{path.stem}", *interchange.read(path)))
    for name, individual, meeting in cases:
        for version in (1, None):
            render_all(individual, meeting, profile, out / f"{name}-{version or 'final'}", version=version)
    for pdf in sorted(out.rglob("*.pdf")):
        subprocess.run(["pdftotext", "-layout", str(pdf), f"{pdf}.txt"], check=True)
    for docx in sorted(out.rglob("*.docx")):
        with zipfile.ZipFile(docx) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        Path(f"{docx}.txt").write_text(re.sub(r"<[^>]+>", " ", xml), encoding="utf-8")
    print(f"{len(cases)} meetings, {len(list(out.rglob('*.pdf')))} PDF and {len(list(out.rglob('*.docx')))} DOCX "
          f"files in {out}")
    render_pool.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
