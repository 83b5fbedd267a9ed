"""The render workers: the same files as rendering here, failures raised as here, and a dead worker survived."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mappa_desk.documents import render_docx, render_pdf, render_pool
from mappa_desk.documents.model import Document, Heading, PageMarks, Paragraph, Table
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from mappa_desk.services import documents as document_service
from tests.documents.test_generate import _held_review

pytestmark = pytest.mark.skipif(render_pool._cores() < 2, reason="the workers need two cores")


@pytest.fixture
def workers():
    assert render_pool.start()
    assert render_pool.wait_until_warm(120), render_pool.status()
    yield
    render_pool.stop()


def _hashes(generated) -> list[tuple[str, str, str, str]]:
    return [(g.kind, g.format, g.path.name, hashlib.sha256(g.path.read_bytes()).hexdigest()) for g in generated]


def test_the_workers_write_the_same_files_in_the_same_order_as_this_process(workers, tmp_path, monkeypatch):
    individual, meeting = _held_review()
    reports = []
    rendered_here = []
    for module, name in ((render_pdf, "render_pdf"), (render_docx, "render_docx")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda document, real=real: rendered_here.append(real) or real(document))
    pooled = document_service.render_all(individual, meeting, load_profile(DEFAULT_JURISDICTION), tmp_path / "pool", version=2,
                                         progress=lambda done, total: reports.append((done, total)))
    assert not rendered_here, "a file was rendered in this process although the workers were warm"
    assert reports == [(n, 10) for n in range(1, 11)]
    assert all(g.sha256 == hashlib.sha256(g.path.read_bytes()).hexdigest() for g in pooled)

    render_pool.stop()
    here = document_service.render_all(individual, meeting, load_profile(DEFAULT_JURISDICTION), tmp_path / "here", version=2)
    assert len(rendered_here) == 10
    assert _hashes(pooled) == _hashes(here)


def test_a_renderers_failure_in_a_worker_is_raised_here_without_the_workers_traceback(workers):
    document = Document("T", "S", PageMarks("M", "I", "D"), (Paragraph("text"),))
    with pytest.raises(ValueError, match="unknown format") as caught:
        render_pool.render_each([(document, "pdf"), (document, "odt")], lambda index, data: None)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_worker_that_dies_leaves_rendering_to_this_process_and_start_replaces_it(workers, tmp_path):
    os.kill(render_pool._warm[0].result(), signal.SIGKILL)  # one dead worker breaks the pool
    document = Document("T", "S", PageMarks("M", "I", "D"),
                        (Heading("H"), Table(("A",), tuple((f"row {i}",) for i in range(300)))))
    out: dict[int, bytes] = {}
    render_pool.render_each([(document, "pdf"), (document, "docx")], out.__setitem__)
    assert out[0] == render_pool.render(document, "pdf") and out[1] == render_pool.render(document, "docx")
    assert render_pool.status() == "failed"
    assert render_pool.start() and render_pool.wait_until_warm(120)
    assert render_pool.status() == "warm"


def test_nothing_started_means_everything_is_rendered_here():
    render_pool.stop()
    assert render_pool.status() == "off" and not render_pool.is_warm()
    document = Document("T", "S", PageMarks("M", "I", "D"), (Paragraph("text"),))
    out: dict[int, bytes] = {}
    render_pool.render_each([(document, "docx"), (document, "pdf")], out.__setitem__)
    assert list(out) == [0, 1] and out[1].startswith(b"%PDF")


def test_stopping_the_workers_during_rendering_leaves_the_rest_to_this_process(workers):
    documents = [Document("T", "S", PageMarks("M", "I", "D"),
                          (Table(("A",), tuple((f"{n} {i}",) for i in range(200))),)) for n in range(4)]
    out: dict[int, bytes] = {}

    def done(index: int, data: bytes) -> None:
        render_pool.stop()  # as Lock would, after the first file
        out[index] = data

    render_pool.render_each([(d, "pdf") for d in documents], done)
    assert sorted(out) == [0, 1, 2, 3]
    assert all(out[i] == render_pool.render(documents[i], "pdf") for i in range(4))


KILLED_APP = """
import os
from mappa_desk.documents import render_pool
if __name__ == "__main__":
    render_pool.start()
    assert render_pool.wait_until_warm(120)
    print(" ".join(str(f.result()) for f in render_pool._warm), flush=True)
    os.kill(os.getpid(), 9)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_of_an_app_that_is_killed_exit_too():
    app = subprocess.run([sys.executable, "-c", KILLED_APP], capture_output=True, text=True, timeout=120)
    pids = [int(p) for p in app.stdout.split()]
    assert len(pids) == 2

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 20
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(p) for p in pids), "a render worker outlived the app"
