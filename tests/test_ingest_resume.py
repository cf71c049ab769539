"""Resume: kill the ingest process mid-batch, run again, and get the same outputs as a clean run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_ingest_helpers import CORPUS, PLUGIN, history, table_bytes

from extractor.ingest import IngestOptions, ingest

FILES = 60
OPTIONS = IngestOptions(workers=2, progress="none", worker_init=PLUGIN)
SCRIPT = (
    "import sys\n"
    "from extractor.ingest import IngestOptions, ingest\n"
    f"ingest([sys.argv[1]], sys.argv[2], IngestOptions(workers=2, progress='none', worker_init={PLUGIN!r}))\n"
)


def slow_archive(folder: Path) -> Path:
    """FILES distinct text reports, each read 0.1 s slower by the test plug-in (#SLOW)."""
    folder.mkdir()
    text = (CORPUS / "hongshan_jiuye_2025.txt").read_bytes()
    for index in range(FILES):
        (folder / f"r{index:03}.txt").write_bytes(b"#SLOW\n" + text + f"\n附注{index}\n".encode())
    return folder


def committed(out: Path) -> int:
    try:
        with sqlite3.connect(out / ".ingest" / "state.db", timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM contents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_run_resumes_to_the_same_outputs_as_a_clean_run(tmp_path: Path) -> None:
    source = slow_archive(tmp_path / "archive")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(source), str(out)], env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while committed(out) < 10 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the run, its forkserver and its workers, mid-batch
    process.wait()
    done_before = committed(out)
    assert 10 <= done_before < FILES
    assert not (out / "records.jsonl").exists()  # nothing published as complete

    resumed = ingest([source], out, OPTIONS)
    assert resumed.skipped == done_before and resumed.processed == FILES - done_before
    assert resumed.records == FILES and resumed.exit_code == 0

    clean = tmp_path / "clean"
    ingest([source], clean, OPTIONS)
    assert table_bytes(out) == table_bytes(clean)
    assert history(out) == history(clean) and len(history(out)) == FILES
