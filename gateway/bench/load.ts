import { Agent, request } from 'node:http';

/** One kind of request to fire again and again: where, with which headers, which body. */
export interface LoadTarget {
  url: string;
  /** The same for every connection, or per connection (each connection a different caller). */
  headers: Record<string, string> | ((connection: number) => Record<string, string>);
  /** Called per request (a mutation needs fresh input); a fixed body is built once. */
  body: string | (() => string);
}

export interface LoadResult {
  requests: number;
  /** Non-200 answers, or 200s that carry GraphQL `errors`. */
  errors: number;
  firstError?: string;
  seconds: number;
  /** Sorted, in milliseconds. */
  latencies: Float64Array;
}

/** The latency at percentile `p` (0–100) of sorted samples. */
export const percentile = (sorted: Float64Array, p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);

/**
 * A closed-loop load: `connections` keep-alive connections, each sending its next request as soon
 * as the previous answer is read, for `durationMs`. Lean on purpose (a prepared body, no JSON
 * parsing of answers, one scan for `"errors"`): the client shares the machine with what it measures.
 */
export async function runLoad(target: LoadTarget, connections: number, durationMs: number): Promise<LoadResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const fixed = typeof target.body === 'string' ? Buffer.from(target.body) : undefined;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + durationMs;

  const headersOf = (connection: number) => (typeof target.headers === 'function' ? target.headers(connection) : target.headers);
  const once = (headers: Record<string, string>) =>
    new Promise<void>((resolve) => {
      const body = fixed ?? Buffer.from((target.body as () => string)());
      const sent = performance.now();
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(performance.now() - sent);
            const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || text.includes('"errors"')) {
              errors += 1;
              firstError ??= `${res.statusCode}: ${text.slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        errors += 1;
        firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });

  await Promise.all(Array.from({ length: connections }, async (_, connection) => {
    const headers = headersOf(connection);
    while (performance.now() < end) await once(headers);
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, firstError, seconds, latencies: Float64Array.from(latencies).sort() };
}

const keepAlive = new Agent({ keepAlive: true });

/**
 * One POST on a kept-alive connection, its answer as text: what an open-loop driver fires at a fixed
 * rate (fetch costs several times the CPU per request, on the machine being measured).
 */
export function post(target: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const url = new URL(target);
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: keepAlive, headers: { ...headers, 'content-type': 'application/json', 'content-length': bytes.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}
