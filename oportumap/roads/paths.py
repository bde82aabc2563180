"""Shortest times from many origins: one function over a chunk of origins, run in series,
on local processes or on a Dask cluster.

Each chunk is a multi-source call of ``scipy.sparse.csgraph.dijkstra`` with a ``limit``
(nodes beyond it are never settled, so a 3-hour reach on a country costs what 3 hours
cover), keeping only the columns of the destinations; the chunk size bounds memory
(``chunk x nodes`` distances at once). Why scipy and not igraph: see the benchmark in
``benchmarks/roads.py`` (igraph's ``distances`` has no cutoff, so it settles the whole
country for every origin).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from oportumap.errors import DataError

#: Bytes of distances one chunk may hold (chunk x graph nodes x 8).
CHUNK_BYTES = 256 * 2**20
#: Seconds to wait for a Dask scheduler before saying it cannot be reached.
DASK_CONNECT_SECONDS = 20


@dataclass(frozen=True)
class ChunkTimes:
    """Times found by one or more chunks: parallel arrays, one entry per pair in reach.

    Attributes
    ----------
    source, target : numpy.ndarray
        Positions in the ``sources`` and ``targets`` given.
    minutes : numpy.ndarray
        Time by road between the two nodes.
    """

    source: np.ndarray
    target: np.ndarray
    minutes: np.ndarray


def chunk_times(matrix: sparse.csr_matrix, sources: np.ndarray, targets: np.ndarray,
                limits: np.ndarray, offset: int = 0) -> ChunkTimes:
    """Times from each node of ``sources`` to each node of ``targets``, within its limit.

    This is the unit of work sent to processes or to a Dask cluster.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix
        Minutes of each edge.
    sources, targets : numpy.ndarray
        Node indices.
    limits : numpy.ndarray
        Largest time wanted from each source (minutes; ``inf`` for all).
    offset : int
        Added to the returned source positions (the chunk's start).

    Examples
    --------
    >>> m = sparse.csr_matrix(([5.0, 7.0], ([0, 1], [1, 2])), shape=(3, 3))
    >>> r = chunk_times(m, np.array([0]), np.array([1, 2]), np.array([10.0]))
    >>> r.target.tolist(), r.minutes.tolist()
    ([0], [5.0])
    """
    limits = np.asarray(limits, dtype=float)
    empty = ChunkTimes(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(sources) == 0 or len(targets) == 0:
        return empty
    limit = float(np.max(limits))
    dist = dijkstra(matrix, directed=True, indices=np.asarray(sources, dtype=np.int64),
                    limit=limit if np.isfinite(limit) else np.inf)
    dist = np.atleast_2d(dist)[:, np.asarray(targets, dtype=np.int64)]
    hit = dist <= limits[:, None]
    s, t = np.nonzero(hit)
    return ChunkTimes(s.astype(np.int64) + offset, t.astype(np.int64), dist[s, t])


def _chunks(n_sources: int, n_nodes: int, chunk_size: int | None) -> list[slice]:
    size = chunk_size or max(1, min(256, CHUNK_BYTES // max(8 * n_nodes, 1)))
    return [slice(i, min(i + size, n_sources)) for i in range(0, n_sources, size)]


_WORKER_MATRIX: sparse.csr_matrix | None = None


def _init_worker(matrix: sparse.csr_matrix) -> None:
    global _WORKER_MATRIX
    _WORKER_MATRIX = matrix


def _worker_chunk(sources, targets, limits, offset) -> ChunkTimes:
    return chunk_times(_WORKER_MATRIX, sources, targets, limits, offset)


def _scatter_chunk(matrix, sources, targets, limits, offset) -> ChunkTimes:
    return chunk_times(matrix, sources, targets, limits, offset)


def many_to_many(matrix: sparse.csr_matrix, sources: np.ndarray, targets: np.ndarray,
                 limits: np.ndarray | float, *, workers: int | None = None,
                 scheduler=None, chunk_size: int | None = None,
                 progress=None) -> ChunkTimes:
    """Times from every source node to every target node within the limits.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix
        Minutes of each edge.
    sources, targets : numpy.ndarray
        Node indices.
    limits : numpy.ndarray or float
        Largest time wanted (per source, or one for all).
    workers : int, optional
        Local processes (default: every core; 1 runs in this process).
    scheduler : str or dask.distributed.Client, optional
        A Dask scheduler address (``"tcp://10.0.0.5:8786"``) or client: the chunks run on
        that cluster instead of local processes.
    chunk_size : int, optional
        Sources per chunk (default: what fits in :data:`CHUNK_BYTES`).
    progress : callable, optional
        Called with the number of sources done after each chunk.

    Examples
    --------
    >>> m = sparse.csr_matrix(([5.0, 7.0], ([0, 1], [1, 2])), shape=(3, 3))
    >>> r = many_to_many(m, np.array([0, 1]), np.array([2]), 60.0, workers=1)
    >>> r.source.tolist(), r.minutes.tolist()
    ([0, 1], [12.0, 7.0])
    """
    sources = np.asarray(sources, dtype=np.int64)
    targets = np.asarray(targets, dtype=np.int64)
    limits = np.broadcast_to(np.asarray(limits, dtype=float), sources.shape).copy()
    parts = _chunks(len(sources), matrix.shape[0], chunk_size)
    tasks = [(sources[p], targets, limits[p], p.start) for p in parts]
    results: list[ChunkTimes] = []

    def done(result: ChunkTimes, n: int) -> None:
        results.append(result)
        if progress is not None:
            progress(n)

    if scheduler is not None:
        _run_dask(matrix, tasks, scheduler, done)
    else:
        workers = workers or os.cpu_count() or 1
        if workers <= 1 or len(tasks) <= 1:
            for task in tasks:
                done(chunk_times(matrix, *task), len(task[0]))
        else:
            _run_processes(matrix, tasks, workers, done)
    if not results:
        return ChunkTimes(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    results.sort(key=lambda r: (r.source[0] if len(r.source) else -1))
    return ChunkTimes(np.concatenate([r.source for r in results]),
                      np.concatenate([r.target for r in results]),
                      np.concatenate([r.minutes for r in results]))


def _run_processes(matrix, tasks, workers: int, done) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Each worker receives the graph once (initializer), never once per chunk. fork (no
    # re-import of the caller's script) only while this process runs a single thread:
    # forking a threaded one (a notebook kernel, a Dask client) can hang.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context,
                             initializer=_init_worker, initargs=(matrix,)) as pool:
        futures = {pool.submit(_worker_chunk, *task): len(task[0]) for task in tasks}
        for future in as_completed(futures):
            done(future.result(), futures[future])


def _run_dask(matrix, tasks, scheduler, done) -> None:
    from dask.distributed import Client, as_completed

    if isinstance(scheduler, Client):
        client = scheduler
    else:
        try:
            client = Client(scheduler, timeout=f"{DASK_CONNECT_SECONDS}s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise DataError(f"no se pudo conectar con el clúster Dask en '{scheduler}' ({exc}); "
                            "revise la dirección (tcp://SERVIDOR:8786) y que el scheduler "
                            "esté en marcha, o quite --scheduler para usar esta "
                            "computadora") from None
    try:
        # The graph goes to every worker once; each chunk then carries only its origins.
        graph = client.scatter(matrix, broadcast=True)
        futures = [client.submit(_scatter_chunk, graph, *task, pure=False) for task in tasks]
        sizes = {f.key: len(t[0]) for f, t in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            done(future.result(), sizes[future.key])
    finally:
        if client is not scheduler:
            client.close()
