#!/usr/bin/env bash
# Side by side, one run on this machine: the peers (../shared/peers/run.sh: Hangfire on PostgreSQL, in memory and
# Redis; Quartz on PostgreSQL; BullMQ on Redis), then ours, then one table with ratios (ours ÷ peer).
# JSON lines go to $OUT (default bench-results.jsonl; appended). Not part of ./test.sh.
#   ./bench.sh                    # everything below
#   PEERS="" ./bench.sh           # only ours (no comparison rows)
#   OURS="throughput MODE=embedded N=20000" ./bench.sh
set -uo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-$PWD/bench-results.jsonl}
PEERS=${PEERS-"hangfire-inmemory-throughput hangfire-pg-throughput quartz-pg-throughput hangfire-redis-throughput bullmq-throughput hangfire-pg-schedule-lateness quartz-pg-schedule-lateness bullmq-schedule-lateness hangfire-pg-pending-memory"}
if [ -z "${OURS:-}" ]; then
  OURS_RUNS=(
    "throughput MODE=embedded VIA=client N=100000 WORKERS=64"
    "throughput MODE=embedded VIA=http N=20000 WORKERS=64"
    "throughput MODE=cluster VIA=client SILOS=1 N=20000 WORKERS=64"
    "throughput MODE=cluster VIA=client SILOS=2 N=20000 WORKERS=64"
    "throughput MODE=cluster VIA=http SILOS=1 N=5000 WORKERS=64"
    "lateness MODE=embedded N=5000 SPREAD_S=20 LEAD_S=8"
    "lateness MODE=cluster SILOS=1 N=5000 SPREAD_S=20 LEAD_S=30"
    "activations MODE=embedded N=30000"
    "pending MODE=embedded N=1000000"
    "pending MODE=cluster N=100000"
    "pending MODE=cluster N=1000000"
    "pending MODE=cluster N=20000"
    "pending MODE=cluster N=20000 PAYLOAD_BYTES=8192"
    "writes MODE=cluster N=5000"
    "failover MODE=cluster SILOS=3 DURATION_S=40 KILL_AT_S=15"
    "workflow MODE=embedded WIDTH=100 DEPTH=10"
    "workflow MODE=cluster SILOS=1 WIDTH=100 DEPTH=10"
  )
else
  OURS_RUNS=("$OURS")
fi

echo "bench.sh: results appended to $OUT" >&2
# One run.sh call per peer scenario, so a peer that cannot run (its line says why) does not stop the others.
for peer in $PEERS; do
  OUT="$OUT" ../shared/peers/run.sh "$peer" >/dev/null || echo "bench.sh: peer $peer failed (see its error line)" >&2
done
dotnet build -c Release Benchmarks -nologo -v q >&2 || exit 1
export ORCHESTRATOR_BENCH_POSTGRES=${ORCHESTRATOR_BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=orchestrator_test;Password=orchestrator_test;Database=postgres"}
for run in "${OURS_RUNS[@]}"; do
  # shellcheck disable=SC2086
  line=$(timeout 900 dotnet Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll $run 2>/dev/null | grep '^{' | tail -1)
  [ -n "$line" ] || line="{\"system\":\"orchestrator\",\"scenario\":\"${run%% *}\",\"error\":\"no output (timeout or crash)\",\"args\":\"$run\"}"
  echo "$line" | tee -a "$OUT"
done
python3 Benchmarks/compare.py "$OUT"
