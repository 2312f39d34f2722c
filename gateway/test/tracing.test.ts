import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { Role } from '@pm/identity';
import { eventually, ok, testEventSpace } from '@pm/testing';

import { createTestProperty } from './factories';
import { startTestGraph, type TestGraph } from './graph';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** What an OpenTelemetry collector receives over OTLP/HTTP (JSON): every span with its service. */
function collector(spans: ExportedSpan[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: (Omit<ExportedSpan, 'service' | 'attributes'> & { attributes?: { key: string; value: Record<string, unknown> }[] })[] }[] }[];
      };
      for (const rs of body.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            spans.push({ ...s, service, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])) });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * Issue 16: operators follow a request across services. One `openTicket` is one trace: the
 * gateway's request, its call to tickets, tickets' own request span, the event's publication from
 * the outbox, and its consumption by another service (surveys), each exported over OTLP.
 */
describe('traces across services (OpenTelemetry)', () => {
  let graph: TestGraph;
  let otlp: { server: Server; url: string };
  const spans: ExportedSpan[] = [];

  beforeAll(async () => {
    otlp = await collector(spans);
    const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url };
    graph = await startTestGraph(traced, { serviceSettings: { tickets: traced, residents: traced, renovation: traced, parking: traced, surveys: traced } });
  });

  afterAll(async () => {
    await graph?.stop();
    await new Promise((resolve) => otlp?.server.close(resolve));
  });

  it('one trace for an openTicket: gateway → tickets → outbox → a consumer in another service', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const { openTicket } = ok(await graph.as(Role.FRONT_DESK)<{ openTicket: { id: string } }>(
      'mutation Register($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      { input: { propertyId, unitId: units[0].id, channel: 'PHONE', kind: 'REPAIR', title: '走廊灯不亮' } },
    ));

    const inTrace = () => {
      const root = spans.find((s) => s.service === 'gateway' && s.name === 'graphql mutation openTicket');
      return root ? spans.filter((s) => s.traceId === root.traceId) : [];
    };
    // Published in the test's own event namespace (libs/events EventSpace).
    const published = testEventSpace().subject('pm.tickets.ticket.opened');
    await eventually(async () => {
      expect(inTrace().map((s) => `${s.service}: ${s.name}`)).toEqual(expect.arrayContaining([
        'gateway: graphql mutation openTicket',
        'gateway: subgraph tickets',
        'tickets: graphql mutation openTicket',
        `tickets: publish ${published}`,
        'surveys: consume tickets.ticket.opened',
      ]));
    }, 20_000, 250);

    const trace = inTrace();
    const one = (service: string, name: string) => trace.find((s) => s.service === service && s.name === name)!;
    const gateway = one('gateway', 'graphql mutation openTicket');
    const call = one('gateway', 'subgraph tickets');
    const tickets = one('tickets', 'graphql mutation openTicket');
    const publish = one('tickets', `publish ${published}`);
    const consume = one('surveys', 'consume tickets.ticket.opened');
    // Parent to child: the gateway's request → its call → tickets' request → the event's publication and its consumption.
    expect(gateway.parentSpanId || undefined).toBeUndefined();
    expect(call.parentSpanId).toBe(gateway.spanId);
    expect(tickets.parentSpanId).toBe(call.spanId);
    expect([publish.parentSpanId, consume.parentSpanId]).toEqual([tickets.spanId, tickets.spanId]);
    // Kinds as OTLP numbers them: SERVER 2, CLIENT 3, PRODUCER 4, CONSUMER 5.
    expect([gateway.kind, call.kind, tickets.kind, publish.kind, consume.kind]).toEqual([2, 3, 2, 4, 5]);
    expect(publish.attributes['messaging.destination.name']).toBe(published);
    expect(consume.attributes).toMatchObject({ 'messaging.consumer.group.name': expect.stringContaining('surveys'), 'pm.outcome': 'skipped' });
    // Nothing about the ticket's people travels in spans: ids and names of operations only.
    expect(JSON.stringify(trace)).not.toContain('走廊灯不亮');
    expect(openTicket.id).toBeTruthy();
  });

  it('/metrics: rate, latency and errors per operation at the gateway and at the subgraph', async () => {
    const gatewayMetrics = await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text();
    expect(gatewayMetrics).toMatch(/pm_gateway_operation_duration_seconds_count\{operation="mutation openTicket",outcome="ok"\} [1-9]/);
    const ticketsMetrics = await (await fetch(`${graph.services.tickets.internalUrl}/metrics`)).text();
    expect(ticketsMetrics).toMatch(/pm_graphql_operation_duration_seconds_bucket\{service="tickets",operation="mutation openTicket",outcome="ok",le="\+Inf"\} [1-9]/);
    expect(ticketsMetrics).toContain('# TYPE pm_sla_breaches_total counter');
    expect(ticketsMetrics).toMatch(/pm_outbox_oldest_pending_seconds\{service="tickets"\}/);
  });

  it('/metrics: the gateway shapes a repeated operation\'s answers with compiled code (issue 14)', async () => {
    const desk = graph.as(Role.FRONT_DESK);
    const compiled = async () => Number(/^pm_gateway_response_shapers_compiled_total (\d+)$/m.exec(await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text())?.[1]);
    const before = await compiled();
    for (let i = 0; i < 3; i++) ok(await desk('query ShapedTwice { __typename }'));
    expect(await compiled()).toBe(before + 1);
  });
});
