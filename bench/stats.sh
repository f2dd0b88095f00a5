#!/usr/bin/env bash
# Benchmark: the full statistics (this period and the same days a year earlier) on a made-up
# data set of ORGS förbund × YEARS years × PER_YEAR stays (defaults: 75 × 10 × 1 333, about
# 1 000 000 stays), on SQLite and, when SAMORDNA_BENCH_POSTGRES_URL is set, on PostgreSQL.
#
#   förbund-year: the statistics page of one förbund for last year, fetched over HTTP from
#                 `samordna serve` by a logged-in director (login once, then RUNS fetches);
#   national:     `samordna stats --all-orgs` for last year, every förbund together.
#
# Baselines, measured in the same run:
#   hand-made SQL: the same counts written by hand as one query (bench/stats_hand.sql) run by
#                  the database's own client (sqlite3, psql);
#   DuckDB:        what an analyst would reach for: the same query in DuckDB
#                  (bench/stats_duckdb.sql, from PyPI, installed here) over the CSV files of
#                  bench-data, timed as a whole process like samordna.
# Prints medians of RUNS runs in ms, the ratios and the peak memory of the national run;
# paste the table into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ORGS=${ORGS:-75}
YEARS=${YEARS:-10}
PER_YEAR=${PER_YEAR:-1333}
RUNS=${RUNS:-5}
cargo build --release --quiet
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
BIN=$PWD/target/release/samordna
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
export SAMORDNA_IDENTITY_KEY_FILE="$work/bench.key"
Y=$(( $(date +%Y) - 1 ))
FROM="$Y-01-01" TO="$Y-12-31" PFROM="$((Y - 1))-01-01" PTO="$((Y - 1))-12-31"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
# time_ms CMD…: one run, in milliseconds
time_ms() { local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now); ms "$t0" "$t1"; }

# Peak resident memory of a command in MB (its own, not the shell's).
peak_mb() {
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$@"
}

# The DuckDB query over the CSV files in $work/data: $1 the org condition.
duck_sql() {
  sed -e "s/:PFROM/'$PFROM'/; s/:PTO/'$PTO'/; s/:FROM/'$FROM'/; s/:TO/'$TO'/" \
      -e "s|:DIR|$work/data|g; s/:ORG/$1/" bench/stats_duckdb.sql
}

# The hand-made query for a database: $1 sqlite|postgres, $2 the org condition.
hand_sql() {
  local d
  if [ "$1" = sqlite ]; then d() { echo "'$1'"; }; else d() { echo "DATE '$1'"; }; fi
  sed -e "s/:PFROM/$(d "$PFROM")/; s/:PTO/$(d "$PTO")/; s/:FROM/$(d "$FROM")/; s/:TO/$(d "$TO")/" \
      -e "s/:ORG/$2/" bench/stats_hand.sql
}

# Starts the server on the database, logs in a director of bench-001; sets $base and the jar.
serve_and_login() {
  local db=$1 port
  printf 'bench-password-123\n' | $BIN --database "$db" user add --org bench-001 --email chef@bench-001.example --role director >/dev/null
  port=$(( 20000 + RANDOM % 20000 ))
  $BIN --database "$db" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  server=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  local csrf
  csrf=$(curl -s -c "$work/jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
  curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=chef@bench-001.example" --data-urlencode "password=bench-password-123" "$base/login"
}

page() { curl -sf -b "$work/jar" -o /dev/null "$base/o/bench-001/stats?from=$FROM&to=$TO"; }

measure() { # $1 label, $2 db url, $3 client command prefix for the hand query (reads stdin)
  local label=$1 db=$2 org_id
  serve_and_login "$db"
  page # warm-up
  local app base_ms nat nat_base
  app=$(for _ in $(seq "$RUNS"); do time_ms page; done | median)
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  org_id=$(echo "SELECT id FROM orgs WHERE slug = 'bench-001';" | eval "$3" | tr -d ' ')
  hand_sql "$4" "e.org_id = $org_id" > "$work/org.sql"
  hand_sql "$4" "1 = 1" > "$work/all.sql"
  duck_sql "e.org_id = $org_id" > "$work/org_duck.sql"
  duck_sql "1 = 1" > "$work/all_duck.sql"
  base_ms=$(for _ in $(seq "$RUNS"); do time_ms sh -c "$3 < $work/org.sql"; done | median)
  duck_ms=$(for _ in $(seq "$RUNS"); do time_ms python3 bench/stats_duckdb.py "$work/org_duck.sql"; done | median)
  nat=$(for _ in $(seq "$RUNS"); do time_ms $BIN --database "$db" stats --all-orgs --from "$FROM" --to "$TO" --format json; done | median)
  nat_base=$(for _ in $(seq "$RUNS"); do time_ms sh -c "$3 < $work/all.sql"; done | median)
  nat_duck=$(for _ in $(seq "$RUNS"); do time_ms python3 bench/stats_duckdb.py "$work/all_duck.sql"; done | median)
  nat_mb=$(peak_mb $BIN --database "$db" stats --all-orgs --from "$FROM" --to "$TO" --format json)
  duck_mb=$(peak_mb python3 bench/stats_duckdb.py "$work/all_duck.sql")
  # The three count the same people, or the comparison means nothing.
  local app_total hand_total duck_total
  app_total=$($BIN --database "$db" stats --all-orgs --from "$FROM" --to "$TO" --format json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["took_part"]["total"])')
  hand_total=$(eval "$3" < "$work/all.sql" | awk -F'|' '$1 == "people" && $2 == 0 {s += $5} END {print s}')
  duck_total=$(python3 bench/stats_duckdb.py "$work/all_duck.sql")
  if [ "$app_total" != "$hand_total" ] || [ "$app_total" != "$duck_total" ]; then
    echo "took part: samordna $app_total, hand-made SQL $hand_total, DuckDB $duck_total" >&2
    exit 1
  fi
  ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
  printf '| %s | förbund-year page | %s | %s | %s | %s | %s | |\n' "$label" "$app" "$base_ms" "$(ratio "$app" "$base_ms")" "$duck_ms" "$(ratio "$app" "$duck_ms")"
  printf '| %s | national year (all förbund) | %s | %s | %s | %s | %s | %s MB (DuckDB %s MB) |\n' "$label" "$nat" "$nat_base" "$(ratio "$nat" "$nat_base")" "$nat_duck" "$(ratio "$nat" "$nat_duck")" "$nat_mb" "$duck_mb"
}

generate() { # $1 db url
  $BIN --database "$1" migrate >/dev/null
  $BIN --database "$1" bench-data --orgs "$ORGS" --years "$YEARS" --per-year "$PER_YEAR" --out "$work/data"
}

# After loading around the store: the stays' summaries written, and the exit reasons (made
# by the store with each förbund) as a CSV file for DuckDB.
after_load() { # $1 db url, $2 client command prefix (reads stdin)
  $BIN --database "$1" check --repair >/dev/null
  echo "SELECT id, outcome FROM exit_reasons;" | eval "$2" | tr '|' ',' |
    { echo "id,outcome"; cat; } > "$work/data/exit_reasons.csv"
}

echo "| database | what | samordna (ms, median of $RUNS) | hand-made SQL (ms) | ratio | DuckDB (ms) | ratio | peak memory |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"

db="$work/bench.db"
generate "sqlite://$db" >&2
sqlite3 "$db" < "$work/data/load_sqlite.sql"
after_load "sqlite://$db" "sqlite3 -batch -noheader $db"
measure SQLite "sqlite://$db" "sqlite3 -batch -noheader $db" sqlite

if [ -n "${SAMORDNA_BENCH_POSTGRES_URL:-}" ]; then
  url=$SAMORDNA_BENCH_POSTGRES_URL
  name="samordna_bench_$$"
  psql -q "$url" -c "CREATE DATABASE $name" >/dev/null
  pg="${url%/*}/$name"
  generate "$pg" >&2
  psql -q "$pg" -f "$work/data/load_postgres.sql" >/dev/null 2>&1
  after_load "$pg" "psql -qAt $pg"
  measure PostgreSQL "$pg" "psql -qAt $pg" postgres
  psql -q "$url" -c "DROP DATABASE $name" >/dev/null
fi
