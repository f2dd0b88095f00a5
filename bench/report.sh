#!/usr/bin/env bash
# The half-year report as PDF, against its figures alone. Both are `samordna report` on the
# demo (SE-Höglandet's and IT-spåret's participants from 2019, the economy of 2023) for H1
# 2023 as a fresh draft (`--draft`, so every figure is computed from the data each time):
# `--format pdf` lays out and writes the tagged PDF/UA-1 + PDF/A-2a with typst; the baseline
# `--format json` computes the same figures and writes them without rendering. Each is a
# whole process (start, open the database, compute, write), RUNS times (default 7), medians.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
cargo build --release --quiet
BIN=$PWD/target/release/samordna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SAMORDNA_IDENTITY_KEY_FILE="$work/bench.key" RUST_LOG=error
db="sqlite://$work/bench.db"
$BIN --database "$db" demo >/dev/null
python3 - "$BIN" "$db" "$work" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
bin, db, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def timed(fmt):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([bin, "--database", db, "report", "--org", "hoglandet", "--kind", "half-year",
                        "--year", "2023", "--half", "1", "--draft", "--format", fmt,
                        "--out", f"{work}/r.{fmt}"], check=True, capture_output=True)
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)
figures, pdf = timed("json"), timed("pdf")
print("| report H1 2023 (demo) | figures only, JSON (median of %d) | full PDF (median of %d) | ratio |" % (runs, runs))
print("|---|---:|---:|---:|")
print(f"| SQLite, fresh draft | {figures:.0f} ms | {pdf:.0f} ms | {pdf / figures:.1f}× |")
PY
