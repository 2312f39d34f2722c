import { fork } from 'node:child_process';

import { type AddressInfo, WebSocketServer } from 'ws';

import { ask } from './ipc';
import { LeanSocket } from './lean-socket';

/**
 * The machine's floor for live boards, as `{ __typename }` is for queries: a bare WebSocket server
 * writing one ready-made frame (a board's change, ~300 bytes) to each of `boards` sockets as fast
 * as its event loop turns, to client processes that parse each frame as JSON, as the boards do (LeanSocket).
 * What the gateway fans out is measured against it (`npm run bench:events`).
 */
export async function socketFloor(boards: number, seconds: number, processes = 2): Promise<{ sent: number; received: number }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const children = Array.from({ length: processes }, () => fork(__filename, ['client'], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    await Promise.all(children.map((child, i) => ask(child, { type: 'start', url, count: Math.floor(boards / processes) + (i < boards % processes ? 1 : 0) }, 'connected')));
    const sockets = [...wss.clients];
    const frame = JSON.stringify({ id: '1', type: 'next', payload: { data: { ticketChanged: { cursor: 'UE1fRVZFTlRTOjEyMzQ1', at: new Date().toISOString(), ticket: { number: 'GD202612010001', status: 'NEW', unit: { code: '1-1-101' }, reporter: { name: '张三' } } } } } });
    let sent = 0;
    const started = performance.now();
    const end = started + seconds * 1000;
    await new Promise<void>((resolve) => {
      const turn = () => {
        for (const socket of sockets) socket.send(frame);
        sent += sockets.length;
        if (performance.now() < end) setImmediate(turn);
        else resolve();
      };
      turn();
    });
    const sending = (performance.now() - started) / 1000;
    // What the clients had parsed by the time the server stopped sending, and then once drained.
    const counts = await Promise.all(children.map((child) => ask<{ n: number }>(child, { type: 'count' }, 'count')));
    const received = counts.reduce((sum, c) => sum + c.n, 0);
    return { sent: sent / sending, received: received / sending };
  } finally {
    for (const child of children) child.kill();
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

if (process.argv[2] === 'client') {
  let parsed = 0;
  const sockets: LeanSocket[] = [];
  process.on('message', (message: { type: string; url: string; count: number }) => {
    if (message.type === 'start') {
      let open = 0;
      for (let i = 0; i < message.count; i++) {
        const socket = new LeanSocket(message.url, 'bench', {
          open: () => ++open === message.count && process.send!({ type: 'connected' }),
          message: (text) => {
            JSON.parse(text);
            parsed += 1;
          },
          close: () => undefined,
          error: (error) => {
            process.stderr.write(`${String(error)}\n`);
            process.exit(1);
          },
        });
        sockets.push(socket);
      }
    } else if (message.type === 'count') process.send!({ type: 'count', n: parsed });
  });
  process.on('disconnect', () => process.exit(0));
}
