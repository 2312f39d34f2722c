import { type AddressInfo, WebSocketServer, type WebSocket } from 'ws';

import { LeanSocket } from '../bench/lean-socket';

/**
 * The benchmarks' board client (bench/lean-socket.ts) against ws's server: what it reads and sends
 * is what a WebSocket client must, or the board latencies it reports would be wrong.
 */
describe('LeanSocket, the benchmarks\' board client', () => {
  let wss: WebSocketServer;
  let url: string;
  const accepted: WebSocket[] = [];

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    wss.on('connection', (socket) => accepted.push(socket));
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  const open = async () => {
    const received: string[] = [];
    const closed: [number, string][] = [];
    let opened!: () => void;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    const socket = new LeanSocket(url, 'graphql-transport-ws', {
      open: () => opened(),
      message: (text) => received.push(text),
      close: (code, reason) => closed.push([code, reason]),
      error: (error) => closed.push([-1, error.message]),
    });
    await ready;
    await until(() => accepted.length > 0);
    return { socket, server: accepted.shift()!, received, closed };
  };

  it('reads text frames of every length class, several to a chunk or one cut across chunks, and fragmented messages', async () => {
    const { server, received, socket } = await open();
    expect(server.protocol).toBe('graphql-transport-ws');
    const texts = ['{}', '板'.repeat(60), 'x'.repeat(125), 'y'.repeat(126), '工单'.repeat(20_000), 'z'.repeat(70_000)];
    for (const text of texts) server.send(text);
    server.send('片段一', { fin: false });
    server.send('片段二', { fin: true });
    await until(() => received.length === texts.length + 1);
    expect(received).toEqual([...texts, '片段一片段二']);
    socket.close();
  });

  it('sends masked text the server reads back whole, answers ping with pong, and closes with a handshake', async () => {
    const { server, socket, closed } = await open();
    const heard: string[] = [];
    server.on('message', (data) => heard.push(data.toString()));
    const texts = ['{"type":"connection_init"}', '订阅'.repeat(50), 'q'.repeat(70_000)];
    for (const text of texts) socket.send(text);
    await until(() => heard.length === texts.length);
    expect(heard).toEqual(texts);
    const pong = new Promise<string>((resolve) => server.once('pong', (data) => resolve(data.toString())));
    server.ping('心跳');
    expect(await pong).toBe('心跳');
    const serverClosed = new Promise<number>((resolve) => server.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => socket.closeQuietly(resolve));
    expect(await serverClosed).toBe(1000);
    expect(closed).toEqual([]);
  });

  it('reports the code and reason a server closes with', async () => {
    const { server, closed } = await open();
    server.close(4400, 'too slow');
    await until(() => closed.length > 0);
    expect(closed[0]).toEqual([4400, 'too slow']);
  });

  it('reports a connection that cannot be made as an error, then closed', async () => {
    const errors: string[] = [];
    await new Promise<void>((resolve) => {
      new LeanSocket(url.replace(/:\d+\//, ':1/'), 'graphql-transport-ws', {
        open: () => resolve(),
        message: () => undefined,
        close: () => resolve(),
        error: (error) => errors.push(error.message),
      });
    });
    expect(errors).toHaveLength(1);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
