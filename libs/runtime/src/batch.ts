import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Reads the gateway sends a subgraph in one turn of its event loop, for different callers, go as
 * one HTTP request (issue 14): on a page of tickets from 50 callers, the HTTP request and its
 * answer (a write system call on each side, undici's and node:http's work per message) were about
 * a third of the gateway's CPU and a seventh of the subgraph's. Each operation in a batch is still
 * its own request to the subgraph: its own signed caller, context, entity manager, access checks,
 * audit and answer; only the transport is shared. Mutations never go in a batch.
 *
 * The request is a JSON array of `{ "headers": {…}, "body": <the operation's JSON body> }`, sent
 * with `content-type: application/x-pm-graphql-batch`. The answer (same type) is, per operation in
 * order, a line `<status> <length> <content type>` and then `length` characters (UTF-16 code
 * units) of its body: the subgraph's answers are already text, and are neither escaped nor parsed
 * again to travel together.
 */
export const BATCH_CONTENT_TYPE = 'application/x-pm-graphql-batch';

/** Most operations a subgraph takes in one batch; the gateway sends no more. */
export const MAX_BATCH_OPERATIONS = 32;

/** One operation's answer within a batch. */
export interface BatchAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The batch answer's text, answers in the order of the operations. */
export function encodeBatchAnswers(answers: readonly BatchAnswer[]): string {
  let text = '';
  for (const { status, contentType, body } of answers) text += `${status} ${body.length} ${contentType.replace(/[\r\n]/g, ' ')}\n${body}`;
  return text;
}

/** The answers in a batch answer's text; throws on a text not made by encodeBatchAnswers (cut short, say). */
export function decodeBatchAnswers(text: string): BatchAnswer[] {
  const answers: BatchAnswer[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const head = end < 0 ? null : /^(\d{3}) (\d+) (.*)$/.exec(text.slice(at, end));
    if (!head) throw new Error(`Malformed batch answer at character ${at}`);
    const length = Number(head[2]);
    if (end + 1 + length > text.length) throw new Error(`Batch answer cut short at character ${at}`);
    answers.push({ status: Number(head[1]), contentType: head[3], body: text.slice(end + 1, end + 1 + length) });
    at = end + 1 + length;
  }
  return answers;
}

/** One operation of a batch as the subgraph received it. */
export interface BatchedRequest {
  headers: Record<string, string>;
  body: unknown;
}

/** The operations of a batch request's body, or a reason it is not one. */
export function parseBatchRequest(raw: string): BatchedRequest[] | string {
  let items: unknown;
  try {
    items = JSON.parse(raw);
  } catch {
    return 'The batch is not valid JSON';
  }
  if (!Array.isArray(items) || !items.length) return 'A batch is a non-empty array of operations';
  if (items.length > MAX_BATCH_OPERATIONS) return `A batch holds at most ${MAX_BATCH_OPERATIONS} operations`;
  for (const item of items) {
    const headers = (item as { headers?: unknown } | null)?.headers;
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || !Object.values(headers).every((v) => typeof v === 'string')) {
      return 'Every operation in a batch has headers (names to strings) and a body';
    }
  }
  return items as BatchedRequest[];
}

/**
 * One operation of a batch as a request of its own: what the subgraph's handlers read of a request
 * (method, URL, headers), the operation's headers in place of the batch's. Header names are taken
 * in lower case, as node:http gives them.
 */
export function batchedRequest(batch: IncomingMessage, headers: Record<string, string>): IncomingMessage {
  const own: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) own[name.toLowerCase()] = value;
  return { method: 'POST', url: batch.url, headers: own, socket: batch.socket } as IncomingMessage;
}

/** Where one operation of a batch writes its answer: kept, to be sent with the others. */
export class CapturedResponse {
  statusCode = 200;
  headersSent = false;
  private readonly headers = new Map<string, string>();
  private readonly chunks: string[] = [];

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  writeHead(status: number, headers?: Record<string, string>): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Uint8Array): boolean {
    this.headersSent = true;
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }

  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.write(chunk);
    this.headersSent = true;
    return this;
  }

  /** The answer as the batch carries it. */
  answer(): BatchAnswer {
    return { status: this.statusCode, contentType: this.headers.get('content-type') ?? 'text/plain', body: this.chunks.join('') };
  }

  /** As a ServerResponse, for handlers that write one. */
  asServerResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}
