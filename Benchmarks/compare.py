#!/usr/bin/env python3
"""Reads bench.sh's JSON lines (ours and the peers') and prints Markdown tables: every run, then ratios ours ÷ peer.

Throughput compares e2e_per_s (higher is better); lateness compares p99 (lower is better, so the ratio is
peer ÷ ours to keep "> 1 means we win"). Every peer row is shown, including those we lose to.
"""
import json
import sys


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
    if failed:
        print(f"\n{len(failed)} run(s) failed; see the table above.")


if __name__ == "__main__":
    main()
