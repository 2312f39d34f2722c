import { type ApolloServer } from '@apollo/server';
import { type Identity } from '@pm/identity';
import { LabelledHistogram, type Logger } from '@pm/runtime';
import { type ExecutionResult } from 'graphql';
import { type WebSocket } from 'ws';

import { type GatewayContext } from '../server';
import { BoundedQueue } from './bounded-queue';
import { bufferedBytes, sendText } from './frames';
import { matchesFilter, mayReceive, narrowToProperty, ResolutionCache, type TicketFilterArgs, type TicketSelection, ticketsQuery, visibilityKey } from './ticket-changes';
import { type TicketEvent, type TicketFeed } from './ticket-feed';

/** Rough size of one change on the wire, to turn the buffer setting into a socket byte limit. */
const BYTES_PER_CHANGE = 2048;

/** What `subscription { ticketChanged { … } }` executes its selection on. */
export interface ChangeRoot {
  ticketChanged: { cursor: string; type: string; at: string; ticket: unknown };
}

export interface LiveBoardsOptions {
  feed: TicketFeed;
  apollo: ApolloServer<GatewayContext>;
  /** Changes one board may leave unread in its socket (or miss while catching up) before it is closed as too slow. */
  bufferSize: number;
  /**
   * Changes taken for one board and not yet sent (their resolution through the graph still under
   * way) before it is closed to reconnect with `after`. This is the gateway's own backlog, one
   * resolution and one frame shared by every board, so it may be well above `bufferSize`.
   */
  backlog: number;
  logger: Logger;
}

/**
 * Which limit a board passed: its socket held more unread than SUBSCRIPTION_BUFFER allows, it
 * missed more than that while catching up, or more changes waited for it on the gateway's own
 * resolutions than SUBSCRIPTION_BACKLOG.
 */
export type OverflowLimit = 'socket' | 'catching up' | 'backlog';

/** What one subscribed board asked for and who it is. */
export interface BoardRequest {
  identity: Identity;
  filter?: TicketFilterArgs;
  /** The board's `ticket { … }` selection; null when it selects none. */
  selection: TicketSelection | null;
  /** Replay what followed this stream position first (a board reconnecting with `after`). */
  afterSeq?: number;
  socket: WebSocket;
  /** graphql-ws's id of this subscription on its socket. */
  id: string;
  /** Closes a board that fell too far behind (it reconnects with its last cursor), saying which limit it passed. */
  onOverflow: (limit: OverflowLimit) => void;
}

/** Most changes resolved in one operation, and operations in flight at once, per visibility. */
const MAX_BATCH = 32;
const MAX_IN_FLIGHT = 2;

/**
 * The operation sizes a batch is asked in: the smallest that holds it, the last id repeated to
 * fill it (the tickets subgraph's loader reads a repeated id once). Each size is its own operation
 * text, hence its own query plan; planning one of 25 aliases costs tens of milliseconds, and a
 * gateway falling behind meets every size from 1 to the maximum. Six plans per selection instead.
 */
export const BATCH_SIZES = [1, 2, 4, 8, 16, MAX_BATCH];
export const batchSize = (count: number): number => BATCH_SIZES.find((size) => size >= count) ?? MAX_BATCH;

/**
 * The tickets of changes for one visibility and selection, resolved through the graph as that
 * caller. While MAX_IN_FLIGHT operations are out, the changes that come wait and then go together
 * as one operation (`t0: ticket(id: $id0) { … } t1: …`): a gateway keeping up resolves each change
 * at once, one that falls behind (a burst, 50 changes a second) asks once for many, so its
 * subgraphs are not asked once per change per visibility while the backlog grows.
 */
class VisibilityResolver {
  private readonly waiting: { id: string; resolve: (ticket: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly apollo: ApolloServer<GatewayContext>,
    private readonly identity: Identity,
    private readonly selection: TicketSelection,
    private readonly logger: Logger,
    private readonly idle: () => void,
  ) {}

  load(ticketId: string): Promise<unknown> {
    return new Promise((resolve) => {
      this.waiting.push({ id: ticketId, resolve });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.next();
        if (!this.inFlight && !this.waiting.length) this.idle();
      });
    }
  }

  /** A ticket the caller may not see (or one the graph failed to answer) comes back null: nothing is sent for it. */
  private async run(batch: { id: string; resolve: (ticket: unknown) => void }[]): Promise<void> {
    let data: Record<string, unknown> | undefined;
    try {
      const size = batchSize(batch.length);
      const ids = Array.from({ length: size }, (_, i) => batch[Math.min(i, batch.length - 1)].id);
      const response = await this.apollo.executeOperation(
        { query: ticketsQuery(this.selection, size), variables: Object.fromEntries(ids.map((id, i) => [`id${i}`, id])) },
        { contextValue: { identity: this.identity } },
      );
      data = response.body.kind === 'single' ? (response.body.singleResult.data ?? undefined) : undefined;
    } catch (error) {
      this.logger.warn({ err: error, changes: batch.length }, 'ticket changes could not be resolved for their boards');
    } finally {
      batch.forEach((b, i) => b.resolve(data?.[`t${i}`] ?? null));
    }
  }
}

/** Subscribers of one change who get the same answer: same visibility, same operation. */
interface Group {
  ticket: Promise<unknown>;
  boards: BoardSubscription[];
}

/**
 * The live boards of one gateway replica, fed by its one ticket feed (issue 14). A change is
 * resolved once per distinct visibility as soon as it arrives (ResolutionCache), each board's
 * selection is executed and serialised once per visibility and operation, and the frame is written
 * straight to every board's socket in the same turn: no per-board async iterator, no per-board
 * serialisation. Changes leave in the order they arrived, one after another; a board reconnecting
 * with `after` first catches up on its own (BoardSubscription) and joins here once it has.
 *
 * The profile this replaced: of a saturated gateway's time, graphql-ws's and our per-board async
 * chain (queue, generator, mapping, for-await, stringify) took more than the socket writes, and
 * 1,000 boards at 50 changes a second queued by seconds.
 */
export class LiveBoards {
  private readonly live = new Set<BoardSubscription>();
  /**
   * The live boards by audience: one caller, one filter, one operation (a wall of screens signed in
   * as one account). What a change means for a board — may it be shown, which resolution, which
   * frame — is the same for its whole audience, so it is worked out once per audience; only the
   * socket checks are per board.
   */
  private readonly audiences = new Map<string, Set<BoardSubscription>>();
  /** Boards reconnecting with `after`, reading what they missed before they join `live`. */
  private readonly catching = new Set<BoardSubscription>();
  private readonly outgoing: { item: TicketEvent; groups: Map<string, Group> }[] = [];
  private pumping = false;
  private starts = 0;
  private resolved = 0;
  private readonly resolvers = new Map<string, VisibilityResolver>();
  readonly cache = new ResolutionCache();
  /** How long after its commit a change reached each stage of its way to the boards (/metrics): where a board's latency goes. */
  readonly lag = new LabelledHistogram(
    'pm_gateway_live_board_lag_seconds',
    "Seconds from a ticket change's commit (its event's occurredAt) to: arrived, in the gateway's feed; resolved, the ticket answered by the graph for one visibility; sent, that visibility's frames written to its boards' sockets.",
    'stage',
  );

  constructor(readonly options: LiveBoardsOptions) {
    options.feed.listen((item) => this.arrive(item));
  }

  /** Boards subscribed now. */
  get listening(): number {
    return this.live.size + this.catching.size;
  }

  /** Boards that have started listening since this gateway started (it only grows). */
  get started(): number {
    return this.starts;
  }

  /** Changes resolved through the graph since this gateway started: one per change per distinct visibility (it only grows). */
  get resolutions(): number {
    return this.resolved;
  }

  /** A board from the moment it listens (live, or catching up first). */
  subscribe(request: BoardRequest, execute: (root: ChangeRoot) => Promise<ExecutionResult> | ExecutionResult, operation: string): BoardSubscription {
    return new BoardSubscription(this, request, execute, operation);
  }

  /** @internal A board starts listening: catching up first, or live at once. */
  start(board: BoardSubscription, catchingUp: boolean): void {
    this.starts += 1;
    if (catchingUp) this.catching.add(board);
    else this.goLive(board);
  }

  /** @internal A board that has caught up receives every change from now on. */
  join(board: BoardSubscription): void {
    this.catching.delete(board);
    this.goLive(board);
  }

  /** @internal */
  leave(board: BoardSubscription): void {
    this.catching.delete(board);
    if (!this.live.delete(board)) return;
    const audience = this.audiences.get(board.audience);
    audience?.delete(board);
    if (audience?.size === 0) this.audiences.delete(board.audience);
  }

  private goLive(board: BoardSubscription): void {
    this.live.add(board);
    let audience = this.audiences.get(board.audience);
    if (!audience) {
      audience = new Set();
      this.audiences.set(board.audience, audience);
    }
    audience.add(board);
  }

  /** The change's ticket as the board's caller may see it, shared by everyone who would see the same; null if the board is not sent this change. */
  resolution(board: BoardSubscription, item: TicketEvent): { as: string; ticket: Promise<unknown> } | null {
    const { request } = board;
    const payload = item.event.payload as Record<string, unknown>;
    if (!mayReceive(request.identity, payload) || !matchesFilter(request.filter, payload)) return null;
    // Without a ticket selection every receiver is sent the same; with one, those of one visibility.
    if (!request.selection) return { as: '', ticket: Promise.resolve({ id: item.event.aggregateId }) };
    const selection = request.selection;
    const caller = board.narrowed(payload.propertyId as string);
    const ticket = this.cache.get(item.seq, caller.as, () => {
      this.resolved += 1;
      let resolver = this.resolvers.get(caller.as);
      if (!resolver) {
        resolver = new VisibilityResolver(this.options.apollo, caller.identity, selection, this.options.logger, () => this.resolvers.delete(caller.as));
        this.resolvers.set(caller.as, resolver);
      }
      return resolver.load(item.event.aggregateId);
    });
    return { as: caller.as, ticket };
  }

  /** Whether a board's socket holds more than its buffer allows. */
  backedUp(board: BoardSubscription): boolean {
    return bufferedBytes(board.request.socket) > this.options.bufferSize * BYTES_PER_CHANGE;
  }

  private arrive(item: TicketEvent): void {
    if (!this.live.size) return;
    this.lag.observe('arrived', sinceCommit(item));
    const groups = new Map<string, Group>();
    for (const audience of this.audiences.values()) {
      // Any board of the audience stands for all of it.
      const first: BoardSubscription = audience.values().next().value!;
      const resolved = this.resolution(first, item);
      if (!resolved) continue;
      const key = `${resolved.as}|${first.operation}`;
      let group = groups.get(key);
      if (!group) {
        group = { ticket: resolved.ticket, boards: [] };
        groups.set(key, group);
      }
      // A board closed here leaves its audience (deleting from a Set being iterated is safe).
      for (const board of audience) {
        if (this.backedUp(board)) board.overflow('socket');
        else if (++board.pending > this.options.backlog) board.overflow('backlog');
        else group.boards.push(board);
      }
    }
    if (!groups.size) return;
    this.outgoing.push({ item, groups });
    if (!this.pumping) void this.pump();
  }

  /** Sends the waiting changes in the order they came, each as soon as its resolutions are in. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.outgoing.length) {
        const { item, groups } = this.outgoing[0];
        for (const group of groups.values()) await this.deliver(item, group);
        this.outgoing.shift();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async deliver(item: TicketEvent, group: Group): Promise<void> {
    let payload: Buffer | null;
    try {
      const ticket = await group.ticket;
      this.lag.observe('resolved', sinceCommit(item));
      const boards = group.boards.filter((b) => this.live.has(b));
      // Not the caller's to see (the tickets subgraph's policy said no): nothing to send.
      // Executed, serialised and encoded once for the whole group.
      payload = ticket && boards.length ? Buffer.from(serialise(await boards[0].execute({ ticketChanged: { cursor: item.cursor, type: item.event.type, at: item.event.occurredAt, ticket } }))) : null;
    } catch (error) {
      this.options.logger.warn({ err: error, seq: item.seq }, 'a ticket change could not be resolved for its boards');
      for (const board of group.boards) board.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const board of group.boards) {
      board.pending -= 1;
      if (payload !== null && this.live.has(board)) board.send(payload);
    }
    if (payload !== null) this.lag.observe('sent', sinceCommit(item));
  }
}

/** Seconds since the change was committed (none if the clocks disagree). */
const sinceCommit = (item: TicketEvent): number => Math.max(0, Date.now() - Date.parse(item.event.occurredAt)) / 1000;

const CLOSING_BRACE = Buffer.from('}');

/** An execution result as graphql-ws sends it: errors in their JSON form, left out when there are none. */
export function serialise(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest);
}

/**
 * One board's `ticketChanged` subscription, as graphql-ws iterates it. Live changes do not go
 * through the iterator: LiveBoards writes them to the socket itself; the iterator only yields what a
 * board reconnecting with `after` missed, then waits for the board to end (complete, socket closed)
 * or to fail (a change whose selection could not be executed ends it with an error; a ticket the
 * graph did not answer is not sent, as before).
 */
export class BoardSubscription implements AsyncIterableIterator<ExecutionResult> {
  pending = 0;
  private state: 'catching-up' | 'live' | 'done';
  private waiting?: { resolve: (step: IteratorResult<ExecutionResult>) => void; reject: (error: Error) => void };
  private failed?: Error;
  /** `{"id":…,"type":"next","payload":` of this board's subscription, encoded. */
  private readonly frame: Buffer;
  /** Who this board's caller is, what it filters and which operation it runs: boards alike share an audience (LiveBoards). */
  readonly audience: string;
  private readonly asCaller = new Map<string, { identity: Identity; as: string }>();
  private readonly missed?: BoundedQueue<TicketEvent>;
  private readonly stopListening?: () => void;
  private replay?: AsyncIterator<TicketEvent>;
  private last: number;

  constructor(
    private readonly boards: LiveBoards,
    readonly request: BoardRequest,
    readonly execute: (root: ChangeRoot) => Promise<ExecutionResult> | ExecutionResult,
    readonly operation: string,
  ) {
    this.frame = Buffer.from(`{"id":${JSON.stringify(request.id)},"type":"next","payload":`);
    this.audience = boards.cache.idOf(`${JSON.stringify(request.identity)}|${JSON.stringify(request.filter ?? null)}|${operation}`);
    this.last = request.afterSeq ?? 0;
    if (request.afterSeq === undefined) {
      this.state = 'live';
      boards.start(this, false);
      return;
    }
    // Catching up: what arrives meanwhile waits here, what was missed is read from the stream.
    this.state = 'catching-up';
    boards.start(this, true);
    this.missed = new BoundedQueue<TicketEvent>(boards.options.bufferSize, () => this.overflow('catching up'));
    const missed = this.missed;
    this.stopListening = boards.options.feed.listen((item) => (boards.backedUp(this) ? this.overflow('socket') : missed.push(item)));
    this.replay = boards.options.feed.replay(request.afterSeq)[Symbol.asyncIterator]();
  }

  /** The caller narrowed to one property (narrowToProperty) and the id of that visibility with this board's selection. */
  narrowed(propertyId: string): { identity: Identity; as: string } {
    let entry = this.asCaller.get(propertyId);
    if (!entry) {
      const identity = narrowToProperty(this.request.identity, propertyId);
      const { selection } = this.request;
      entry = { identity, as: this.boards.cache.idOf(`${visibilityKey(identity, selection ?? undefined)}|${selection ? `${selection.fields}|${selection.fragments}` : ''}`) };
      this.asCaller.set(propertyId, entry);
    }
    return entry;
  }

  /** Writes one change's payload (encoded once for its group) to the socket (frames.ts sends a turn's frames together). */
  send(payload: Buffer): void {
    const { socket } = this.request;
    if (socket.readyState !== socket.OPEN) return;
    const frame = [this.frame, payload, CLOSING_BRACE];
    if (!sendText(socket, frame)) socket.send(Buffer.concat(frame), { binary: false });
  }

  overflow(limit: OverflowLimit): void {
    if (this.state === 'done') return;
    this.end();
    this.request.onOverflow(limit);
  }

  /** Ends the subscription with an error graphql-ws sends the client. */
  fail(error: Error): void {
    if (this.state === 'done') return;
    this.end();
    if (this.waiting) this.waiting.reject(error);
    else this.failed = error;
    this.waiting = undefined;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failed) {
      const error = this.failed;
      this.failed = undefined;
      return Promise.reject(error);
    }
    if (this.state === 'done') return Promise.resolve({ done: true, value: undefined });
    if (this.state === 'catching-up') return this.catchUp();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    this.waiting?.resolve({ done: true, value: undefined });
    this.waiting = undefined;
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  /** What the board missed, one change at a time; once none is left it joins the live boards. */
  private async catchUp(): Promise<IteratorResult<ExecutionResult>> {
    try {
      return await this.catchUpStep();
    } catch (error) {
      // graphql-ws sends the error and forgets the subscription; it stops listening here too.
      this.end();
      throw error;
    }
  }

  private async catchUpStep(): Promise<IteratorResult<ExecutionResult>> {
    while (this.state === 'catching-up') {
      let item: TicketEvent | undefined;
      if (this.replay) {
        const step = await this.replay.next();
        if (step.done) this.replay = undefined;
        else item = step.value;
      } else {
        item = this.missed!.take();
        if (item === undefined) {
          // Caught up. Joining in the same turn as the queue was found empty: nothing arrives in between.
          this.stopListening!();
          this.state = 'live';
          this.boards.join(this);
          return this.next();
        }
        if (item.seq <= this.last) continue;
      }
      if (this.state !== 'catching-up' || item === undefined) continue;
      this.last = item.seq;
      const resolved = this.boards.resolution(this, item);
      const ticket = resolved && (await resolved.ticket);
      if (!ticket) continue;
      const result = await this.execute({ ticketChanged: { cursor: item.cursor, type: item.event.type, at: item.event.occurredAt, ticket } });
      if (this.state === 'catching-up') return { done: false, value: result };
    }
    return this.next();
  }

  private end(): void {
    if (this.state === 'done') return;
    const wasCatchingUp = this.state === 'catching-up';
    this.state = 'done';
    if (wasCatchingUp) {
      this.stopListening?.();
      this.missed?.close();
      void this.replay?.return?.();
    }
    this.boards.leave(this);
  }
}
