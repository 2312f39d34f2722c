import { GraphQLError } from 'graphql';

import { ErrorCode } from './codes';

const httpStatus: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Unauthenticated]: 401,
};

/**
 * A failure the caller can act on. Services throw these (through the factories below or their
 * own named subclasses); the GraphQL layer turns them into errors with `extensions.code`.
 */
export class AppError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    extra: { field?: string; reason?: string } = {},
  ) {
    const status = httpStatus[code];
    super(message, {
      extensions: {
        code,
        ...(extra.field ? { field: extra.field } : {}),
        ...(extra.reason ? { reason: extra.reason } : {}),
        ...(status ? { http: { status } } : {}),
      },
    });
    this.name = 'AppError';
  }

  static unauthenticated(message = 'Sign in first: send a bearer token or an API key'): AppError {
    return new AppError(message, ErrorCode.Unauthenticated);
  }

  static forbidden(message: string): AppError {
    return new AppError(message, ErrorCode.Forbidden);
  }

  static badInput(field: string, message: string): AppError {
    return new AppError(message, ErrorCode.BadUserInput, { field });
  }

  static notFound(entity: string, id: string): AppError {
    return new AppError(`${entity} ${id} does not exist`, ErrorCode.NotFound);
  }

  /**
   * A business rule said no; `reason` is the stable machine-readable name of the rule. Services call
   * this only from their own `errors.ts`, whose factories name every reason they may answer.
   */
  static conflict<R extends string>(reason: R, message: string): AppError {
    return new AppError(message, ErrorCode.Conflict, { reason });
  }
}
