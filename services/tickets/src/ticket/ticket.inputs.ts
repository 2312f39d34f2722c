import { IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { Field, ID, InputType } from 'type-graphql';

import { Channel, ComplaintSeverity, Department, RepairUrgency, TicketKind, TicketStatus } from './ticket.enums';

@InputType()
export class OpenTicketInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field(() => TicketKind)
  kind: TicketKind;

  @Field(() => Channel)
  channel: Channel;

  @Field()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(4000)
  description?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  reporterId?: string;

  @Field(() => RepairUrgency, { nullable: true, description: 'REPAIR only; defaults to NORMAL' })
  urgency?: RepairUrgency;

  @Field(() => String, { nullable: true, description: 'COMPLAINT only: complaints about the same incident share it' })
  @IsOptional()
  @MaxLength(100)
  incidentKey?: string;

  @Field(() => String, { nullable: true, description: 'The number to call back on (来电号码), when not the reporter’s registered one; masked like every phone' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  contactPhone?: string;

  @Field(() => Date, { nullable: true, description: 'The visit agreed with the resident (预约时间)' })
  @IsOptional()
  appointmentAt?: Date;

  @Field(() => String, { nullable: true, description: 'Paid repairs (特约服务): the catalogue item; the ticket takes its price as the quote' })
  @IsOptional()
  @MaxLength(20)
  serviceCode?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Your id for this request, a UUID you make: sending the same request again (after a timeout or a dropped connection) returns the ticket it opened instead of opening a second one',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

@InputType()
export class TicketFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  propertyId?: string;

  @Field(() => TicketKind, { nullable: true })
  kind?: TicketKind;

  @Field(() => [TicketStatus], { nullable: true })
  status?: TicketStatus[];

  @Field(() => Department, { nullable: true })
  department?: Department;

  @Field(() => ComplaintSeverity, { nullable: true })
  severity?: ComplaintSeverity;

  @Field(() => Boolean, { nullable: true, description: 'Tickets with (or without) a missed deadline' })
  breached?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => Date, { nullable: true })
  createdFrom?: Date;

  @Field(() => Date, { nullable: true })
  createdTo?: Date;
}
