import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';

import { importResidents } from './importer';
import { type ResidentsContext } from '../settings';

@ObjectType()
export class ImportProblemView {
  @Field(() => Int) line: number;
  @Field(() => String, { nullable: true }) column: string | null;
  @Field() message: string;
}

@ObjectType({ description: 'The outcome of a CSV import: written in full, or rejected with every problem and nothing written' })
export class ImportReport {
  @Field() ok: boolean;
  @Field() dryRun: boolean;
  @Field(() => Int) rows: number;
  @Field(() => Int) buildingsCreated: number;
  @Field(() => Int) unitsCreated: number;
  @Field(() => Int) residentsCreated: number;
  @Field(() => [ImportProblemView]) problems: ImportProblemView[];
  @Field(() => Int, { description: 'Milliseconds taken' }) ms: number;
}

/** Most characters one call may send (about 20,000 rows); bigger files go through the command line. */
const MAX_CSV_CHARS = 4_000_000;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReport, { description: "Supervisor: import a property's buildings, units and residents from CSV (all or nothing). `npm run import:residents` does the same from a file." })
  async importResidents(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('csv') csv: string,
    @Arg('dryRun', { defaultValue: false }) dryRun: boolean,
    @Ctx() ctx: ResidentsContext,
  ): Promise<ImportReport> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'import residents');
    requirePropertyAccess(ctx.identity, propertyId);
    if (csv.length > MAX_CSV_CHARS) {
      return { ok: false, dryRun, rows: 0, buildingsCreated: 0, unitsCreated: 0, residentsCreated: 0, ms: 0, problems: [{ line: 0, column: null, message: 'the file is too large for one call: use npm run import:residents' }] };
    }
    return importResidents(ctx, propertyId, csv, { dryRun });
  }
}
