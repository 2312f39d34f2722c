import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments, parse } from 'yaml';

import { dashboard, DASHBOARD_FILE, DEPLOYABLES, KUBERNETES_DIR, manifests } from '../src/manifests';

/** TypeScript sources under `dir` (no node_modules, no tests). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'test' || e.name === 'dist') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The model classes (each with its Kubernetes or CloudNativePG JSON schema) of the kinds deploy/ uses. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'postgresql.cnpg.io/v1/Cluster': Cluster,
};

function modelFor(m: Manifest): new (data: unknown) => { validate(): void } {
  const model = MODELS[`${m.apiVersion}/${m.kind}`];
  if (!model) throw new Error(`no schema for ${m.apiVersion} ${m.kind}: add its model to MODELS`);
  return model as new (data: unknown) => { validate(): void };
}

const ROOT = join(__dirname, '..', '..', '..');
const objects = (file: string) => parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8')).map((d) => d.toJSON() as Manifest);
const all = () => readdirSync(KUBERNETES_DIR).filter((f) => f.endsWith('.yaml') && f !== 'nats-values.yaml').flatMap(objects);
const byKind = (kind: string) => all().filter((m) => m.kind === kind);

/** Issue 16: the manifests validate in CI and say what the platform needs to keep its guarantees. */
describe('deploy/: Kubernetes manifests and the compose file', () => {
  it('are what `npm run manifests` writes (edit deploy/local/src/manifests.ts, then run it)', () => {
    for (const [file, text] of Object.entries(manifests())) expect([file, readFileSync(join(KUBERNETES_DIR, file), 'utf8')]).toEqual([file, text]);
  });

  it('every object is valid against its Kubernetes or CloudNativePG schema', () => {
    const objs = all();
    expect(objs.map((m) => m.kind).sort()).toEqual(expect.arrayContaining(['Cluster', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'PodDisruptionBudget', 'Secret', 'Service']));
    const invalid: string[] = [];
    for (const m of objs) {
      try {
        new (modelFor(m))(m).validate();
      } catch (error) {
        invalid.push(`${m.kind}/${m.metadata.name}: ${String(error).slice(0, 300)}`);
      }
    }
    expect(invalid).toEqual([]);
    // A schema violation is caught (the check is not a formality).
    const broken = { ...byKind('Deployment')[0], spec: { ...byKind('Deployment')[0].spec, replicas: 'two' } };
    expect(() => new (modelFor(broken))(broken).validate()).toThrow();
  });

  it('each deployable: replicas ≥ 2, probes on the operators’ port, non-root, a Service, an autoscaler and a disruption budget', () => {
    const deployments = byKind('Deployment');
    const services = new Map(byKind('Service').map((s) => [s.metadata.name, s]));
    const hpas = new Map(byKind('HorizontalPodAutoscaler').map((h) => [(h.spec!.scaleTargetRef as { name: string }).name, h]));
    const pdbs = byKind('PodDisruptionBudget');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(DEPLOYABLES.map((d) => `pm-${d.name}`).sort());
    for (const d of deployments) {
      const spec = d.spec as { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: { securityContext: { runAsNonRoot: boolean }; containers: { ports: { containerPort: number }[]; readinessProbe: { httpGet: { port: number; path: string } }; livenessProbe: { httpGet: { port: number; path: string } }; env: { name: string; value?: string }[] }[] } } };
      const container = spec.template.spec.containers[0];
      const [publicPort] = container.ports.map((p) => p.containerPort);
      expect([d.metadata.name, spec.replicas >= 2]).toEqual([d.metadata.name, true]);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: publicPort + 5000 });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: publicPort + 5000 });
      expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({ STREAM_REPLICAS: '3', MIGRATE_ON_BOOT: 'false', NODE_ENV: 'production' });
      expect(container.env.map((e) => e.name)).toEqual(expect.arrayContaining(['DATABASE_URL', 'IDENTITY_SECRET']));
      // The Service reaches these pods on the public port only (the operators' port stays inside the pod network).
      const service = services.get(d.metadata.name)!;
      expect(service.spec).toMatchObject({ selector: spec.selector.matchLabels, ports: [{ port: publicPort, targetPort: publicPort }] });
      expect(hpas.get(d.metadata.name)?.spec).toMatchObject({ minReplicas: spec.replicas });
      expect(pdbs.filter((p) => JSON.stringify((p.spec!.selector as { matchLabels: unknown }).matchLabels) === JSON.stringify(spec.selector.matchLabels))).toHaveLength(1);
    }
    // The gateway's subgraph URLs name Services that exist, on their ports.
    const gateway = deployments.find((d) => d.metadata.name === 'pm-gateway')!;
    const urls = ((gateway.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0].env).filter((e) => e.name.endsWith('_URL') && e.value?.startsWith('http'));
    expect(urls).toHaveLength(5);
    for (const { value } of urls) {
      const { hostname, port } = new URL(value!);
      expect((services.get(hostname)?.spec as { ports: { port: number }[] } | undefined)?.ports[0].port).toBe(Number(port));
    }
  });

  it('PostgreSQL runs as three instances; NATS as a 3-node JetStream cluster; migrations are a Job of their own', () => {
    expect(byKind('Cluster')[0].spec).toMatchObject({ instances: 3, enableSuperuserAccess: true });
    const values = parse(readFileSync(join(KUBERNETES_DIR, 'nats-values.yaml'), 'utf8'));
    expect(values.config).toMatchObject({ cluster: { enabled: true, replicas: 3 }, jetstream: { enabled: true, fileStore: { enabled: true } } });
    const job = byKind('Job')[0] as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    for (const name of ['tickets', 'residents', 'renovation', 'parking', 'surveys']) expect(job.spec.template.spec.containers[0].args[0]).toContain(name);
    expect(job.spec.template.spec.containers[0].args[0]).toContain('gateway/src/migrate.js up');
  });

  it('the Grafana dashboard is up to date and reads only metrics the code exports', () => {
    expect(JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'))).toEqual(dashboard());
    const sources = ['libs', 'services', 'gateway/src'].flatMap((dir) => sourceFiles(join(ROOT, dir))).map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = new Set(dashboard().panels.flatMap((p) => p.targets.map((t) => t.expr)).flatMap((expr) => expr.match(/\b(pm|process)_[a-z_]+/g) ?? []));
    // Operation histograms are named `<prefix>_operation_duration_seconds` (OperationMetrics).
    const exported = (m: string) => sources.includes(m)
      || (m.endsWith('_operation_duration_seconds') && sources.includes(`new OperationMetrics('${m.replace('_operation_duration_seconds', '')}'`));
    const missing = [...used].map((m) => m.replace(/_(bucket|count|sum)$/, '')).filter((m) => !exported(m));
    expect([used.size > 8, missing]).toEqual([true, []]);
  });

  it('compose.yaml: a 3-node NATS cluster, every service told all three, stream replicas 3, migrations first', () => {
    const compose = parse(readFileSync(join(ROOT, 'deploy', 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> }> };
    const nats = Object.keys(compose.services).filter((s) => /^nats-\d$/.test(s));
    expect(nats).toHaveLength(3);
    for (const node of nats) {
      const command = compose.services[node].command!.join(' ');
      expect(command).toMatch(/-js/);
      expect(command).toMatch(/--cluster_name pm/);
      for (const other of nats.filter((n) => n !== node)) expect(command).toContain(`nats://${other}:6222`);
    }
    for (const name of [...DEPLOYABLES.map((d) => d.name)]) {
      const service = compose.services[name];
      expect([name, service.environment?.NATS_URL]).toEqual([name, nats.map((n) => `nats://${n}:4222`).join(',')]);
      expect(service.environment?.STREAM_REPLICAS).toBe('3');
      expect(service.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    }
  });
});
