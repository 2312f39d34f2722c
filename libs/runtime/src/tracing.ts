import { type Context, context, INVALID_SPAN_CONTEXT, propagation, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

import { OtlpHttpJsonExporter } from './otlp-exporter';

export { SpanKind, SpanStatusCode, type Span, type Tracer };

/** One deployable's tracer (none when traces are off) and how to flush and stop it. */
export interface Tracing {
  tracer?: Tracer;
  shutdown(): Promise<void>;
}

let globalsInstalled = false;

/** W3C trace context through async calls (AsyncLocalStorage) and in `traceparent` headers; once per process. */
function installGlobals(): void {
  if (globalsInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  globalsInstalled = true;
}

/**
 * Traces for `service` (its `service.name`), exported over OTLP/HTTP to `endpoint` (the collector's
 * base URL, `OTEL_EXPORTER_OTLP_ENDPOINT`) in batches. Without an endpoint there is no tracer and
 * nothing is installed (no async context tracking, no spans, no headers): traces cost nothing where
 * they are off. Each deployable has its own provider (not the global one), so several in one
 * process (the tests) keep their own names.
 */
export function startTracing(service: string, options: { endpoint?: string; flushMs?: number } = {}): Tracing {
  if (!options.endpoint) return { shutdown: async () => undefined };
  installGlobals();
  const exporter = new OtlpHttpJsonExporter(options.endpoint);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'property-desk' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.flushMs ?? 2000, maxQueueSize: 8192 })],
  });
  return { tracer: provider.getTracer(service), shutdown: () => provider.shutdown() };
}

/** The `traceparent` of the active span (or of `ctx`), to carry in a message; undefined outside any trace. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` (a header or an event's) continues. */
export function contextFromTraceparent(traceparent: string | undefined, base: Context = context.active()): Context {
  return traceparent ? propagation.extract(base, { traceparent }) : base;
}

/** Puts the active trace context in outgoing HTTP headers. */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers);
}

const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Runs `work` in a span named `name` (child of `parent`, else of the active context), ended when
 * `work` settles; a thrown error marks it failed. Without a tracer (traces off) it just runs `work`.
 */
export async function inSpan<T>(tracer: Tracer | undefined, name: string, options: { kind?: SpanKind; parent?: () => Context; attributes?: Record<string, string | number | boolean> }, work: (span: Span) => Promise<T>): Promise<T> {
  if (!tracer) return work(NO_SPAN);
  const parent = options.parent?.() ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace id of the active span, for log lines (undefined outside a recorded trace). */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const ctx = span?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}
