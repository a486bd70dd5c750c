import autocannon from 'autocannon';

/**
 * The load generator, forked by the HTTP figures so that autocannon never shares the server's event loop.
 * Receives one LoadRequest over IPC, answers one LoadResult, exits.
 */

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Paths to rotate through, one per request (e.g. one journey after another). */
  paths: string[];
  body?: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function load(r: LoadRequest): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: r.url,
    method: r.method,
    connections: r.connections,
    duration: r.durationS,
    headers: r.headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
    requests: [
      {
        method: r.method,
        setupRequest: (req) => ({ ...req, path: r.paths[next++ % r.paths.length]! }),
      },
    ],
  });
  return {
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.once('message', (m: unknown) => {
  void load(m as LoadRequest).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (e: unknown) => process.send?.({ error: e instanceof Error ? e.message : String(e) }, () => process.exit(1)),
  );
});
