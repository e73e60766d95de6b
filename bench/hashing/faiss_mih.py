#!/usr/bin/env python3
"""faiss IndexBinaryMultiHash baseline for bench/hashing.ts (Debian python3-faiss, one thread).

Usage: /usr/bin/python3 bench/hashing/faiss_mih.py DATA.bin QUERIES.bin RADIUS OUT.tsv
  DATA.bin / QUERIES.bin: 32 bytes per 256-bit hash (the same files the TypeScript index reads).
  Prints one JSON object (build seconds, queries/s per run, peak RSS) and writes every
  match as `query<TAB>entry<TAB>distance` to OUT.tsv for the recall check.
"""
import json
import resource
import sys
import time

import numpy as np
import faiss

data_path, query_path, radius, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
faiss.omp_set_num_threads(1)

xb = np.fromfile(data_path, dtype=np.uint8).reshape(-1, 32)
xq = np.fromfile(query_path, dtype=np.uint8).reshape(-1, 32)

t0 = time.perf_counter()
index = faiss.IndexBinaryMultiHash(256, 16, 16)
index.nflip = 1
index.add(xb)
build = time.perf_counter() - t0

qps = []
lims = D = I = None
for _ in range(runs):
    t0 = time.perf_counter()
    # faiss binary range_search keeps distances strictly below the radius.
    lims, D, I = index.range_search(xq, radius + 1)
    qps.append(len(xq) / (time.perf_counter() - t0))

with open(out_path, "w") as f:
    for q in range(len(xq)):
        for k in range(lims[q], lims[q + 1]):
            f.write(f"{q}\t{int(I[k])}\t{int(D[k])}\n")

print(json.dumps({
    "n": int(len(xb)),
    "queries": int(len(xq)),
    "buildSeconds": build,
    "qps": qps,
    "matches": int(lims[-1]),
    "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "faiss": faiss.__version__,
}))
