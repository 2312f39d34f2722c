import { Field, Int, ObjectType } from 'type-graphql';

import { ParkingLot } from '../lot/lot.entity';
import { LeaseTerm } from './lease.enums';

@ObjectType('ParkingIncomeByTerm')
export class IncomeByTerm {
  @Field(() => LeaseTerm)
  term: LeaseTerm;

  @Field(() => Int)
  payments: number;

  @Field(() => Int)
  amountFen: number;
}

@ObjectType('ParkingIncomeByLot')
export class IncomeByLot {
  @Field(() => ParkingLot)
  lot: ParkingLot;

  @Field(() => Int)
  payments: number;

  @Field(() => Int)
  amountFen: number;
}

@ObjectType('ParkingIncome', { description: 'Rent taken in a month (new leases and renewals)' })
export class ParkingIncome {
  @Field()
  month: string;

  @Field(() => Int)
  payments: number;

  @Field(() => Int)
  totalFen: number;

  @Field(() => [IncomeByTerm])
  byTerm: IncomeByTerm[];

  @Field(() => [IncomeByLot])
  byLot: IncomeByLot[];
}
