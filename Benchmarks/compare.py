#!/usr/bin/env python3
"""Reads bench.sh's JSON lines (ours and the peers') and prints Markdown tables: every run, then ratios ours ÷ peer.

Throughput compares e2e_per_s (higher is better); lateness compares p99 (lower is better, so the ratio is
peer ÷ ours to keep "> 1 means we win"); pending compares database bytes per pending job (lower is better, peer ÷
ours too; our runs with payloads of 1 KiB or more are left out, since the peer's jobs carry two numbers). Every peer
row is shown, including those we lose to. Scenarios the peers have no counterpart for (writes, failover) get their
own "ours only" table instead.
"""
import json
import sys

# Scenarios with no peer counterpart: listed on their own, never in the ratios.
OURS_ONLY = {
    "writes": ["e2e_per_s", "commits_per_job", "writes_per_job", "statements_per_job", "pg_single_row_writes_per_s",
               "limit_jobs_per_s", "fraction_of_limit"],
    "failover": ["baseline_per_s", "dip_min_per_s", "recovery_s", "acknowledged", "succeeded", "lost", "rejected",
                 "all_terminal_after_s"],
}


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def label(r):
    if r.get("system") == "orchestrator":
        keys = ["mode", "via", "silos", "n", "workers_per_silo"]
        return "orchestrator " + " ".join(f"{k}={r[k]}" for k in keys if k in r)
    keys = ["n", "workers", "schedule_polling_interval_s"]
    text = r.get("scenario", "?") + " " + " ".join(f"{k}={r[k]}" for k in keys if k in r)
    persist = (r.get("settings") or {}).get("redis_persist")
    return text + (f" redis_persist={persist}" if persist else "")


def p99(r):
    l = r.get("lateness_ms")
    return l.get("p99") if isinstance(l, dict) else None


def main():
    rows = load(sys.argv[1])
    only = [r for r in rows if r.get("system") == "orchestrator" and r.get("scenario") in OURS_ONLY and "error" not in r]
    rows = [r for r in rows if not (r.get("system") == "orchestrator" and r.get("scenario") in OURS_ONLY and "error" not in r)]
    ours = [r for r in rows if r.get("system") == "orchestrator" and "error" not in r]
    peers = [r for r in rows if r.get("system") != "orchestrator" and "error" not in r]
    failed = [r for r in rows if "error" in r]

    print("| run | e2e jobs/s | enqueue jobs/s | lateness p50 / p99 / max ms | early |")
    print("|---|---:|---:|---|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {label(r)} | FAILED: {r['error']} | | | |")
            continue
        l = r.get("lateness_ms") if isinstance(r.get("lateness_ms"), dict) else {}
        late = f"{l.get('p50')} / {l.get('p99')} / {l.get('max')}" if l else ""
        print(f"| {label(r)} | {r.get('e2e_per_s', '')} | {r.get('enqueue_per_s', '')} | {late} | {r.get('early', '')} |")

    print()
    print("| ours | peer | ratio (> 1: ours better) |")
    print("|---|---|---:|")
    for o in ours:
        for p in peers:
            if "e2e_per_s" in o and "e2e_per_s" in p and p["e2e_per_s"]:
                print(f"| {label(o)} | {label(p)} | {o['e2e_per_s'] / p['e2e_per_s']:.2f}× throughput |")
            if p99(o) is not None and p99(p) is not None and p99(o) > 0:
                print(f"| {label(o)} | {label(p)} | {p99(p) / p99(o):.2f}× lateness p99 |")
            if o.get("pg_bytes_per_pending_job") and p.get("pg_bytes_per_pending_job") and o.get("payload_bytes", 0) < 1024:
                print(f"| {label(o)} | {label(p)} | {p['pg_bytes_per_pending_job'] / o['pg_bytes_per_pending_job']:.2f}× database bytes per pending job"
                      f" ({o['pg_bytes_per_pending_job']:g} vs {p['pg_bytes_per_pending_job']:g}) |")
    for scenario, keys in OURS_ONLY.items():
        runs = [r for r in only if r.get("scenario") == scenario]
        if not runs:
            continue
        print()
        print(f"Ours only: {scenario}")
        print()
        print("| run | " + " | ".join(keys) + " |")
        print("|---|" + "---:|" * len(keys))
        for r in runs:
            print(f"| {label(r)} | " + " | ".join("null" if r.get(k) is None else str(r.get(k)) for k in keys) + " |")
    if failed:
        print(f"\n{len(failed)} run(s) failed; see the table above.")


if __name__ == "__main__":
    main()
