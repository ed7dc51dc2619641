"""Real threads with their own database connections, released together to race for the same rows."""

import threading

from django.db import connections


def run_in_threads(jobs, workers):
    """Run the callables on `workers` threads released together; each thread closes its connection."""
    results, lock = [], threading.Lock()
    barrier = threading.Barrier(workers)
    chunks = [jobs[i::workers] for i in range(workers)]

    def worker(chunk):
        try:
            barrier.wait()
            for job in chunk:
                outcome = job()
                with lock:
                    results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
