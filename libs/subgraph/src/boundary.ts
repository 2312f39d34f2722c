import { AppError } from '@pm/errors';
import {
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/** Limits every text argument is held to before a resolver sees it. */
export interface InputLimits {
  /**
   * Longest short text (names, codes, titles, assignees…).
   * @default 200
   */
  shortText: number;
  /**
   * Longest free text (descriptions, notes, comments, reasons…), whose names are in `longTextFields`.
   * @default 2000
   */
  longText: number;
  /** Field and argument names that hold free text (line breaks allowed). */
  longTextFields: ReadonlySet<string>;
  /** Arguments that carry a whole document (a CSV import): line breaks allowed, the resolver sets the size. */
  documentFields: ReadonlySet<string>;
  /** Opaque tokens the API handed out (pagination cursors): one line, up to the free-text length; their own check validates them. */
  tokenFields: ReadonlySet<string>;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  shortText: 200,
  longText: 2000,
  longTextFields: new Set([
    'description', 'note', 'notes', 'comment', 'reason', 'findings', 'issues', 'feedback', 'action', 'topics',
    'refusalReason', 'remarks', 'materials', 'purpose', 'correctiveAction', 'answer', 'remedy', 'measure',
  ]),
  documentFields: new Set(['csv']),
  tokenFields: new Set(['after']),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates cannot reach here (JSON).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

function fieldName(path: string): string {
  return path.replace(/\[\d+\]$/, '').split('.').at(-1) ?? path;
}

function cleanText(value: string, path: string, required: boolean, limits: InputLimits): string | null {
  const name = fieldName(path);
  const document = limits.documentFields.has(name);
  const long = limits.longTextFields.has(name);
  if (CONTROL.test(value)) throw AppError.badInput(path, `${path} must not contain control characters`);
  if (!long && !document && LINE_BREAK_OR_TAB.test(value)) throw AppError.badInput(path, `${path} must be one line (no line breaks or tabs)`);
  const trimmed = document ? value : value.trim();
  const max = document ? Number.POSITIVE_INFINITY : long || limits.tokenFields.has(name) ? limits.longText : limits.shortText;
  if ([...trimmed].length > max) throw AppError.badInput(path, `${path} must be at most ${max} characters`);
  if (!trimmed.trim()) {
    if (required) throw AppError.badInput(path, `${path} must not be blank`);
    return null;
  }
  return trimmed;
}

/** Checks and normalises one input value against its GraphQL type; returns the value to pass on. */
function cleanValue(value: unknown, type: GraphQLInputType, path: string, limits: InputLimits): unknown {
  if (value == null) return value;
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => cleanValue(item, inner.ofType, `${path}[${i}]`, limits));
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      out[key] = field ? cleanValue(item, field.type, path ? `${path}.${key}` : key, limits) : item;
    }
    return out;
  }
  if (isScalarType(inner) && typeof value === 'string') {
    if (inner.name === 'ID') {
      if (!UUID.test(value)) throw AppError.badInput(path, `${path} must be an id (a UUID such as 0192f3c4-5b6a-7c8d-9e0f-123456789abc)`);
      return value.toLowerCase();
    }
    if (inner.name === 'String') return cleanText(value, path, required, limits);
  }
  return value;
}

function cleanArgs(args: Record<string, unknown>, definitions: readonly GraphQLArgument[], limits: InputLimits): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const definition of definitions) {
    if (!(definition.name in args)) continue;
    // An input object's fields are named on their own (`title`, `units[1].code`), as class-validator names them.
    const prefix = isInputObjectType(getNullableType(definition.type)) ? '' : definition.name;
    out[definition.name] = cleanValue(args[definition.name], definition.type, prefix, limits);
  }
  return out;
}

/**
 * The input boundary of a subgraph: before any resolver runs, ids must be UUIDs, text has no
 * control characters, is trimmed, fits its limit and, when required, is not blank (BAD_USER_INPUT
 * naming the field). Blank optional text becomes null.
 */
export function applyInputBoundary(schema: GraphQLSchema, limits: InputLimits = DEFAULT_INPUT_LIMITS): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length || !field.resolve || field.name === '_entities') continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
      const definitions = field.args;
      field.resolve = (source, args, ctx, info) => resolve(source, cleanArgs(args, definitions, limits), ctx, info);
    }
  }
}
