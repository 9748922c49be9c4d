#!/usr/bin/env python3
"""An Orchestrator external worker in plain Python (standard library only).

It registers, long-polls for jobs on its queues, runs each job's handler while a heartbeat thread keeps the lease,
and reports the result. SIGTERM/SIGINT drain it: no new leases, jobs in hand finish, then it exits.

Configuration (environment):
  ORCHESTRATOR_URL      gateway URL, e.g. http://localhost:5000
  ORCHESTRATOR_API_KEY  an API key (role "worker" is enough)
  WORKER_QUEUES         comma-separated queues (default "default")
  WORKER_CONCURRENCY    jobs at once (default 2)
  WORKER_HEARTBEAT_SECONDS  seconds between heartbeats of a running job (default 10)

Job types handled here: "py-reverse" ({"text": "..."} -> {"reversed": "..."}), "py-sleep" ({"seconds": n}, reports
progress), "py-fail" (always fails, not retryable). Add your own to HANDLERS.
"""
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

URL = os.environ.get("ORCHESTRATOR_URL", "http://localhost:5000").rstrip("/")
KEY = os.environ["ORCHESTRATOR_API_KEY"]
QUEUES = [q for q in os.environ.get("WORKER_QUEUES", "default").split(",") if q]
CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", "2"))
HEARTBEAT = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))  # keep it well under the gateway's lease (30 s)


class Conflict(Exception):
    """The lease is gone (expired or the job was cancelled): stop working on the job."""


def call(method, path, body=None, timeout=40):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(URL + path, data=data, method=method,
                                     headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        if e.code == 409:
            raise Conflict(e.read().decode(errors="replace"))
        raise RuntimeError(f"{method} {path}: HTTP {e.code} {e.read().decode(errors='replace')}")


def reverse(job, report):
    return {"reversed": job["payload"]["text"][::-1]}


def sleep(job, report):
    seconds = float(job["payload"].get("seconds", 1))
    steps = 10
    for i in range(steps):
        time.sleep(seconds / steps)
        report((i + 1) * 100 // steps, f"step {i + 1}/{steps}")
    return {"slept": seconds}


def fail(job, report):
    raise ValueError("py-fail always fails")


HANDLERS = {"py-reverse": reverse, "py-sleep": sleep, "py-fail": fail}


def run(job):
    job_id, token = job["id"], job["leaseToken"]
    pending = {"progress": None, "lines": []}
    lock = threading.Lock()
    done = threading.Event()

    def report(progress, line):
        with lock:
            pending["progress"] = progress
            pending["lines"].append(line)

    def heartbeat():
        # Beat at a third of the lease so one lost beat does not lose the lease.
        while not done.wait(HEARTBEAT):
            with lock:
                body = {"leaseToken": token, "progress": pending["progress"], "lines": pending["lines"]}
                pending["lines"] = []
            try:
                call("POST", f"/v1/jobs/{job_id}/heartbeat", body)
            except Conflict:
                return
            except Exception as e:  # the next beat tries again
                print(f"heartbeat failed: {e}", file=sys.stderr, flush=True)

    beat = threading.Thread(target=heartbeat, daemon=True)
    beat.start()
    try:
        handler = HANDLERS.get(job["type"])
        if handler is None:
            raise LookupError(f"no handler for {job['type']}")
        result = handler(job, report)
        done.set()
        with lock:
            if pending["progress"] is not None or pending["lines"]:  # the last progress and lines go with a final beat
                call("POST", f"/v1/jobs/{job_id}/heartbeat", {"leaseToken": token, "progress": pending["progress"], "lines": pending["lines"]})
        call("POST", f"/v1/jobs/{job_id}/complete", {"leaseToken": token, "result": result})
        print(f"completed {job_id}", flush=True)
    except Conflict:
        print(f"lease lost for {job_id}", flush=True)
    except Exception as e:
        done.set()
        retryable = not isinstance(e, (ValueError, LookupError))
        try:
            call("POST", f"/v1/jobs/{job_id}/fail", {"leaseToken": token, "error": f"{type(e).__name__}: {e}", "retryable": retryable})
        except Conflict:
            pass
        print(f"failed {job_id}: {e}", flush=True)
    finally:
        done.set()


def main():
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    worker = call("POST", "/v1/workers", {"name": f"python@{socket.gethostname()}", "queues": QUEUES,
                                          "concurrency": CONCURRENCY, "version": "1.0", "labels": {"lang": "python"}})
    print(f"worker {worker['id']} ready on {','.join(QUEUES)}", flush=True)
    slots = threading.Semaphore(CONCURRENCY)
    threads = []
    while not stopping.is_set():
        free = 0
        while free < CONCURRENCY and (slots.acquire(timeout=1) if free == 0 else slots.acquire(blocking=False)):
            free += 1
        if free == 0:
            continue
        try:
            answer = call("POST", f"/v1/workers/{worker['id']}/lease", {"queues": QUEUES, "max": free, "wait": "PT5S"})
        except Exception as e:
            print(f"lease failed: {e}", file=sys.stderr, flush=True)
            answer = {"jobs": [], "draining": False}
            time.sleep(1)
        for _ in range(free - len(answer["jobs"])):
            slots.release()
        for job in answer["jobs"]:
            def work(job=job):
                try:
                    run(job)
                finally:
                    slots.release()
            thread = threading.Thread(target=work)
            thread.start()
            threads.append(thread)
        if answer.get("draining"):
            print("asked to drain", flush=True)
            break
    for thread in threads:
        thread.join()
    print("drained", flush=True)


if __name__ == "__main__":
    main()
