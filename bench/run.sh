#!/usr/bin/env bash
# `make bench`: for each database and size, a fresh database filled by `tremplin bench-data`, the R-TIME-1 job
# timed, the server's startup timed, then tremplin-bench against it; on PostgreSQL the reads also against two
# instances. Results: bench/results/<date>-<db>.json (every size in one file), and the tables printed.
#
# BENCH_SIZES (applications, "10000 1000000"), BENCH_DBS ("sqlite postgres"), BENCH_SECONDS (per scenario and
# concurrency, 5), BENCH_CLIENTS ("16,64"), BENCH_SEED (1), BENCH_PORT (8080; the second instance takes the
# next one), BENCH_PG_DB (tremplin_bench), BENCH_BIN_DIR (target/release, where `make bench` builds both
# binaries).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="${BENCH_SIZES:-10000 1000000}"
dbs="${BENCH_DBS:-sqlite postgres}"
seconds="${BENCH_SECONDS:-5}"
clients="${BENCH_CLIENTS:-16,64}"
seed="${BENCH_SEED:-1}"
port="${BENCH_PORT:-8080}"
second_port=$((port + 1))
pg_db="${BENCH_PG_DB:-tremplin_bench}"
pg_url="postgres://postgres@127.0.0.1:5432/${pg_db}?sslmode=disable"

root="$(pwd)"
bin_dir="${BENCH_BIN_DIR:-$root/target/release}"
bin="$bin_dir/tremplin"
driver="$bin_dir/tremplin-bench"
work="$root/target/bench"
day="$(date -u +%F)"
mkdir -p "$work" bench/results
for b in "$bin" "$driver"; do
  [ -x "$b" ] || { echo "$b is missing: run \`make bench\` (or cargo build --release -p tremplin -p tremplin-bench)" >&2; exit 1; }
done

# The bench logs in a few dozen times from one address and must not be throttled; its own secret, ≥ 32 bytes.
export JWT_SECRET="tremplin-bench-secret-not-for-production-0123456789"
export LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000 LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE=100000
export RUST_LOG="${RUST_LOG:-warn}"
# The generated data spans ten years; a platform anonymises its candidates two years after their session as it
# goes (R-GDPR-2), so a real database never holds that backlog. The longest retention keeps the timed job run to
# R-TIME-1's due applications.
export RETENTION_MONTHS=120

servers=()
stop_servers() {
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  servers=()
}
trap stop_servers EXIT

now_ms() { date +%s%3N; }

# Starts `tremplin serve` on port $1 (log $2) and waits for /api/health: sets $started_pid and $startup_ms.
start_server() {
  local bind_port="$1" log="$2"
  if curl -fsS -o /dev/null "http://127.0.0.1:$bind_port/api/health" 2>/dev/null; then
    echo "Port $bind_port already serves something: stop it or set BENCH_PORT" >&2
    exit 1
  fi
  local start
  start="$(now_ms)"
  BIND="127.0.0.1:$bind_port" "$bin" serve >"$log" 2>&1 &
  started_pid=$!
  servers+=("$started_pid")
  for _ in $(seq 1 2400); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$bind_port/api/health" 2>/dev/null; then
      startup_ms=$(($(now_ms) - start))
      return 0
    fi
    if ! kill -0 "$started_pid" 2>/dev/null; then
      echo "tremplin serve stopped at start, see $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  echo "tremplin serve did not answer /api/health in 120 s, see $log" >&2
  exit 1
}

fresh_database() {
  local db="$1" size="$2"
  case "$db" in
    sqlite)
      local file="$work/tremplin-$size.db"
      rm -f "$file" "$file"-*
      export DATABASE_URL="sqlite://$file"
      ;;
    postgres)
      scripts/ensure-postgres.sh
      dropdb --if-exists --force -h 127.0.0.1 -U postgres "$pg_db"
      createdb -h 127.0.0.1 -U postgres "$pg_db"
      export DATABASE_URL="$pg_url"
      ;;
    *)
      echo "Unknown database $db (sqlite or postgres)" >&2
      exit 1
      ;;
  esac
}

# Which statistics the planner had: autovacuum's setting and, per table, when it was last analysed and vacuumed.
postgres_statistics() {
  psql -h 127.0.0.1 -U postgres -d "$pg_db" -AtX -c "
    SELECT json_build_object(
      'autovacuum', current_setting('autovacuum'),
      'tables', (SELECT coalesce(json_agg(json_build_object(
          'table', relname, 'rows', n_live_tup,
          'last_analyze', last_analyze, 'last_autoanalyze', last_autoanalyze,
          'last_vacuum', last_vacuum, 'last_autovacuum', last_autovacuum) ORDER BY relname), '[]'::json)
        FROM pg_stat_user_tables))"
}

for db in $dbs; do
  pieces=()
  for size in $sizes; do
    echo "=== $db, $size applications"
    fresh_database "$db" "$size"
    manifest="$work/manifest-$db-$size.json"
    "$bin" bench-data --applications "$size" --seed "$seed" --manifest "$manifest"

    # R-TIME-1 and the other due jobs, before the server starts (its scheduler runs a pass at once).
    job_log="$work/jobs-$db-$size.log"
    job_start="$(now_ms)"
    "$bin" jobs run >"$job_log" 2>&1
    job_seconds="$(awk -v ms="$(($(now_ms) - job_start))" 'BEGIN { printf "%.3f", ms / 1000 }')"
    echo "R-TIME-1 job: $job_seconds s ($(jq .due_applications "$manifest") due applications)"

    statistics="null"
    if [ "$db" = postgres ]; then
      # These machines run PostgreSQL with autovacuum off. The job just rewrote the counters of ~14,000 sessions
      # and 100,000 applications: autovacuum would then clear their dead rows and mark the pages all-visible
      # again, which the lists' index-only scans rely on (without it, counting a large organisation's finished
      # sessions fetched 12,700 table rows for 10,300 index entries: 14 ms instead of 1.3 ms).
      psql -h 127.0.0.1 -U postgres -d "$pg_db" -qX -c "VACUUM (ANALYZE)"
      statistics="$(postgres_statistics)"
    fi
    start_server "$port" "$work/serve-$db-$size.log"
    first_pid="$started_pid"
    first_startup_ms="$startup_ms"
    echo "Startup: $first_startup_ms ms"

    # Two instances read first, while the data is the one the single instance will read next (the single
    # instance's run ends with the write scenarios).
    two_run="$work/null.json"
    echo null >"$two_run"
    if [ "$db" = postgres ]; then
      start_server "$second_port" "$work/serve-$db-$size-b.log"
      second_pid="$started_pid"
      two_run="$work/run-$db-$size-two.json"
      echo "Reads against two instances"
      "$driver" run --only reads --manifest "$manifest" --base-url "http://127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$second_port" --clients "$clients" --seconds "$seconds" --out "$two_run"
      kill "$second_pid"
      wait "$second_pid" 2>/dev/null || true
      servers=("$first_pid")
      echo "Every scenario against one instance"
    fi

    run="$work/run-$db-$size.json"
    "$driver" run --manifest "$manifest" --base-url "http://127.0.0.1:$port" --clients "$clients" \
      --seconds "$seconds" --server-pid "$first_pid" --out "$run"
    stop_servers

    piece="$work/size-$db-$size.json"
    jq -n --argjson applications "$size" --slurpfile manifest "$manifest" --slurpfile run "$run" \
      --argjson startup "$first_startup_ms" --argjson job_seconds "$job_seconds" --rawfile job_output "$job_log" \
      --slurpfile two "$two_run" --argjson statistics "$statistics" \
      '{applications: $applications, manifest: $manifest[0], startup_ms: $startup,
        job: {seconds: $job_seconds, output: $job_output}, postgres_statistics: $statistics,
        run: $run[0], two_instances: $two[0]}' >"$piece"
    pieces+=("$piece")
  done

  result="bench/results/$day-$db.json"
  jq -s --arg db "$db" --arg date "$day" --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" \
    --argjson cores "$(nproc)" --arg seconds "$seconds" --arg clients "$clients" \
    '{date: $date, db: $db, machine: {cpu: $cpu, cores: $cores}, seconds_per_measure: ($seconds | tonumber),
      clients: $clients, sizes: .}' "${pieces[@]}" >"$result"
  if [ "$db" = postgres ]; then
    dropdb --if-exists --force -h 127.0.0.1 -U postgres "$pg_db"
  fi
  "$driver" table "$result"
  echo "Results: $result"
done
