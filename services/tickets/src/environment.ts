import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { z } from 'zod';

const minutes = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);
const days = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Every setting the tickets service reads; the SLA numbers are DOMAIN.md's, as named settings. */
export const ticketsEnvironment = subgraphEnvironment(
  { port: 4001, database: 'pm_tickets' },
  {
    /** 首问责任人: anything not solved on the spot is dispatched within this (working minutes). */
    SLA_DISPATCH_MINUTES: minutes(10),
    /** Patrol findings are dispatched within this (working minutes). */
    SLA_PATROL_DISPATCH_MINUTES: minutes(30),
    /** An engineer responds to a repair within this (working minutes; wall-clock for emergencies). */
    SLA_REPAIR_RESPONSE_MINUTES: minutes(15),
    /** A fault is fixed within this many hours: on the business calendar (24 h = the next working day) for NORMAL repairs, wall-clock for EMERGENCY ones. */
    SLA_REPAIR_RESOLUTION_HOURS: minutes(24),
    /** Requests and suggestions are answered within this many working days. */
    SLA_REQUEST_ANSWER_DAYS: days(1),
    /** MINOR complaints: solved within this share of a working day. */
    SLA_COMPLAINT_MINOR_WORKDAY_SHARE: z.coerce.number().min(0.05).max(5).default(0.5),
    /** IMPORTANT complaints: solved within this many working days. */
    SLA_COMPLAINT_IMPORTANT_DAYS: days(1),
    /** MAJOR complaints: a definite answer within this many working days… */
    SLA_COMPLAINT_MAJOR_ANSWER_DAYS: days(2),
    /** …and solved within this many. */
    SLA_COMPLAINT_MAJOR_RESOLUTION_DAYS: days(15),
    /** Patrol findings: a fix is verified on site by the end of this many working days after it (不超过第2日). */
    SLA_PATROL_VERIFICATION_DAYS: days(1),
    /** Complaints not yet classified VALID or INVALID: solved within this many working days. */
    SLA_COMPLAINT_UNCLASSIFIED_DAYS: days(1),
    /** A complaint becomes MAJOR when this many different residents complain about the same incident. */
    COMPLAINT_MAJOR_MIN_COMPLAINANTS: z.coerce.number().int().min(2).default(5),
    /** …or when a VALID complaint is still unsolved after this many days. */
    COMPLAINT_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).default(7),
    /** How often the SLA scheduler looks for deadlines that just passed. */
    SLA_SCAN_SECONDS: z.coerce.number().min(0.1).default(2),
    /** Callback (回访) within this many working days of resolution. */
    SLA_CALLBACK_DAYS: days(1),
    /** Hand-over defects: large ones are repaired within this many days (small ones the same working day). */
    HANDOVER_LARGE_DEFECT_DAYS: days(7),
    /** Notifications: the SMTP server e-mails go through (`smtp://user:pass@host:587`); without it e-mail recipients are skipped. */
    SMTP_URL: z.string().url().optional(),
    /** …the sender of those e-mails. */
    NOTIFY_FROM: z.string().default('物业客服中心 <desk@localhost>'),
    /** …how often due notifications are sent, how many attempts before one is given up, how long a channel may take. */
    NOTIFY_SCAN_SECONDS: z.coerce.number().min(0.1).default(2),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** …an event older than this when it arrives (a replay of history) is recorded, not sent. */
    NOTIFY_MAX_EVENT_AGE_MINUTES: z.coerce.number().int().min(1).default(60),
    /** Report targets: callback rate (share of resolved tickets called back)… */
    TARGET_CALLBACK_RATE: share(1),
    /** …complaint satisfaction… */
    TARGET_COMPLAINT_SATISFACTION: share(0.9),
    /** …and repair satisfaction ((SATISFIED + FAIRLY_SATISFIED) / callbacks). */
    TARGET_REPAIR_SATISFACTION: share(0.95),
  },
);

export type TicketsEnvironment = z.infer<typeof ticketsEnvironment>;

export const loadTicketsEnvironment = (): TicketsEnvironment => loadEnvironment(ticketsEnvironment, process.env);
