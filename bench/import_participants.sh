#!/usr/bin/env bash
# Benchmark: `samordna import participants` of 100 000 rows (one stay each, a third ended),
# on SQLite and, when SAMORDNA_BENCH_POSTGRES_URL is set, on PostgreSQL. Baseline, measured
# in the same run: the same file loaded raw into a table of text columns by the database's own
# client (sqlite3 `.import`, psql `\copy`), i.e. the cost of just writing the rows.
# Prints medians of RUNS runs and the ratio; paste the table into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
RUNS=${RUNS:-3}
cargo build --release --quiet
BIN=target/release/samordna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SAMORDNA_IDENTITY_KEY_FILE="$work/bench.key"

python3 - "$ROWS" > "$work/list.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter")
for i in range(n):
    kommun = ["Eksjö", "Nässjö", "Aneby", "Vetlanda", "Sävsjö", "Tranås"][i % 6]
    end = "2024-06-30;arbete" if i % 3 == 0 else ";"
    gender = ["kvinna", "man", "annat"][i % 3]
    print(f"B-{i:07d};{gender};{1960 + i % 45};{kommun};se-hoglandet;;2024-01-{1 + i % 28:02d};{end};försörjningsstöd|sjukpenning;")
PY

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

run_sqlite() {
  local t0 t1 db
  for r in $(seq "$RUNS"); do
    db="$work/app-$r.db"
    $BIN --database "sqlite://$db" demo >/dev/null
    t0=$(now); $BIN --database "sqlite://$db" import participants --org hoglandet "$work/list.csv" >/dev/null; t1=$(now)
    echo "app $(ms "$t0" "$t1")"
    t0=$(now)
    sqlite3 "$work/raw-$r.db" <<SQL
CREATE TABLE raw (id, kon, fodelsear, kommun, insats, coach, startdatum, slutdatum, avslutsorsak, fore, efter);
.mode csv
.separator ;
.import --skip 1 $work/list.csv raw
SQL
    t1=$(now)
    echo "base $(ms "$t0" "$t1")"
  done
}

run_postgres() {
  local url=$1 t0 t1 name base
  base=${url%/*}
  for r in $(seq "$RUNS"); do
    name="samordna_bench_$$_$r"
    psql -q "$url" -c "CREATE DATABASE $name" >/dev/null
    $BIN --database "$base/$name" demo >/dev/null
    t0=$(now); $BIN --database "$base/$name" import participants --org hoglandet "$work/list.csv" >/dev/null; t1=$(now)
    echo "app $(ms "$t0" "$t1")"
    psql -q "$base/$name" -c "CREATE TABLE raw (id text, kon text, fodelsear text, kommun text, insats text, coach text, startdatum text, slutdatum text, avslutsorsak text, fore text, efter text)" >/dev/null
    t0=$(now); psql -q "$base/$name" -c "\\copy raw FROM '$work/list.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)" >/dev/null; t1=$(now)
    echo "base $(ms "$t0" "$t1")"
    psql -q "$url" -c "DROP DATABASE $name" >/dev/null
  done
}

report() {
  local name=$1 results=$2 app base
  app=$(grep '^app' <<<"$results" | cut -d' ' -f2 | median)
  base=$(grep '^base' <<<"$results" | cut -d' ' -f2 | median)
  printf '| %s | %s | %s ms | %s ms | %s× |\n' "$name" "$ROWS" "$app" "$base" "$(awk -v a="$app" -v b="$base" 'BEGIN {printf "%.1f", a / (b > 0 ? b : 1)}')"
}

echo "| backend | rows | samordna import (median of $RUNS) | raw load by the database client | ratio |"
echo "|---|---:|---:|---:|---:|"
report SQLite "$(run_sqlite)"
if [ -n "${SAMORDNA_BENCH_POSTGRES_URL:-}" ]; then
  report PostgreSQL "$(run_postgres "$SAMORDNA_BENCH_POSTGRES_URL")"
fi
