import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';

import { TicketErrors } from '../errors';
import { type TicketsContext } from '../settings';
import { openTicket, recordOpening } from './ticket.service';
import { Ticket } from './ticket.entity';
import { Channel, TicketKind, TicketStatus } from './ticket.enums';
import { changeTicket } from './ticket.workflow';

/** A patrol round, owned by the residents subgraph; this subgraph adds the findings raised on it. */
@ObjectType('PatrolRound')
@Directive('@key(fields: "id")')
export class PatrolRoundRef {
  @Field(() => ID)
  id: string;
}

@InputType({ description: '巡查发现: what a patrol found that needs fixing' })
class PatrolFindingInput {
  @Field(() => ID) @IsUUID() propertyId: string;
  @Field(() => ID, { nullable: true, description: 'The round it was found on (startPatrolRound)' }) @IsOptional() @IsUUID() roundId?: string;
  @Field(() => ID, { nullable: true, description: 'A unit, when it is about one' }) @IsOptional() @IsUUID() unitId?: string;
  @Field({ description: 'Where, e.g. "2号楼 5F 消防通道"' }) @MaxLength(200) location: string;
  @Field() @MaxLength(200) title: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) description?: string;
}

const PATROLLERS = [Role.FRONT_DESK, Role.SECURITY, Role.ENGINEER];

/** Patrol findings: raised on a round, dispatched within 30 minutes, verified on site the next working day after the fix. */
@Resolver(() => Ticket)
export class PatrolFindingResolver {
  @Mutation(() => Ticket, { description: '巡查发现: a PATROL_FINDING ticket (dispatch within 30 minutes; once fixed, verified on site by the end of the next working day)' })
  raisePatrolFinding(@Arg('input') input: PatrolFindingInput, @Ctx() ctx: TicketsContext): Promise<Ticket> {
    requireRole(ctx.identity, PATROLLERS, 'raise patrol findings');
    if (!input.location.trim()) throw AppError.badInput('location', 'location must say where it was found');
    return openTicket(ctx, {
      propertyId: input.propertyId, kind: TicketKind.PATROL_FINDING, channel: Channel.PATROL, title: input.title, description: input.description, unitId: input.unitId,
    }, { patrolRoundId: input.roundId ?? null, location: input.location.trim() });
  }

  @Mutation(() => Ticket, { description: '现场核实: a fixed patrol finding checked on site; not ok raises a follow-up finding at the same place' })
  async verifyPatrolFinding(
    @Arg('id', () => ID) id: string,
    @Arg('ok', () => Boolean) ok: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: TicketsContext,
  ): Promise<Ticket> {
    requireRole(ctx.identity, PATROLLERS, 'verify patrol findings');
    const said = note?.trim().slice(0, 2000) || null;
    if (!ok && !said) throw AppError.badInput('note', 'note must say what is still wrong');
    // A follow-up's number, like every ticket's, is drawn before the transaction (a sequence is not transactional).
    const number = ok ? null : await nextDocumentNumber(ctx.em, 'ticket_number_seq', 'GD', ctx.clock.now());
    return changeTicket(ctx, id, (ticket, now, settings) => {
      if (ticket.kind !== TicketKind.PATROL_FINDING) throw TicketErrors.notAPatrolFinding(ticket.number, ticket.kind);
      if (ticket.status !== TicketStatus.CLOSED || !ticket.resolvedAt) throw TicketErrors.notFixedYet(ticket.number, ticket.status);
      if (ticket.verifiedAt) throw TicketErrors.alreadyVerified(ticket.number, ticket.verifiedAt);
      ticket.verifiedAt = now;
      ticket.verifiedBy = ctx.identity.name;
      ticket.verificationOk = ok;
      ticket.verificationNote = said;
      return {
        note: ok ? `verified on site${said ? `: ${said}` : ''}` : `verified on site, not fixed: ${said}`,
        publish: (tx) => {
          if (ok) return;
          // The same place again, as a new finding: its own number, deadlines and verification.
          const followUp = tx.create(Ticket, {
            number: number!, propertyId: ticket.propertyId, kind: TicketKind.PATROL_FINDING, channel: Channel.PATROL,
            title: `复查未通过: ${ticket.title}`.slice(0, 200), description: said, unitId: ticket.unitId, location: ticket.location,
            patrolRoundId: ticket.patrolRoundId, sourceRef: `patrol-follow-up:${ticket.id}`, openedBy: ctx.identity.name, createdAt: now,
          });
          recordOpening(tx, followUp, ctx.identity.name, `follow-up of ${ticket.number}: ${said}`, ctx.identity.sub, settings);
        },
      };
    });
  }

  @FieldResolver(() => Boolean, { description: 'Patrol findings: fixed, not yet verified, and past the verification deadline' })
  verificationOverdue(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): boolean {
    return Boolean(ticket.verificationDueBy && !ticket.verifiedAt && ticket.verificationDueBy < ctx.clock.now());
  }

  @FieldResolver(() => PatrolRoundRef, { nullable: true, description: 'Patrol findings: the round it was found on' })
  patrolRound(@Root() ticket: Ticket): PatrolRoundRef | null {
    return ticket.patrolRoundId ? { id: ticket.patrolRoundId } : null;
  }
}

/** `PatrolRound.findings`: the findings raised on a round. */
@Resolver(() => PatrolRoundRef)
export class PatrolRoundFindingsResolver {
  @FieldResolver(() => [Ticket], { description: 'The findings raised on this round (PATROL_FINDING tickets), oldest first' })
  findings(@Root() round: PatrolRoundRef, @Ctx() ctx: TicketsContext): Promise<Ticket[]> {
    return ctx
      .loader<string, Ticket[]>('patrol-findings', async (ids) => {
        const rows = await ctx.em.find(Ticket, { patrolRoundId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
        return groupBy(ids, rows, (row) => row.patrolRoundId!);
      })
      .load(round.id);
  }
}
