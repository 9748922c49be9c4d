#!/usr/bin/env bash
# The one test command: installs and starts what the tests need when it is missing (PostgreSQL 15 and Redis on
# loopback; Prometheus, which one test runs itself), builds the solution, runs every test, and prints
# "N passed, N failed[, N skipped]" as its last line.
set -uo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { echo "test.sh: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
  as_root apt-get install -y -qq "$@" >&2
}

ensure_postgres() {
  if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then log "installing PostgreSQL 15"; apt_install postgresql-15 postgresql-client-15; fi
  command -v pg_lsclusters >/dev/null || apt_install postgresql-common
  if ! pg_lsclusters -h 2>/dev/null | awk '$1=="15" && $2=="main"' | grep -q .; then
    log "creating PostgreSQL cluster 15/main"; as_root pg_createcluster 15 main >&2
  fi
  as_root pg_ctlcluster 15 main start >&2 2>/dev/null || true
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start"; return 1; }
  # A test role that may create a database per test; loopback only (Debian's default listen_addresses).
  as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orchestrator_test') THEN
        CREATE ROLE orchestrator_test LOGIN SUPERUSER PASSWORD 'orchestrator_test';
      END IF; END \\\$\\\$;\"" >&2
  # Cluster tests run several silo processes, each with two connection pools: allow more than the default 100.
  if [ "$(as_root su postgres -c "psql -tAc 'SHOW max_connections'")" -lt 400 ]; then
    as_root su postgres -c "psql -qc 'ALTER SYSTEM SET max_connections = 400'" >&2
    as_root pg_ctlcluster 15 main restart >&2
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  export ORCHESTRATOR_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=orchestrator_test;Password=orchestrator_test;Database=postgres"
}

ensure_redis() {
  command -v redis-server >/dev/null || { log "installing Redis"; apt_install redis-server; }
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >&2
    for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.25; done
  fi
  export ORCHESTRATOR_TEST_REDIS="127.0.0.1:6379"
}

ensure_compose() {
  # Debian's docker-compose 1.29 validates docker-compose.yml (there is no Docker engine to run it here).
  command -v docker-compose >/dev/null || { log "installing docker-compose"; apt_install docker-compose; }
}

ensure_python() {
  # The sample external worker (samples/python-worker) is plain Python 3; its tests run it as a process.
  command -v python3 >/dev/null || { log "installing python3"; apt_install python3; }
}

ensure_prometheus() {
  # One test runs Debian's Prometheus as its own child process on a free loopback port. The package would also run
  # it as a system service on :9090 (where the service manager starts services at all): stop and disable that one.
  command -v prometheus >/dev/null && return 0
  log "installing prometheus"
  apt_install --no-install-recommends prometheus || return 1
  if [ -d /run/systemd/system ]; then
    as_root systemctl disable --now prometheus >&2 2>/dev/null || true
  else
    as_root service prometheus stop >&2 2>/dev/null || true
    as_root update-rc.d prometheus disable >&2 2>/dev/null || true
  fi
  command -v prometheus >/dev/null
}

ensure_chromium() {
  # The web UI's browser tests drive Debian's Chromium through its matching ChromeDriver (no browser download).
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then log "installing chromium and chromium-driver"; apt_install chromium chromium-driver; fi
}

command -v dotnet >/dev/null || { log "the .NET 10 SDK is required (dotnet on PATH)"; echo "0 passed, 1 failed"; exit 1; }
ensure_postgres || log "PostgreSQL unavailable: tests that need it will fail"
ensure_redis || log "Redis unavailable: tests that need it will fail"
ensure_compose || log "docker-compose unavailable: the compose validation test will fail"
ensure_chromium || log "chromium unavailable: the browser tests will fail"
ensure_python || log "python3 unavailable: the sample worker's tests will fail"
ensure_prometheus || log "prometheus unavailable: the Prometheus scrape test will fail"

results="$PWD/TestResults"
rm -rf "$results"
export ORCHESTRATOR_TEST_SCREENSHOTS="$results/screenshots"
if ! dotnet build Orchestrator.sln -c Debug -nologo -v q >&2; then
  log "build failed"; echo "0 passed, 1 failed"; exit 1
fi
dotnet test Tests/Tests.csproj -c Debug --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 >&2
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then log "no test results (exit $status)"; echo "0 passed, 1 failed"; exit 1; fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
skipped=$(counter notExecuted)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # the run itself failed (crash, timeout)
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
