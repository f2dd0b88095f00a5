"""The DuckDB baseline of bench/stats.sh: runs bench/stats_duckdb.sql (already filled in by
the script) on the CSV files of `samordna bench-data` and prints the number of people who took
part in the period, for the script's check that both sides count the same."""
import sys

import duckdb

rows = duckdb.connect().execute(open(sys.argv[1]).read()).fetchall()
print(sum(r[4] for r in rows if r[0] == "people" and r[1] == 0))
