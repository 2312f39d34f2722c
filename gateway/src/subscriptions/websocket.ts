import { type Server } from 'node:http';

import { type ApolloServer } from '@apollo/server';
import { AppError } from '@pm/errors';
import { type Identity } from '@pm/identity';
import { type Logger } from '@pm/runtime';
import {
  createSourceEventStream, defaultFieldResolver, execute, type ExecutionResult, extendSchema, type GraphQLFieldResolver, GraphQLError,
  type GraphQLSchema, getOperationAST, parse, print,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';

import { type GatewayContext } from '../server';
import { coalesceFrames } from './frames';
import { type ChangeRoot, type LiveBoards } from './live-boards';
import { type TicketFilterArgs, ticketSelection } from './ticket-changes';
import { type TicketFeed } from './ticket-feed';

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

interface SocketContext {
  identity?: Identity;
  socket: WebSocket;
  /** graphql-ws's id of the subscription on this socket. */
  id: string;
  /** The subscription's selection executed on a change (set by `subscribe` below). */
  execute?: (root: ChangeRoot) => Promise<ExecutionResult> | ExecutionResult;
  /** The operation, its name and variables, as text: boards sending the same share executions. */
  operationKey?: string;
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
  boards: Promise<LiveBoards>;
  authenticate: (headers: Record<string, unknown>) => Promise<Identity>;
  bufferSize: number;
  /** The gateway's own backlog per board (SUBSCRIPTION_BACKLOG), for the log line of a board closed by it. */
  backlog: number;
  /** Most changes one `after` may replay. */
  maxReplay: number;
  logger: Logger;
}

/** graphql-ws on the gateway's `/graphql`: the API schema plus `Subscription.ticketChanged`. */
export function startSubscriptionServer(apiSchema: GraphQLSchema, options: SubscriptionServerOptions) {
  const schema = extendSchema(apiSchema, parse(SUBSCRIPTION_SDL));
  const field = schema.getSubscriptionType()!.getFields().ticketChanged;
  field.resolve = (payload: ChangeRoot) => payload.ticketChanged;
  field.subscribe = async (_root, args: { filter?: TicketFilterArgs; after?: string }, context: SocketContext, info) => {
    const feed = await options.feed;
    const afterSeq = args.after ? feed.sequenceOf(args.after) : undefined;
    if (afterSeq === null) throw AppError.badInput('after', 'after is not a cursor this gateway gave out');
    if (afterSeq !== undefined && (await feed.missedSince(afterSeq)) > options.maxReplay) {
      throw AppError.badInput('after', `More than ${options.maxReplay} changes happened since that cursor; reload the board without after`);
    }
    const boards = await options.boards;
    const identity = context.identity!;
    return boards.subscribe({
      identity,
      filter: args.filter,
      afterSeq,
      selection: ticketSelection(info),
      socket: context.socket,
      id: context.id,
      onOverflow: (limit) => {
        options.logger.warn({ caller: identity.sub, limit, ...(limit === 'backlog' ? { backlog: options.backlog } : { buffer: options.bufferSize }) }, 'closing a live board that fell too far behind');
        context.socket.close(CLOSE_SLOW_CONSUMER, 'Too many pending ticket changes; reconnect with after=<last cursor>');
      },
    }, context.execute!, boards.cache.idOf(context.operationKey!));
  };

  const wss = new WebSocketServer({ server: options.server, path: '/graphql' });
  // Before graphql-ws's own listener: every send goes through the coalescing send.
  coalesceFrames(wss);
  const lowerCase = (params: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const server = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      // The acknowledgement carries the feed's position now: a board reads its tickets, then
      // subscribes with it as `after`, and misses nothing that changed in between.
      onConnect: async (ctx) => {
        try {
          ctx.extra.identity = await options.authenticate(lowerCase(ctx.connectionParams));
        } catch {
          return false;
        }
        // Without it (the stream not answering for a moment) a board reloads on each reconnect instead.
        const cursor = await options.feed.then(async (feed) => feed.cursor(await feed.position())).catch(() => undefined);
        return cursor === undefined ? true : { cursor };
      },
      onSubscribe: (_ctx, _id, payload) => {
        const operation = getOperationAST(parse(payload.query), payload.operationName);
        if (operation && operation.operation !== 'subscription') {
          return [new GraphQLError('Send queries and mutations over HTTP; this socket serves subscriptions', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return undefined;
      },
      context: (ctx, id): SocketContext => ({ identity: ctx.extra.identity, socket: ctx.extra.socket, id }),
      execute: (args) => execute({ ...args, fieldResolver: byResponseKey }),
      // ticketChanged's source (a BoardSubscription) yields results itself and sends live changes
      // straight to the socket (LiveBoards): it needs the selection to execute on each change.
      subscribe: (args) => {
        const context = args.contextValue as SocketContext;
        context.execute = (rootValue) => execute({ ...args, fieldResolver: byResponseKey, rootValue });
        context.operationKey = `${print(args.document)}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`;
        return createSourceEventStream({ ...args, fieldResolver: byResponseKey }) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
      },
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
