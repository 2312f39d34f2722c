import { AppError } from '@pm/errors';

export type Params = URLSearchParams;
export type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A report: the GraphQL operation it runs (as the caller, through the federated graph) and how its answer becomes a document. */
export interface Report {
  filename(params: Params): string;
  variables(params: Params): Record<string, unknown>;
  query: string;
  render(data: Data, params: Params): string;
  /** Default: CSV, downloaded as an attachment. */
  contentType?: string;
}

export function required(params: Params, name: string): string {
  const value = params.get(name)?.trim();
  if (!value) throw AppError.badInput(name, `${name} is required`);
  return value;
}
