import 'reflect-metadata';

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parkingSchema } from '@pm/parking-service';
import { renovationSchema } from '@pm/renovation-service';
import { residentsSchema } from '@pm/residents-service';
import { buildFederatedSchema, type SubgraphSchemaOptions } from '@pm/subgraph';
import { surveysSchema } from '@pm/surveys-service';
import { ticketsSchema } from '@pm/tickets-service';
import { parse } from 'graphql';

/** The committed supergraph the gateway serves; rebuilt by `nx run gateway:build`. */
export const SUPERGRAPH_PATH = join(__dirname, '..', 'supergraph.graphql');

const SUBGRAPHS: [name: string, schema: SubgraphSchemaOptions, port: number][] = [
  ['tickets', ticketsSchema, 4001],
  ['residents', residentsSchema, 4002],
  ['renovation', renovationSchema, 4003],
  ['parking', parkingSchema, 4004],
  ['surveys', surveysSchema, 4005],
];

/** Composes the five subgraphs' SDL into a supergraph; throws with every composition error. */
export async function composeSupergraph(): Promise<string> {
  const services = await Promise.all(
    SUBGRAPHS.map(async ([name, schema, port]) => ({
      name,
      url: `http://127.0.0.1:${port}/graphql`,
      typeDefs: parse((await buildFederatedSchema(schema)).sdl),
    })),
  );
  const result = composeServices(services);
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Supergraph composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

if (require.main === module) {
  composeSupergraph()
    .then((sdl) => {
      writeFileSync(SUPERGRAPH_PATH, sdl);
      process.stdout.write(`supergraph composed from ${SUBGRAPHS.length} subgraphs → ${SUPERGRAPH_PATH}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
