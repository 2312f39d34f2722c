import { registerEnumType } from 'type-graphql';

export enum TicketKind {
  REPAIR = 'REPAIR',
  COMPLAINT = 'COMPLAINT',
  REQUEST = 'REQUEST',
  SUGGESTION = 'SUGGESTION',
  INQUIRY = 'INQUIRY',
  PATROL_FINDING = 'PATROL_FINDING',
  RECTIFICATION = 'RECTIFICATION',
}
registerEnumType(TicketKind, { name: 'TicketKind', description: '报修 / 投诉 / 需求 / 建议 / 咨询 / 巡查发现 / 整改' });

export enum Channel {
  PHONE = 'PHONE',
  VISIT = 'VISIT',
  APP = 'APP',
  PATROL = 'PATROL',
  LETTER = 'LETTER',
  INTEGRATION = 'INTEGRATION',
}
registerEnumType(Channel, { name: 'Channel' });

export enum TicketStatus {
  NEW = 'NEW',
  DISPATCHED = 'DISPATCHED',
  IN_PROGRESS = 'IN_PROGRESS',
  ON_HOLD = 'ON_HOLD',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}
registerEnumType(TicketStatus, { name: 'TicketStatus' });

export enum RepairUrgency {
  EMERGENCY = 'EMERGENCY',
  NORMAL = 'NORMAL',
}
registerEnumType(RepairUrgency, { name: 'RepairUrgency' });

export enum ComplaintValidity {
  VALID = 'VALID',
  INVALID = 'INVALID',
}
registerEnumType(ComplaintValidity, { name: 'ComplaintValidity' });

/** 轻微 / 重要 / 重大 */
export enum ComplaintSeverity {
  MINOR = 'MINOR',
  IMPORTANT = 'IMPORTANT',
  MAJOR = 'MAJOR',
}
registerEnumType(ComplaintSeverity, { name: 'ComplaintSeverity' });

/** What a complaint was about (投诉原因), for the weekly complaint analysis: 设备 / 服务态度 / 服务质量 / 突发事件 / 其他 */
export enum ComplaintCause {
  EQUIPMENT = 'EQUIPMENT',
  ATTITUDE = 'ATTITUDE',
  SERVICE_QUALITY = 'SERVICE_QUALITY',
  SUDDEN_EVENT = 'SUDDEN_EVENT',
  OTHER = 'OTHER',
}
registerEnumType(ComplaintCause, { name: 'ComplaintCause', description: '设备 / 服务态度 / 服务质量 / 突发事件 / 其他' });

/** A request to run over a deadline (超时申请): waiting for, or given, the supervisor's or manager's answer. */
export enum ExtensionStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
}
registerEnumType(ExtensionStatus, { name: 'ExtensionStatus' });

/** 满意 / 较满意 / 不满意 */
export enum Satisfaction {
  SATISFIED = 'SATISFIED',
  FAIRLY_SATISFIED = 'FAIRLY_SATISFIED',
  DISSATISFIED = 'DISSATISFIED',
}
registerEnumType(Satisfaction, { name: 'Satisfaction' });

/** Departments are the graph's, shared with renovation and surveys. */
export { Department } from '@pm/graphql';

/** The orders `tickets` lists in. */
export enum TicketOrder {
  NEWEST = 'NEWEST',
  DUE = 'DUE',
}
registerEnumType(TicketOrder, {
  name: 'TicketOrder',
  description: 'NEWEST: newest first. DUE: the most overdue first, then the soonest due; tickets with no deadline running (on hold, finished) last',
});
