"""`make bench-docs`: every document of a large meeting in both formats, against LibreOffice converting the Minute.

Prints the times (median of 5 runs) and their ratio. Targets: <= 1 s for all
documents, and at least 5x faster than LibreOffice's DOCX -> PDF conversion.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_meeting import large_meeting  # noqa: E402
from mappa_desk.domain.profile import load_profile  # noqa: E402
from mappa_desk.services.documents import render_all  # noqa: E402

RUNS = 5


def main() -> int:
    individual, meeting = large_meeting()
    profile = load_profile()
    with tempfile.TemporaryDirectory(prefix="mappa-bench-docs-") as tmp:
        render_all(individual, meeting, profile, Path(tmp) / "warm", version=1)  # fonts and imports, once
        times = []
        for run in range(RUNS):
            start = time.perf_counter()
            generated = render_all(individual, meeting, profile, Path(tmp) / f"run{run}", version=1)
            times.append(time.perf_counter() - start)
        ours = statistics.median(times)
        minute_docx = next(g.path for g in generated if g.kind == "minute" and g.format == "docx")
        pages = _pdf_pages(next(g.path for g in generated if g.kind == "minute" and g.format == "pdf"))
        print(f"all {len(generated)} files (5 documents x DOCX and PDF), large meeting: median {ours * 1000:.0f} ms "
              f"over {RUNS} runs (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); Minute PDF {pages} pages")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("LibreOffice is not installed: no comparison (apt-get install libreoffice-writer-nogui)")
            return 1
        lo_times = []
        for run in range(3):
            out = Path(tmp) / f"lo{run}"
            start = time.perf_counter()
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--convert-to",
                            "pdf", "--outdir", str(out), str(minute_docx)], check=True, capture_output=True, timeout=300)
            lo_times.append(time.perf_counter() - start)
        theirs = statistics.median(lo_times[1:])  # the first run also creates LibreOffice's profile
    print(f"LibreOffice converting the Minute DOCX to PDF: median {theirs * 1000:.0f} ms (runs 2-3; first run "
          f"{lo_times[0] * 1000:.0f} ms)")
    ratio = theirs / ours
    print(f"ratio: ours is {ratio:.1f}x faster than the LibreOffice conversion alone")
    met = [ours <= 1.0, ratio >= 5.0]
    print(f"targets: {sum(met)} met, {len(met) - sum(met)} missed")
    return 0


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(path)).pages)


if __name__ == "__main__":
    raise SystemExit(main())
