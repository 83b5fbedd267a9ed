"""`mappa-desk due`, run as a user would run it, on the demo data."""

import json
import re

import pytest

from tests.conftest import PASSPHRASE
from tests.cli.cli_helpers import run_cli

LINE = re.compile(r"^  +(\d{1,2} [A-Z][a-z]{2} \d{4})  (.+?)  +(.+)$")


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-due") / "vault"
    for command in ("init", "demo"):
        result = run_cli(command, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert result.returncode == 0, result.stderr
    return folder


def _due(folder, *args):
    return run_cli("due", *args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def test_due_lists_overdue_items_with_their_dates_then_due_soon(demo_vault):
    result = _due(demo_vault, "--today", "2026-11-21")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("What is due on 21 November 2026: overdue, and due by 5 December 2026.")
    overdue, soon = out.split("\nOverdue (", 1)[1].split("\nDue soon (", 1)
    overdue_lines = [LINE.match(line) for line in overdue.splitlines()[1:] if line.strip()]
    assert overdue_lines and all(overdue_lines), overdue
    # Each overdue line starts with its date and says how late it is.
    assert ("24 Sep 2026", "58 days late") == overdue_lines[0].group(1, 2)
    assert any(m.group(3) == "Alasdair Dunmorrow (DEMO/0004): Action due 24 Sep 2026: Send the Minute Executive "
                             "Summary to the Restricted Patient Team (Dr Morven Achray, NHS Health Board)"
               for m in overdue_lines)
    assert ("20 Nov 2026", "1 day late") == overdue_lines[-1].group(1, 2)
    assert "  24 Nov 2026  in 3 days       Martin Skellybrae (DEMO/0005): Level 3 review due 24 Nov 2026" in soon
    assert "late" not in soon


def test_due_json_with_a_shorter_window(demo_vault):
    result = _due(demo_vault, "--today", "2026-11-21", "--days", "3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["today"], data["soon_days"], data["due_by"]) == ("2026-11-21", 3, "2026-11-24")
    items = data["items"]
    assert items and [i["due"] for i in items] == sorted(i["due"] for i in items)
    assert all(i["due"] <= "2026-11-24" and i["overdue"] == (i["due"] < "2026-11-21") for i in items)
    assert {"kind": "review", "due": "2026-11-24", "overdue": False, "days": 3, "individual_name": "Martin Skellybrae",
            "visor_ref": "DEMO/0005", "sentence": "Level 3 review due 24 Nov 2026"}.items() <= \
        next(i for i in items if i["kind"] == "review").items()
    assert "2026-11-30" not in result.stdout  # Drumlachie's action, 9 days away, is outside 3 days


def test_nothing_due_says_so(demo_vault):
    result = _due(demo_vault, "--today", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("Nothing is overdue or due soon.")


@pytest.mark.parametrize("args, message", [
    (("--today", "21/11/2026"), "YYYY-MM-DD"),
    (("--days", "-1"), "0 or more"),
    (("--days", "soon"), "0 or more"),
])
def test_bad_options_are_plain_sentences(demo_vault, args, message):
    result = _due(demo_vault, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
