"""Times networkx's max_weight_matching on a graph read as JSON from stdin.

Usage: python3 bench/networkx_matching.py < graph.json

The input is one JSON object, as bench/max-weight-matching-vs-networkx.ts
writes it: {"n": N, "edges": [[u, v, weight], ...], "maxCardinality": bool,
"repeats": R}. Vertices are 0..N-1, every one added to the graph (so isolated
vertices exist too). Building the nx.Graph is not timed; only the call
nx.max_weight_matching(G, maxcardinality=...) is (time.perf_counter), R times
on the same graph. Prints one JSON line:
{"networkx": version, "times_ms": [...], "weight": <sum of matched weights>,
 "size": <matched edges>}.
"""
import json
import sys
import time

import networkx as nx


def main() -> None:
    spec = json.load(sys.stdin)
    graph = nx.Graph()
    graph.add_nodes_from(range(spec["n"]))
    graph.add_weighted_edges_from((u, v, w) for u, v, w in spec["edges"])
    times_ms = []
    matching = set()
    for _ in range(spec["repeats"]):
        start = time.perf_counter()
        matching = nx.max_weight_matching(graph, maxcardinality=spec["maxCardinality"])
        times_ms.append((time.perf_counter() - start) * 1000.0)
    weight = sum(graph[u][v]["weight"] for u, v in matching)
    print(json.dumps({"networkx": nx.__version__, "times_ms": times_ms, "weight": weight, "size": len(matching)}))


if __name__ == "__main__":
    main()
