import { type BusinessCalendar } from '@pm/calendar';
import { type EventEnvelope, Events } from '@pm/events';
import { Role } from '@pm/identity';

/** What an event tells whom: the roles, a subject and a body without personal data. */
export interface Notice {
  roles: Role[];
  subject: string;
  lines: string[];
  ticketId: string | null;
}

const BREACH: Record<string, string> = { DISPATCH: '派单超时', RESPONSE: '响应超时', RESOLUTION: '处理超时', CALLBACK: '回访超时' };
const KIND: Record<string, string> = {
  REPAIR: '报修', COMPLAINT: '投诉', REQUEST: '需求', SUGGESTION: '建议', INQUIRY: '咨询', PATROL_FINDING: '巡查发现', RECTIFICATION: '整改',
};
const ESCALATION: Record<string, string> = { CLASSIFIED: '定级', MANY_COMPLAINANTS: '多户投诉同一事件', UNRESOLVED_TOO_LONG: '超过期限未解决' };

type Payload = Record<string, unknown>;
const unit = (code: string | null) => (code ? `单元 Unit: ${code}` : null);

/**
 * The notices of DOMAIN.md's "reported immediately": SLA breaches and escalated complaints to the
 * supervisor (MAJOR ones to the project manager too), emergency repairs and hand-over defects to the
 * engineers, satisfaction rectifications and extension requests to the supervisor. Null: no one is
 * told. Bodies carry ticket numbers, kinds, unit codes and deadlines, never names or phone numbers.
 */
export function noticeOf(event: EventEnvelope, unitCode: string | null, calendar: BusinessCalendar): Notice | null {
  const p = event.payload as Payload;
  const local = (iso: unknown) => calendar.localDateTime(new Date(iso as string));
  const ticket = (extra: (string | null)[]) => [`工单 Ticket: ${p.number}`, `类型 Kind: ${KIND[p.kind as string] ?? p.kind} (${p.kind})`, unit(unitCode), ...extra].filter((l): l is string => Boolean(l));
  switch (event.type) {
    case Events.ticketSlaBreached.type:
      return {
        roles: [Role.SUPERVISOR], ticketId: p.ticketId as string,
        subject: `【${BREACH[p.breach as string] ?? '超时'}】${p.number}`,
        lines: ticket([`超时 Missed: ${p.breach}, due ${local(p.deadline)}`, p.department ? `部门 Department: ${p.department}` : null, p.severity ? `等级 Severity: ${p.severity}` : null]),
      };
    case Events.ticketEscalated.type:
      return {
        roles: p.severity === 'MAJOR' ? [Role.SUPERVISOR, Role.PROJECT_MANAGER] : [Role.SUPERVISOR], ticketId: p.ticketId as string,
        subject: `【${p.severity === 'MAJOR' ? '重大' : '重要'}投诉】${p.number}`,
        lines: ticket([`等级 Severity: ${p.severity}`, `原因 Why: ${ESCALATION[p.reason as string] ?? p.reason} (${p.reason})`]),
      };
    case Events.ticketOpened.type:
      if (p.kind !== 'REPAIR' || p.urgency !== 'EMERGENCY') return null;
      return { roles: [Role.ENGINEER, Role.SUPERVISOR], ticketId: p.ticketId as string, subject: `【紧急报修】${p.number}`, lines: ticket(['紧急 EMERGENCY: respond at once']) };
    case Events.ticketExtensionRequested.type:
      return {
        roles: [Role.SUPERVISOR, Role.PROJECT_MANAGER], ticketId: p.ticketId as string,
        subject: `【超时申请】${p.number}`, lines: ticket([`申请延期至 Until: ${local(p.until)}`, 'pendingDeadlineExtensions 待审批']),
      };
    case Events.handoverDefectReported.type:
      return {
        roles: [Role.ENGINEER], ticketId: null,
        subject: `【入伙验房问题】${unitCode ?? ''}`.trim(),
        lines: [unit(unitCode), `${p.large ? '大问题 Large' : '小问题 Small'}: ${String(p.description).slice(0, 200)}`, `报告 Reported: ${local(p.reportedAt)}`].filter((l): l is string => Boolean(l)),
      };
    case Events.rectificationCreated.type:
      return {
        roles: [Role.SUPERVISOR], ticketId: null,
        subject: `【满意度整改】${p.category} → ${p.department}`,
        lines: [`满意率 Satisfaction: ${((p.satisfactionRate as number) * 100).toFixed(1)}%`, `措施 Action: ${String(p.action).slice(0, 300)}`, `完成 Due: ${p.dueOn}`],
      };
    default:
      return null;
  }
}
