import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import { type Attributes, type HrTime } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: AnyValue[] } };

function anyValue(value: unknown): AnyValue {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { stringValue: String(value) };
}

const keyValues = (attributes: Attributes) => Object.entries(attributes).filter(([, v]) => v !== undefined).map(([key, value]) => ({ key, value: anyValue(value) }));
const nanos = ([seconds, ns]: HrTime) => (BigInt(seconds) * 1_000_000_000n + BigInt(ns)).toString();

/** OTLP/JSON (`ExportTraceServiceRequest`) for a batch: spans grouped by resource, then by tracer. */
export function otlpJson(spans: ReadableSpan[]): string {
  const byResource = new Map<ReadableSpan['resource'], Map<string, ReadableSpan[]>>();
  for (const span of spans) {
    const scopes = byResource.get(span.resource) ?? new Map<string, ReadableSpan[]>();
    byResource.set(span.resource, scopes);
    const scope = span.instrumentationScope.name;
    scopes.set(scope, [...(scopes.get(scope) ?? []), span]);
  }
  return JSON.stringify({
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(resource.attributes) },
      scopeSpans: [...scopes].map(([name, list]) => ({
        scope: { name },
        spans: list.map((s) => ({
          traceId: s.spanContext().traceId,
          spanId: s.spanContext().spanId,
          ...(s.parentSpanContext?.spanId ? { parentSpanId: s.parentSpanContext.spanId } : {}),
          name: s.name,
          // OTLP counts kinds from 1 (INTERNAL) where the API counts from 0.
          kind: s.kind + 1,
          startTimeUnixNano: nanos(s.startTime),
          endTimeUnixNano: nanos(s.endTime),
          attributes: keyValues(s.attributes),
          events: s.events.map((e) => ({ name: e.name, timeUnixNano: nanos(e.time), attributes: keyValues(e.attributes ?? {}) })),
          status: { code: s.status.code, ...(s.status.message ? { message: s.status.message } : {}) },
        })),
      })),
    })),
  });
}

/**
 * Spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies, on a keep-alive agent. (The
 * SDK's own exporter loads node:http through a dynamic import(), which fails inside jest's module
 * sandbox: its spans would never leave in the tests that prove tracing works.)
 */
export class OtlpHttpJsonExporter implements SpanExporter {
  private readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(endpoint: string, private readonly timeoutMs = 10_000) {
    this.url = new URL(`${endpoint.replace(/\/$/, '')}/v1/traces`);
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const sent = this.post(otlpJson(spans)).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.agent.destroy();
  }

  private post(body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = (this.url.protocol === 'https:' ? httpsRequest : httpRequest)(this.url, {
        method: 'POST', agent: this.agent, timeout: this.timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`collector answered ${res.statusCode}`))));
      });
      req.on('timeout', () => req.destroy(new Error(`collector did not answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
