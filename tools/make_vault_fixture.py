"""Write tests/fixtures/vault-schema-NNNN: a vault of today's schema holding the fictional demo records.

Run once, by the release that introduces schema NNNN (python tools/make_vault_fixture.py), and commit the
folder. Never run it for an older schema's folder: a saved vault stands for files already on laptops.

The vault is made as the earlier ones were: a cheap key derivation (fixture data only, so the upgrade test is
fast), the passphrase "fixture passphrase for schema NNNN", the demo records, and the third meeting taken
through its life to a sealed final (schema 0008).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mappa_desk.services import documents, lifecycle, records, session as sessions  # noqa: E402
from mappa_desk.storage import migrations  # noqa: E402
from mappa_desk.vault.keyfile import KdfParams  # noqa: E402

FINAL_MEETING = 3
CHAIR, COORDINATOR = "DCI Morag Lennox", "Sam Reid"


def main() -> int:
    number = migrations.latest_version()
    target = ROOT / "tests" / "fixtures" / f"vault-schema-{number:04d}"
    if target.exists():
        print(f"{target} exists already: a saved vault is never made again.")
        return 1
    _recovery, session = sessions.create(target, f"fixture passphrase for schema {number:04d}",
                                         kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1))
    try:
        records.load_demo(session)
        with tempfile.TemporaryDirectory() as work:
            out = Path(work)
            documents.generate_for_meeting(session, FINAL_MEETING, out / "draft")
            lifecycle.clear(session, FINAL_MEETING, CHAIR)
            lifecycle.circulate(session, FINAL_MEETING, COORDINATOR)
            lifecycle.make_final(session, FINAL_MEETING, CHAIR, out / "final")
        session.db.checkpoint()
    finally:
        session.close()
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
