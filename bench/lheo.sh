#!/usr/bin/env bash
# `bench/lheo.sh`: times the LHEO import and export (issue 13) on a generated regional offer, on a fresh
# SQLite file and a fresh PostgreSQL database: the first import (everything created), the second (everything
# unchanged), `tremplin lheo export`, and `GET /api/lheo/offres.xml` from a running server; the export is then
# checked by xmllint against the shipped XSD.
#
# LHEO_SESSIONS (10000), LHEO_SESSIONS_PER_TRAINING (5), BENCH_DBS ("sqlite postgres"), BENCH_PORT (8080),
# BENCH_PG_DB (tremplin_lheo_bench), BENCH_BIN_DIR (target/release: build it with `cargo build --release -p
# tremplin` after the web app).
set -euo pipefail
cd "$(dirname "$0")/.."

sessions="${LHEO_SESSIONS:-10000}"
per="${LHEO_SESSIONS_PER_TRAINING:-5}"
dbs="${BENCH_DBS:-sqlite postgres}"
port="${BENCH_PORT:-8080}"
pg_db="${BENCH_PG_DB:-tremplin_lheo_bench}"
bin="${BENCH_BIN_DIR:-$(pwd)/target/release}/tremplin"
work="$(pwd)/target/bench/lheo"
xsd="crates/server/lheo/lheo-2.3.xsd"
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release -p tremplin" >&2; exit 1; }
command -v xmllint >/dev/null || { echo "xmllint is missing: apt-get install libxml2-utils" >&2; exit 1; }
mkdir -p "$work"
export JWT_SECRET="tremplin-bench-secret-not-for-production-0123456789" RUST_LOG="${RUST_LOG:-warn}"
export BIND="127.0.0.1:$port" LHEO_IMPORT_MAX_BYTES=$((1024 * 1024 * 1024))

# The demo region's first training, repeated: $per sessions each, ids unique, dates spread over two years.
python3 - "$sessions" "$per" crates/server/tests/fixtures/lheo/demo-region.xml > "$work/offer.xml" <<'PY'
import datetime, re, sys
sessions, per, fixture = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], encoding="utf-8").read()
formation = re.search(r'<formation numero="NA-F-1001">.*?</formation>', fixture, re.S).group(0)
session = re.search(r'<session numero="NA-S-3001">.*?</session>', formation, re.S).group(0)
head, tail = formation.split(session, 1)
tail = re.sub(r'<session numero="NA-S-3002">.*?</session>', "", tail, flags=re.S)
out = sys.stdout
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>\n')
first = datetime.date(2028, 1, 10)
for t in range((sessions + per - 1) // per):
    body = []
    for s in range(min(per, sessions - t * per)):
        start = first + datetime.timedelta(days=(t * 7 + s * 31) % 700)
        day = lambda d: (start + datetime.timedelta(days=d)).strftime("%Y%m%d")
        body.append(session.replace("NA-S-3001", f"B-S-{t}-{s}")
                    .replace("<debut>20280110</debut><fin>20280320</fin>", f"<debut>{day(0)}</debut><fin>{day(70)}</fin>")
                    .replace("20280105", day(-5)).replace("20280117", day(7)))
    out.write(head.replace("NA-F-1001", f"B-F-{t}").replace("NA-A-2001", f"B-A-{t}")
              .replace("entrepôt", f"entrepôt n° {t}") + "".join(body) + tail + "\n")
out.write("</offres></lheo>\n")
PY
echo "offer: $sessions sessions, $(du -h "$work/offer.xml" | cut -f1)"

timed() { /usr/bin/time -f "%e s, %M KiB max RSS" "$@"; }

for db in $dbs; do
  case "$db" in
    sqlite) rm -f "$work/lheo.db"*; export DATABASE_URL="sqlite://$work/lheo.db" ;;
    postgres)
      psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" -c "CREATE DATABASE $pg_db"
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pg_db?sslmode=disable" ;;
  esac
  # The demo organisations (the file's SIRETs), loaded by a first start with --demo.
  "$bin" serve --demo >/dev/null 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do sleep 0.2; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "== $db: import (created)"; timed "$bin" lheo import "$work/offer.xml"
  echo "== $db: import again (unchanged)"; timed "$bin" lheo import "$work/offer.xml"
  echo "== $db: tremplin lheo export"; timed "$bin" lheo export --output "$work/export-$db.xml"
  "$bin" serve >/dev/null 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do sleep 0.2; done
  echo "== $db: GET /api/lheo/offres.xml"
  curl -s -o "$work/http-$db.xml" -w "%{time_total} s, %{size_download} bytes\n" "http://127.0.0.1:$port/api/lheo/offres.xml"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "sessions exported: $(grep -o '<session ' "$work/http-$db.xml" | wc -l)"
  xmllint --noout --schema "$xsd" "$work/http-$db.xml"
done
