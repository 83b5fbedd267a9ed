"""Renders documents in two warm worker processes: the files of a meeting are laid out on two cores at once.

A meeting's files take ~0.4 s on one core, half of it the Minute's PDF; on two
cores they take little more than that one file. And the app's own process only
writes the bytes that come back, so its GUI thread is not kept waiting for
Python's GIL while reportlab lays out pages (issue 7: never blocked > 50 ms).

The workers are spawned (never forked: forking a Qt process is unsafe), load
reportlab, python-docx and the fonts once, then wait. `start()` warms them ahead
of time (the app does so when a meeting's Documents page opens). When they are
not started, on a single core, or if they fail, everything is rendered in this
process, as before, with the same bytes.

Documents travel to the workers and back through multiprocessing's pipes: no
file holds them on the way. Spawning re-imports the main script, so that script
must keep its work under `if __name__ == "__main__":`; a frozen app (PyInstaller)
must call `multiprocessing.freeze_support()` first (ui/launcher.py does).
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:  # the app imports this module at start-up: multiprocessing loads only when started
    from concurrent.futures import ProcessPoolExecutor

    from .model import Document

log = logging.getLogger(__name__)

WORKERS = 2  # the Minute's PDF is half the work: a third worker would wait for it
WARM_WAIT_S = 10.0  # Generate pressed while the workers still load: wait this long for them, then render here
READY_HOLD_S = 0.3  # the workers load in ~0.5 s, within ~0.1 s of each other
# Time per character of text, relative to a DOCX: a PDF's layout costs about eight times the
# DOCX's XML (large meeting: Minute PDF ~210 ms, its DOCX ~25 ms). Used to send the largest first.
COST = {"docx": 1.0, "pdf": 8.0}
FIXED_COST = 2_000  # characters' worth: a file's fixed work (styles, page furniture, zip)

_lock = threading.Lock()
_in_worker = False  # set in a render worker, once it has loaded
_pool: ProcessPoolExecutor | None = None
_warm: list[Future] = []  # one per worker: done once it has loaded everything


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def start() -> bool:
    """Start and warm the workers, in the background; returns at once. False on a single core.

    Safe to call often: workers that are warming or warm are kept, failed ones replaced.
    """
    global _pool, _warm
    workers = min(WORKERS, _cores())
    if workers < 2:
        return False
    with _lock:
        if _pool is not None and _status() in ("warming", "warm"):
            return True
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool, _warm = None, []
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_load)
        try:
            warm = [pool.submit(_ready) for _ in range(workers)]  # each submission spawns a worker
        except (OSError, RuntimeError) as err:  # no process to be had: render here
            log.warning("no render workers: %s", type(err).__name__)
            pool.shutdown(wait=False, cancel_futures=True)
            return False
        _pool, _warm = pool, warm
    return True


def stop() -> None:
    """Stop the workers (at Lock or exit, or to free their memory); rendering goes on in this process."""
    global _pool, _warm
    with _lock:
        pool, _pool, _warm = _pool, None, []
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def worker_pids() -> list[int]:
    """The running workers' process ids (for the offline check, which looks at their sockets)."""
    with _lock:
        processes = getattr(_pool, "_processes", None) or {}
        return list(processes)


def status() -> str:
    """"off" (not started, or a single core), "warming", "warm" or "failed" (rendering goes on here)."""
    with _lock:
        return _status()


def is_warm() -> bool:
    return status() == "warm"


def wait_until_warm(timeout: float | None = None) -> bool:
    """Block until the workers are warm; False if they are not started, failed, or took longer."""
    with _lock:
        warm = list(_warm)
    if not warm:
        return False
    wait(warm, timeout)
    return is_warm()


def _status() -> str:
    if _pool is None:
        return "off"
    if getattr(_pool, "_broken", False) or any(f.done() and (f.cancelled() or f.exception()) for f in _warm):
        return "failed"
    return "warm" if all(f.done() for f in _warm) else "warming"


# -- in a worker -------------------------------------------------------------------------
def _load() -> None:
    """Load the renderers and fonts, and render a small document once, so the first real one is fast."""
    from mappa_desk.hardening import exit_with_parent, harden_process
    harden_process()  # a spawned worker starts afresh: it holds record text, so no core dump of it either
    threading.Thread(target=exit_with_parent, name="watch-parent", daemon=True).start()
    from .model import Document, Heading, PageMarks, Paragraph, Table
    sample = Document("Sample", "Sample", PageMarks("MARKING", "Identity", "1 January 2026", "DRAFT v1"),
                      (Heading("Heading"), Paragraph("Text."), Table(("A", "B"), (("a", "b"),))))
    for fmt in COST:
        render(sample, fmt)
    from dataclasses import replace
    from mappa_desk import paths
    for reference in sorted(paths.templates_dir().glob("*/reference.docx")):  # each jurisdiction's styles
        render(replace(sample, reference=reference), "docx")
    global _in_worker
    _in_worker = True
    gc.collect()  # the sample's garbage first: frozen objects are never collected
    gc.freeze()  # what is loaded stays: the collector need not walk it again


def _ready() -> int:
    """Runs once loaded. It takes a moment, so that the worker loaded first does not answer for all."""
    time.sleep(READY_HOLD_S)
    return os.getpid()


def render(document: Document, fmt: str) -> bytes:
    """One document in one format, in this process.

    In a worker, Python's cycle collector waits until the file is rendered: it would otherwise walk the
    layout's many objects over and over while they are still in use (a twentieth of the time); what a
    render leaves is collected as usual after it. The app's own process keeps its usual collector.
    """
    if not _in_worker or not gc.isenabled():
        return _render(document, fmt)
    gc.disable()
    try:
        return _render(document, fmt)
    finally:
        gc.enable()


def _render(document: Document, fmt: str) -> bytes:
    if fmt == "pdf":
        from .render_pdf import render_pdf
        return render_pdf(document)
    if fmt == "docx":
        from .render_docx import render_docx
        return render_docx(document)
    raise ValueError(f"unknown format {fmt!r}")


# -- in the app --------------------------------------------------------------------------
def render_each(jobs: Sequence[tuple[Document, str]], done: Callable[[int, bytes], None]) -> None:
    """Render every (document, format), calling done(index, data) on this thread as each is ready.

    With the workers warm (or warm within WARM_WAIT_S) every job goes to them, the largest
    first, and the calls come in the order the jobs finish; otherwise the jobs are rendered
    here, in order. A renderer's failure is raised as the renderer raised it.
    """
    pool = _pool_when_warm()
    futures: dict[Future, int] = {}
    if pool is not None:
        from concurrent.futures.process import BrokenProcessPool
        try:
            chars: dict[int, int] = {}  # per document: its formats share it
            for index in sorted(range(len(jobs)), key=lambda i: -_cost(*jobs[i], chars)):
                futures[pool.submit(render, *jobs[index])] = index
        except (BrokenProcessPool, RuntimeError) as err:  # a worker died, or the pool is shutting down
            log.warning("rendering in this process: the workers cannot take work (%s)", type(err).__name__)
            for future in futures:
                future.cancel()
            futures.clear()
    if not futures:
        for index, job in enumerate(jobs):
            done(index, render(*job))
        return
    try:
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = futures[future]
                done(index, _result(future, jobs[index]))
    finally:
        for future in futures:
            future.cancel()


def _pool_when_warm() -> ProcessPoolExecutor | None:
    with _lock:
        pool, state, warm = _pool, _status(), list(_warm)
    if state == "warming":
        wait(warm, WARM_WAIT_S)
        with _lock:
            pool, state = _pool, _status()
    return pool if state == "warm" else None


def _result(future: Future, job: tuple[Document, str]) -> bytes:
    from concurrent.futures.process import BrokenProcessPool
    try:
        return future.result()
    except (BrokenProcessPool, CancelledError):  # a worker died, or stop() came first
        log.warning("a file was not rendered by the workers; rendering it in this process")
        return render(*job)
    except Exception as err:  # noqa: BLE001 - raised again, without the worker's traceback text
        raise err from None


def _cost(document: Document, fmt: str, chars: dict[int, int] | None = None) -> float:
    """The relative time to render; `chars` keeps each document's count of characters, by id."""
    count = None if chars is None else chars.get(id(document))
    if count is None:
        count = _chars(document)
        if chars is not None:
            chars[id(document)] = count
    return COST.get(fmt, 1.0) * (FIXED_COST + count)


def _chars(value) -> int:
    """Characters of text in a document or any part of it."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (tuple, list)):
        return sum(_chars(v) for v in value)
    fields = getattr(value, "__dataclass_fields__", None)
    return sum(_chars(getattr(value, name)) for name in fields) if fields else 0
