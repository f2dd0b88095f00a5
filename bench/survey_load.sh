#!/usr/bin/env bash
# Load test on loopback: ANSWERS anonymous survey answers (default 1 000), each with its own
# single-use code, posted CONCURRENCY at a time (default 100) to `samordna serve`, every code
# posted twice; on SQLite and, when SAMORDNA_BENCH_POSTGRES_URL is set, on PostgreSQL.
# Checks that exactly ANSWERS answers are stored and every second post of a code is refused.
# Baseline, measured in the same run: the same number of GET /healthz, as concurrent (the
# cost of the HTTP round trip and one database ping). Prints a table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ANSWERS=${ANSWERS:-1000}
CONCURRENCY=${CONCURRENCY:-100}
cargo build --release --quiet
BIN=$PWD/target/release/samordna
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
export SAMORDNA_IDENTITY_KEY_FILE="$work/bench.key" RUST_LOG=error

run() { # $1 label, $2 database url, $3 client command that reads SQL on stdin
  local label=$1 db=$2 port base
  $BIN --database "$db" demo >/dev/null
  port=$(( 20000 + RANDOM % 20000 ))
  $BIN --database "$db" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  server=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  python3 - "$base" "$ANSWERS" "$CONCURRENCY" "$label" > "$work/result" <<'PY'
import http.cookiejar, re, statistics, sys, time, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, n, conc, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

def opener():
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    o.addheaders = [("Origin", base)]
    return o

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None

csrf_of = lambda html: re.search(r'name="csrf" value="([^"]+)"', html).group(1)
# The director opens a round with n codes.
jar = http.cookiejar.CookieJar()
d = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
d.addheaders = [("Origin", base)]
def post(o, url, data):
    try: return o.open(url, urllib.parse.urlencode(data).encode())
    except urllib.error.HTTPError as e: return e
csrf = csrf_of(d.open(base + "/login").read().decode())
post(d, base + "/login", {"csrf": csrf, "email": "chef@hoglandet.demo", "password": "hoglandet-demo"})
csrf = csrf_of(d.open(base + "/o/hoglandet/surveys").read().decode())
today = time.strftime("%Y-%m-%d")
r = post(d, base + "/o/hoglandet/surveys/rounds", {"csrf": csrf, "survey": "indikator", "title": "Last", "opens_on": "2000-01-01", "closes_on": "2100-12-31", "access": "codes", "codes": str(n)})
page = d.open(base + r.headers["Location"]).read().decode()
path = "/s/" + re.search(r'/s/([a-z0-9]+)', page).group(1)
codes = re.findall(r'<li>([A-Z0-9]{4}-[A-Z0-9]{4})</li>', page)
assert len(codes) == n, len(codes)

p = opener()
csrf = csrf_of(p.open(base + path).read().decode())
def answer(code):
    t = time.perf_counter()
    r = post(p, base + path, {"csrf": csrf, "code": code, "gender": "woman", "f1": "6", "f5": "4"})
    return r.status if hasattr(r, "status") else r.code, (time.perf_counter() - t) * 1000
def health(_):
    t = time.perf_counter()
    r = p.open(base + "/healthz"); r.read()
    return r.status, (time.perf_counter() - t) * 1000

def load(f, items):
    t = time.perf_counter()
    with ThreadPoolExecutor(conc) as ex:
        out = list(ex.map(f, items))
    return out, (time.perf_counter() - t) * 1000

base_out, base_ms = load(health, range(n))
out, ms = load(answer, codes + codes)
ok = sum(1 for s, _ in out if s == 200)
refused = sum(1 for s, _ in out if s == 422)
assert ok == n and refused == n, (ok, refused)
lat = sorted(l for _, l in out)
blat = sorted(l for _, l in base_out)
print(f"| {label} | {n} answers + {n} repeats, {conc} at a time | {ms:.0f} ms ({2 * n / ms * 1000:.0f}/s) | "
      f"{statistics.median(lat):.1f} / {lat[int(len(lat) * .95)]:.1f} ms | {base_ms:.0f} ms, median {statistics.median(blat):.1f} ms | "
      f"{ok} stored, {refused} refused |")
PY
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  local stored
  stored=$(echo "SELECT count(*) FROM survey_answers r JOIN survey_rounds s ON s.id = r.round_id WHERE s.title = 'Last';" | eval "$3" | tr -d ' ')
  [ "$stored" = "$ANSWERS" ] || { echo "$label: $stored answers stored, expected $ANSWERS" >&2; exit 1; }
  cat "$work/result"
}

echo "| database | load | wall time (posts/s) | latency median / p95 | baseline: as many GET /healthz | outcome |"
echo "|---|---|---:|---:|---:|---|"
run SQLite "sqlite://$work/load.db" "sqlite3 $work/load.db"
if [ -n "${SAMORDNA_BENCH_POSTGRES_URL:-}" ]; then
  url=$SAMORDNA_BENCH_POSTGRES_URL
  name="samordna_load_$$"
  psql -q "$url" -c "CREATE DATABASE $name" >/dev/null
  run PostgreSQL "${url%/*}/$name" "psql -qAt ${url%/*}/$name"
  psql -q "$url" -c "DROP DATABASE $name" >/dev/null
fi
