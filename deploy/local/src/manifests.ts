/**
 * The Kubernetes manifests in deploy/kubernetes/, written from one table of deployables (issue 16):
 * `npm run manifests` rewrites them; deploy/local/test/manifests.test.ts validates them against the
 * Kubernetes (and CloudNativePG) schemas and fails when the committed files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';

export const KUBERNETES_DIR = join(__dirname, '..', '..', 'kubernetes');
const IMAGE = 'property-desk:latest';
/** The operators' port (health, readiness, /metrics) is the public one + 5000, never behind a Service. */
const INTERNAL_OFFSET = 5000;

export interface Deployable {
  name: string;
  entry: string;
  port: number;
  /** Replicas at least (also the autoscaler's floor) and at most. */
  replicas: [number, number];
  cpu: string;
  memory: string;
  env?: Record<string, string>;
}

const subgraph = (name: string, port: number, env: Record<string, string> = {}): Deployable => ({
  name, entry: `services/${name}/src/main.js`, port, replicas: [2, 6], cpu: '250m', memory: '384Mi', env,
});

export const DEPLOYABLES: Deployable[] = [
  subgraph('tickets', 4001),
  subgraph('residents', 4002),
  subgraph('renovation', 4003),
  subgraph('parking', 4004),
  subgraph('surveys', 4005),
  {
    name: 'gateway', entry: 'gateway/src/main.js', port: 4000, replicas: [2, 10], cpu: '500m', memory: '512Mi',
    env: Object.fromEntries(['tickets', 'residents', 'renovation', 'parking', 'surveys'].map((s, i) => [`${s.toUpperCase()}_URL`, `http://pm-${s}:${4001 + i}/graphql`])),
  },
];

/** Environment every deployable gets besides its own (secrets come from pm-secrets and the database's). */
const COMMON_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '0.0.0.0',
  MIGRATE_ON_BOOT: 'false',
  // The NATS Helm chart's client Service in front of its 3-node JetStream cluster.
  NATS_URL: 'nats://nats:4222',
  STREAM_REPLICAS: '3',
};

/** The variables a deployable's container sees (secrets by name, for validating against the code's schemas). */
export function containerEnvironment(d: Deployable): Record<string, string> {
  return { ...COMMON_ENV, ...d.env, PORT: String(d.port), INTERNAL_PORT: String(d.port + INTERNAL_OFFSET) };
}

const secretEnv = [
  { name: 'IDENTITY_SECRET', valueFrom: { secretKeyRef: { name: 'pm-secrets', key: 'IDENTITY_SECRET' } } },
  // CloudNativePG writes the superuser's connection URI here; the services create their own databases.
  { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'pm-postgres-superuser', key: 'uri' } } },
];

const labels = (name: string) => ({ 'app.kubernetes.io/name': `pm-${name}`, 'app.kubernetes.io/part-of': 'property-desk' });

const podSecurity = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' as const } };
const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

function deployment(d: Deployable): Deployment {
  const internal = d.port + INTERNAL_OFFSET;
  const env = [
    ...Object.entries(containerEnvironment(d)).map(([name, value]) => ({ name, value })),
    ...secretEnv,
    ...(d.name === 'gateway' ? [{ name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'pm-secrets', key: 'JWT_SECRET' } } }] : []),
  ];
  return new Deployment({
    metadata: { name: `pm-${d.name}`, labels: labels(d.name) },
    spec: {
      replicas: d.replicas[0],
      selector: { matchLabels: labels(d.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(d.name),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(internal), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          securityContext: podSecurity,
          // Replicas on different nodes: losing a node costs one replica, not the service.
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels(d.name) } }],
          // Shutdown drains requests, boards and consumers within 10 s (see libs/runtime shutdown).
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: d.name,
            image: IMAGE,
            args: [d.entry],
            ports: [{ containerPort: d.port, name: 'graphql' }, { containerPort: internal, name: 'operators' }],
            env,
            readinessProbe: { httpGet: { path: '/readyz', port: internal }, periodSeconds: 5, failureThreshold: 2 },
            livenessProbe: { httpGet: { path: '/healthz', port: internal }, periodSeconds: 10, failureThreshold: 3 },
            startupProbe: { httpGet: { path: '/healthz', port: internal }, periodSeconds: 2, failureThreshold: 60 },
            resources: { requests: { cpu: d.cpu, memory: d.memory }, limits: { memory: d.memory } },
            securityContext: containerSecurity,
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
}

const service = (d: Deployable) => new Service({
  metadata: { name: `pm-${d.name}`, labels: labels(d.name) },
  spec: { selector: labels(d.name), ports: [{ name: 'graphql', port: d.port, targetPort: d.port }] },
});

const autoscaler = (d: Deployable) => new HorizontalPodAutoscaler({
  metadata: { name: `pm-${d.name}` },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `pm-${d.name}` },
    minReplicas: d.replicas[0],
    maxReplicas: d.replicas[1],
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
});

const disruptionBudget = (d: Deployable) => new PodDisruptionBudget({
  metadata: { name: `pm-${d.name}` },
  spec: { minAvailable: 1, selector: { matchLabels: labels(d.name) } },
});

/** Migrations before every roll-out: `kubectl apply -f migrate.yaml` and wait for it, then platform.yaml. */
const migrations = new Job({
  metadata: { name: 'pm-migrate', labels: { 'app.kubernetes.io/part-of': 'property-desk' } },
  spec: {
    backoffLimit: 2,
    ttlSecondsAfterFinished: 3600,
    template: {
      spec: {
        restartPolicy: 'Never',
        securityContext: podSecurity,
        containers: [{
          name: 'migrate',
          image: IMAGE,
          env: [{ name: 'NODE_ENV', value: 'production' }, ...secretEnv],
          command: ['sh', '-c'],
          args: ['for s in tickets residents renovation parking surveys; do node services/$s/src/migrate.js up || exit 1; done && node gateway/src/migrate.js up'],
          securityContext: containerSecurity,
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    },
  },
});

/** The signing keys; replace the values (or create the Secret from a vault) before the first apply. */
const secrets = new Secret({
  metadata: { name: 'pm-secrets' },
  type: 'Opaque',
  stringData: { IDENTITY_SECRET: 'replace-with-32-random-bytes-hex', JWT_SECRET: 'replace-with-32-random-bytes-hex' },
});

/** PostgreSQL by the CloudNativePG operator: a primary and two streaming replicas, failover automatic. */
const postgres = new Cluster({
  metadata: { name: 'pm-postgres' },
  spec: {
    instances: 3,
    enableSuperuserAccess: true,
    primaryUpdateStrategy: 'unsupervised',
    postgresql: { parameters: { max_connections: '300', shared_buffers: '512MB' } },
    storage: { size: '50Gi' },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
  },
});

/** Values for the NATS Helm chart (nats/nats 1.x): a 3-node JetStream cluster with file storage. */
export const NATS_VALUES = {
  config: {
    cluster: { enabled: true, replicas: 3 },
    jetstream: { enabled: true, fileStore: { enabled: true, pvc: { enabled: true, size: '20Gi' } }, memoryStore: { enabled: false } },
  },
  podTemplate: { topologySpreadConstraints: { 'kubernetes.io/hostname': { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' } } },
  natsBox: { enabled: false },
};

/** A Grafana panel over Prometheus: one or more PromQL targets. */
function panel(id: number, title: string, unit: string, targets: [expr: string, legend: string][], x: number, y: number) {
  return {
    id, title, type: 'timeseries', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: targets.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat })),
  };
}

/** The operators' dashboard: requests, latency and errors per operation, event lag, SLA breaches, boards. */
export function dashboard() {
  const rows: [string, string, [string, string][]][] = [
    ['Gateway: requests per second by operation', 'reqps', [['sum by (operation) (rate(pm_gateway_operation_duration_seconds_count[5m]))', '{{operation}}']]],
    ['Gateway: p95 latency by operation', 's', [['histogram_quantile(0.95, sum by (operation, le) (rate(pm_gateway_operation_duration_seconds_bucket[5m])))', '{{operation}}']]],
    ['Errors per second (gateway and subgraphs)', 'reqps', [
      ['sum by (operation) (rate(pm_gateway_operation_duration_seconds_count{outcome="error"}[5m]))', 'gateway {{operation}}'],
      ['sum by (service) (rate(pm_graphql_operation_duration_seconds_count{outcome="error"}[5m]))', '{{service}}'],
    ]],
    ['Subgraphs: p95 latency', 's', [['histogram_quantile(0.95, sum by (service, le) (rate(pm_graphql_operation_duration_seconds_bucket[5m])))', '{{service}}']]],
    ['Outbox lag: oldest unpublished event', 's', [['max by (service) (pm_outbox_oldest_pending_seconds)', '{{service}}']]],
    ['Consumer lag: events waiting', 'short', [['sum by (service) (pm_consumer_pending)', '{{service}}'], ['sum by (service) (rate(pm_consumer_dead_lettered_total[5m]))', '{{service}} dead-lettered/s']]],
    ['SLA breaches per hour, by deadline', 'short', [['sum by (breach) (increase(pm_sla_breaches_total[1h]))', '{{breach}}']]],
    ['Live boards and their feed', 'short', [['sum(pm_gateway_live_boards)', 'boards open'], ['sum(increase(pm_gateway_feed_resumed_total[1h]))', 'feed resumed (1h)']]],
    ['Live boards: p99 seconds from a change\'s commit to each stage', 's', [['histogram_quantile(0.99, sum by (stage, le) (rate(pm_gateway_live_board_lag_seconds_bucket[5m])))', '{{stage}}']]],
    ['Event-loop delay: p99 seconds ready work waited, by process', 's', [['histogram_quantile(0.99, sum by (service, le) (rate(pm_event_loop_delay_seconds_bucket[5m])))', '{{service}}']]],
    ['SQL statements per GraphQL request', 'short', [['sum by (service) (rate(pm_graphql_db_queries_total[5m])) / sum by (service) (rate(pm_graphql_requests_total[5m]))', '{{service}}']]],
    ['Memory (resident)', 'bytes', [['process_resident_memory_bytes', '{{pod}}']]],
  ];
  return {
    title: 'Property desk',
    uid: 'property-desk',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus' }],
    panels: rows.map(([title, unit, targets], i) => panel(i + 1, title, unit, targets, (i % 2) * 12, Math.floor(i / 2) * 8)),
  };
}

const HEADER = '# Written by `npm run manifests` (deploy/local/src/manifests.ts); edit that, not this file.\n';
const documents = (objects: { toJSON(): unknown }[]) => HEADER + objects.map((o) => stringify(o.toJSON())).join('---\n');

/** File name → contents. */
export function manifests(): Record<string, string> {
  return {
    'secrets.yaml': documents([secrets]),
    'postgres.yaml': documents([postgres]),
    'nats-values.yaml': HEADER + stringify(NATS_VALUES),
    'migrate.yaml': documents([migrations]),
    'platform.yaml': documents(DEPLOYABLES.flatMap((d) => [deployment(d), service(d)])),
    'autoscaling.yaml': documents(DEPLOYABLES.flatMap((d) => [autoscaler(d), disruptionBudget(d)])),
  };
}

export const DASHBOARD_FILE = join(__dirname, '..', '..', 'grafana', 'property-desk.json');

if (require.main === module) {
  for (const [file, text] of Object.entries(manifests())) {
    writeFileSync(join(KUBERNETES_DIR, file), text);
    process.stdout.write(`wrote deploy/kubernetes/${file}\n`);
  }
  mkdirSync(dirname(DASHBOARD_FILE), { recursive: true });
  writeFileSync(DASHBOARD_FILE, `${JSON.stringify(dashboard(), null, 2)}\n`);
  process.stdout.write('wrote deploy/grafana/property-desk.json\n');
}
