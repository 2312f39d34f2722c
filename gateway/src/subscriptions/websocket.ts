import { type Server } from 'node:http';

import { type ApolloServer } from '@apollo/server';
import { AppError } from '@pm/errors';
import { type Identity } from '@pm/identity';
import { type Logger } from '@pm/runtime';
import {
  createSourceEventStream, defaultFieldResolver, execute, type ExecutionArgs, type ExecutionResult, extendSchema, type GraphQLFieldResolver, GraphQLError,
  type GraphQLSchema, getOperationAST, parse, print,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';

import { type GatewayContext } from '../server';
import { ResolutionCache, SHARED_AS, type SharedAs, type TicketFilterArgs, ticketChanges, ticketQuery } from './ticket-changes';
import { decodeChangeCursor, type TicketFeed } from './ticket-feed';

/** The part of CONTRACT.md the gateway serves itself: @apollo/gateway cannot execute subscriptions. */
export const SUBSCRIPTION_SDL = /* GraphQL */ `
  "A change to a ticket, as a live board receives it"
  type TicketChange {
    "Pass as \`after\` when reconnecting to receive what was missed"
    cursor: String!
    "The event type, e.g. tickets.ticket.opened"
    type: String!
    at: DateTime!
    ticket: Ticket!
  }
  type Subscription {
    ticketChanged(filter: TicketFilter, after: String): TicketChange!
  }
  extend schema {
    subscription: Subscription
  }
`;

/** WebSocket close code for a board that fell too far behind. */
export const CLOSE_SLOW_CONSUMER = 4429;

/** Rough size of one change on the wire, to turn the buffer setting into a socket byte limit. */
const BYTES_PER_CHANGE = 2048;

interface SocketContext {
  identity?: Identity;
  socket: WebSocket;
}

/** Fields are read by response key, so aliases in the selection survive the round trip through the graph. */
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source && typeof source === 'object' && info.path.key in source) return (source as Record<string, unknown>)[info.path.key as string];
  return defaultFieldResolver(source, args, context, info);
};

export interface SubscriptionServerOptions {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  feed: Promise<TicketFeed>;
  authenticate: (headers: Record<string, unknown>) => Promise<Identity>;
  bufferSize: number;
  /** Most changes one `after` may replay. */
  maxReplay: number;
  logger: Logger;
}

/**
 * graphql-js's `subscribe`, except that subscribers sent the same change as the same visibility
 * (SHARED_AS) with the same operation and variables share one execution of their selection: 1,000
 * boards cost a handful of executions per change, not 1,000. Like graphql-js, `return()` reaches the
 * source at once, so a closed board stops listening even while no change comes.
 */
async function sharedSubscribe(args: ExecutionArgs, results: ResolutionCache): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const operation = results.idOf(`${print(args.document)}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`);
  const iterator = source[Symbol.asyncIterator]();
  const map = async (step: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (step.done) return { done: true, value: undefined };
    const payload = step.value as Record<symbol, unknown>;
    const run = () => execute({ ...args, rootValue: payload });
    const shared = payload[SHARED_AS] as SharedAs | undefined;
    const value = shared ? ((await results.get(shared.seq, `${shared.as}${operation}`, async () => run())) as ExecutionResult) : await run();
    return { done: false, value };
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    next: () => iterator.next().then(map),
    return: () => (iterator.return ? iterator.return().then(map) : Promise.resolve({ done: true, value: undefined })),
    throw: (error: unknown) => (iterator.throw ? iterator.throw(error).then(map) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/** graphql-ws on the gateway's `/graphql`: the API schema plus `Subscription.ticketChanged`. */
export function startSubscriptionServer(apiSchema: GraphQLSchema, options: SubscriptionServerOptions) {
  const schema = extendSchema(apiSchema, parse(SUBSCRIPTION_SDL));
  const cache = new ResolutionCache();
  const results = new ResolutionCache();
  const field = schema.getSubscriptionType()!.getFields().ticketChanged;
  field.resolve = (payload: { ticketChanged: unknown }) => payload.ticketChanged;
  field.subscribe = async (_root, args: { filter?: TicketFilterArgs; after?: string }, context: SocketContext, info) => {
    const afterSeq = args.after ? decodeChangeCursor(args.after) : undefined;
    if (afterSeq === null) throw AppError.badInput('after', 'after is not a cursor this gateway gave out');
    const feed = await options.feed;
    if (afterSeq !== undefined && (await feed.missedSince(afterSeq)) > options.maxReplay) {
      throw AppError.badInput('after', `More than ${options.maxReplay} changes happened since that cursor; reload the board without after`);
    }
    const identity = context.identity!;
    return ticketChanges({
      feed,
      apollo: options.apollo,
      identity,
      filter: args.filter,
      afterSeq,
      query: ticketQuery(info),
      bufferSize: options.bufferSize,
      cache,
      backedUp: () => context.socket.bufferedAmount > options.bufferSize * BYTES_PER_CHANGE,
      onOverflow: () => {
        options.logger.warn({ caller: identity.sub, limit: options.bufferSize }, 'closing a slow live board');
        context.socket.close(CLOSE_SLOW_CONSUMER, 'Too many pending ticket changes; reconnect with after=<last cursor>');
      },
    });
  };

  const wss = new WebSocketServer({ server: options.server, path: '/graphql' });
  const lowerCase = (params: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const server = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.identity = await options.authenticate(lowerCase(ctx.connectionParams));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        const operation = getOperationAST(parse(payload.query), payload.operationName);
        if (operation && operation.operation !== 'subscription') {
          return [new GraphQLError('Send queries and mutations over HTTP; this socket serves subscriptions', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return undefined;
      },
      context: (ctx): SocketContext => ({ identity: ctx.extra.identity, socket: ctx.extra.socket }),
      execute: (args) => execute({ ...args, fieldResolver: byResponseKey }),
      subscribe: (args) => sharedSubscribe({ ...args, fieldResolver: byResponseKey }, results),
    },
    wss,
  );
  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
