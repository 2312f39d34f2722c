import { type Socket } from 'node:net';

import { type WebSocket, type WebSocketServer } from 'ws';

/**
 * Frames a live board's socket is sent within one turn of the event loop leave in one write (one
 * system call): a profile of 1,000 boards had a third of the gateway's time in `writev`, one per
 * frame per socket. A gateway keeping up sends each board one frame per change, as before; one that
 * falls behind (a burst) sends each board its waiting changes together and catches up.
 */

type SendCallback = (error?: Error) => void;
type Send = (data: unknown, options?: unknown, cb?: SendCallback) => void;

interface Queued {
  /** The socket's own send. */
  send: Send;
  frames: string[];
  bytes: number;
}

const queues = new WeakMap<WebSocket, Queued>();
const due = new Set<WebSocket>();
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const sockets = [...due];
  due.clear();
  for (const socket of sockets) flush(socket);
}

function flush(socket: WebSocket): void {
  const queued = queues.get(socket);
  if (!queued?.frames.length) return;
  const { frames } = queued;
  queued.frames = [];
  queued.bytes = 0;
  due.delete(socket);
  if (socket.readyState !== socket.OPEN) return;
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  // ws writes each frame as cork, header, payload, uncork; corked around them all, the frames of
  // this turn leave in one writev.
  raw?.cork();
  try {
    for (const frame of frames) queued.send(frame);
  } finally {
    raw?.uncork();
  }
}

/**
 * Text frames sent on this server's sockets are queued and written together at the end of the
 * event loop's turn. The send callback is called once the frame is queued (graphql-ws waits for it
 * before its next message; waiting for the write would be one frame a turn again). What is queued
 * counts in `bufferedBytes`, which the slow-board check reads. Anything else (binary data, send
 * options, `close`) first writes what is queued, so the order of frames is kept.
 */
export function coalesceFrames(wss: WebSocketServer): void {
  wss.on('connection', (socket: WebSocket) => {
    const send = socket.send.bind(socket) as Send;
    const queued: Queued = { send, frames: [], bytes: 0 };
    queues.set(socket, queued);
    socket.send = ((data: unknown, options?: unknown, cb?: SendCallback) => {
      if (typeof data !== 'string' || (options !== undefined && typeof options !== 'function')) {
        flush(socket);
        send(data, options, cb);
        return;
      }
      queued.frames.push(data);
      queued.bytes += data.length;
      due.add(socket);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushAll);
      }
      const callback = (typeof options === 'function' ? options : cb) as SendCallback | undefined;
      if (callback) queueMicrotask(() => callback());
    }) as WebSocket['send'];
    const close = socket.close.bind(socket);
    socket.close = ((code?: number, reason?: string | Buffer) => {
      flush(socket);
      close(code, reason);
    }) as WebSocket['close'];
  });
}

/** Bytes waiting for this socket: in its buffers and queued for the end of this turn. */
export function bufferedBytes(socket: WebSocket): number {
  return socket.bufferedAmount + (queues.get(socket)?.bytes ?? 0);
}
