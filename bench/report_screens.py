"""Look at the clinician report the way its readers will: a screen 1000 px wide, a phone 420 px
wide, and a PDF printed from the browser.

    python bench/report_screens.py [OUTDIR]      # default /tmp/kjournal-report

Builds the seven-week demo journal (tests/report_demo.py) in a temporary folder, exports it with
the installed command (`kjournal export --format html` and `--format md`), then runs headless
Chromium for r1000.png, r420.png and report.pdf, and pdftoppm for report-N.png (one per page).
Needs `chromium` and `poppler-utils`; the test suite never does. The pictures are for a person
to look at: nothing here asserts anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from kjournal.journal.store import Journal  # noqa: E402
from tests.report_demo import save_demo  # noqa: E402

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def kjournal(journal: Path, *args: str) -> None:
    env = {**os.environ, "KJOURNAL_HOME": str(journal)}
    command = [sys.executable, "-m", "kjournal", *args]
    subprocess.run(command, env=env, check=True, cwd=REPO)


def chromium(page: Path, *args: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        subprocess.run([*command, page.as_uri()], check=True, capture_output=True)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kjournal-report")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        journal = Path(tmp) / "journal"
        save_demo(Journal(journal))
        for fmt in ("html", "md"):
            report = out / f"report.{fmt}"
            report.unlink(missing_ok=True)
            kjournal(journal, "export", "--format", fmt, "--include-text", "--out", str(report))
    page = out / "report.html"
    if not shutil.which("chromium"):
        sys.exit(f"wrote {page}; install chromium (and poppler-utils) for the pictures")
    # Tall windows, so that one picture holds the whole page at each width.
    chromium(page, "--window-size=1000,3000", f"--screenshot={out / 'r1000.png'}")
    chromium(page, "--window-size=420,7000", f"--screenshot={out / 'r420.png'}")
    chromium(page, f"--print-to-pdf={out / 'report.pdf'}")
    if shutil.which("pdftoppm"):
        for old in out.glob("report-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(out / "report.pdf"), str(out / "report")],
            check=True,
        )
    print(f"pictures in {out}: " + ", ".join(sorted(p.name for p in out.glob("*.png"))))


if __name__ == "__main__":
    main()
