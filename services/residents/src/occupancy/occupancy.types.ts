import { Field, ID, Int, ObjectType } from 'type-graphql';

import { OccupancyStatus } from '../unit/unit.entity';

@ObjectType({ description: 'Units of one building in one occupancy status' })
export class OccupancyCount {
  @Field(() => ID) buildingId: string;
  @Field() buildingName: string;
  @Field(() => OccupancyStatus) status: OccupancyStatus;
  @Field(() => Int) count: number;
}

@ObjectType()
export class OccupancyStatusCount {
  @Field(() => OccupancyStatus) status: OccupancyStatus;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'One building in the monthly occupancy report: status at the end of the month, changes during it' })
export class OccupancyMonthlyRow {
  @Field(() => ID, { nullable: true, description: 'null on the property total' }) buildingId: string | null;
  @Field() buildingName: string;
  @Field(() => Int) units: number;
  @Field(() => [OccupancyStatusCount]) byStatus: OccupancyStatusCount[];
  @Field(() => Int, { description: 'Units handed over (入伙) in the month' }) handedOver: number;
  @Field(() => Int, { description: 'Move-ins in the month' }) movedIn: number;
  @Field(() => Int, { description: 'Move-outs in the month' }) movedOut: number;
  @Field(() => Int, { description: 'Renovation starts and ends in the month' }) renovation: number;
  @Field(() => Int, { description: "Supervisors' corrections in the month" }) corrections: number;
}

@ObjectType({ description: '月度物业动态信息表: the monthly occupancy report, due by the 3rd of the next month' })
export class OccupancyMonthlyReport {
  @Field(() => ID) propertyId: string;
  @Field() month: string;
  @Field(() => [OccupancyMonthlyRow], { description: 'One row per building, then the property total' }) rows: OccupancyMonthlyRow[];
}
