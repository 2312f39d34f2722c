import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { stopChild } from './nats';
import { freePort, isPortOpen, waitFor } from './probe';

interface NatsNode {
  name: string;
  port: number;
  clusterPort: number;
  monitorPort: number;
  dataDir: string;
  process?: ChildProcess;
}

/**
 * A JetStream cluster of local `nats-server` processes (three by default), as production runs NATS:
 * each node its own client, route and monitoring port and its own storage. Nodes can be killed and
 * started again to show what the platform does when one goes away.
 */
export class NatsCluster {
  private constructor(private readonly nodes: NatsNode[], private readonly binary: string) {}

  /** Starts `size` clustered nodes under `dataDir` and waits until JetStream has elected its leader. */
  static async start(dataDir: string, options: { size?: number; binary?: string; name?: string } = {}): Promise<NatsCluster> {
    const size = options.size ?? 3;
    const nodes: NatsNode[] = [];
    for (let i = 0; i < size; i++) {
      const name = `${options.name ?? 'pm'}-n${i + 1}`;
      nodes.push({ name, port: await freePort(), clusterPort: await freePort(), monitorPort: await freePort(), dataDir: join(dataDir, name) });
    }
    const cluster = new NatsCluster(nodes, options.binary ?? 'nats-server');
    for (const node of nodes) cluster.spawn(node, options.name ?? 'pm');
    if (!(await cluster.waitForLeader(30_000))) {
      await cluster.stop();
      throw new Error('the NATS cluster elected no JetStream leader within 30 s');
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated (NATS_URL for a cluster). */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',');
  }

  get size(): number {
    return this.nodes.length;
  }

  /** The name of the node index `i` (n1, n2, …). */
  nodeName(i: number): string {
    return this.nodes[i].name;
  }

  /** Ends node `i` at once (SIGKILL: no goodbye to its peers or clients). */
  async kill(i: number): Promise<void> {
    const child = this.nodes[i].process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Starts node `i` again on its ports and storage; it catches up from its peers. */
  async restart(i: number, clusterName = 'pm'): Promise<void> {
    this.spawn(this.nodes[i], clusterName);
    await waitFor(() => isPortOpen('127.0.0.1', this.nodes[i].port, 300), 10_000);
  }

  /** The index of the node leading `stream` (its writes go there first), if one does. */
  async streamLeader(stream: string): Promise<number | undefined> {
    for (const node of this.nodes) {
      const jsz = await this.monitor<{ account_details?: { stream_detail?: { name: string; cluster?: { leader?: string } }[] }[] }>(node, '/jsz?streams=true');
      const leader = jsz?.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === stream)?.cluster?.leader;
      if (leader) return this.nodes.findIndex((n) => n.name === leader);
    }
    return undefined;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => (n.process ? stopChild(n.process) : undefined)));
  }

  private spawn(node: NatsNode, clusterName: string): void {
    mkdirSync(node.dataDir, { recursive: true });
    const routes = this.nodes.filter((n) => n !== node).map((n) => `nats://127.0.0.1:${n.clusterPort}`).join(',');
    node.process = spawn(this.binary, [
      '-a', '127.0.0.1', '-p', String(node.port), '-m', String(node.monitorPort), '-n', node.name,
      '-js', '-sd', node.dataDir, '--cluster_name', clusterName, '--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes,
    ], { stdio: 'ignore' });
  }

  private waitForLeader(timeoutMs: number): Promise<boolean> {
    return waitFor(async () => {
      const answers = await Promise.all(this.nodes.map((n) => this.monitor<{ meta_cluster?: { leader?: string; cluster_size?: number } }>(n, '/jsz')));
      return answers.every((a) => Boolean(a?.meta_cluster?.leader) && a?.meta_cluster?.cluster_size === this.nodes.length);
    }, timeoutMs, 250);
  }

  private async monitor<T>(node: NatsNode, path: string): Promise<T | undefined> {
    const response = await fetch(`http://127.0.0.1:${node.monitorPort}${path}`).catch(() => undefined);
    return response?.ok ? ((await response.json()) as T) : undefined;
  }
}
