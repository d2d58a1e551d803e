import { outreachKpis } from '../../../../../shared/domain/outreach-kpis';
import type { OutreachDashboard, OutreachKind } from '../../../../../shared/schemas/outreach';

const rows = (kind: OutreachKind, sent: number, attributed: number, value: number) =>
  Array.from({ length: sent }, (_, i) => ({
    kind,
    attributed: i < attributed,
    value: i < attributed ? value : null,
  }));

/**
 * An outreach results answer: 40 payment reminders of which 26 paid (¥199 each), 12 follow-ups
 * and 3 review invitations of which 3 and 1 reordered (¥88 each: 15 in all, below the threshold),
 * 5 member-care messages, none converted.
 */
export function outreachDashboard(from: string, to: string, agent?: string): OutreachDashboard {
  return {
    query: { from, to, ...(agent ? { agent } : {}) },
    ...outreachKpis([
      ...rows('payment_reminder', 40, 26, 199),
      ...rows('follow_up', 12, 3, 88),
      ...rows('review_invitation', 3, 1, 88),
      ...rows('member_care', 5, 0, 0),
    ]),
    minSample: 20,
    tookMs: 3.2,
  };
}
