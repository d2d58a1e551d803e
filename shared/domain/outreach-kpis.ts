import { outreachKinds, type OutreachKind, type OutreachRate } from '../schemas/outreach';
import { MIN_SCRIPT_SAMPLE, wilsonInterval } from './kpis';

/**
 * The results of proactive outreach (主动营销效果): of the outreach sent, how much was followed
 * by a payment (reminders, 催付) or a new order (follow-ups, care, win-back) within the
 * attribution window. Rates carry the same Wilson interval and the same data threshold as script
 * effectiveness, so a supervisor reads both the same way.
 */

/** What of an outreach outcome record the figures read. */
export interface OutreachOutcomeRow {
  kind: OutreachKind;
  attributed: boolean;
  /** CNY of the attributed order; null or 0 when none. */
  value: number | null;
}

/** The kinds whose success is a repeat purchase (回访复购). */
export const repeatPurchaseKinds: readonly OutreachKind[] = ['follow_up', 'review_invitation'];

interface Tally {
  sent: number;
  attributed: number;
  /** Integer fen, so sums stay exact whatever the order. */
  valueCents: number;
}

const emptyTally = (): Tally => ({ sent: 0, attributed: 0, valueCents: 0 });

/** The rate of a tally; no interval (and "not enough data yet") below `minSample` sent. */
export function outreachRate(tally: Tally, minSample: number = MIN_SCRIPT_SAMPLE): OutreachRate {
  const enoughData = tally.sent >= minSample && tally.sent > 0;
  return {
    sent: tally.sent,
    attributed: tally.attributed,
    rate: tally.sent === 0 ? null : tally.attributed / tally.sent,
    interval: enoughData ? wilsonInterval(tally.attributed, tally.sent) : null,
    enoughData,
    value: tally.valueCents / 100,
  };
}

function addInto(into: Tally, b: Tally) {
  into.sent += b.sent;
  into.attributed += b.attributed;
  into.valueCents += b.valueCents;
}

/** Per kind (every kind, in outreachKinds order), payment recovery and repeat purchase. */
export function outreachKpis(
  rows: Iterable<OutreachOutcomeRow>,
  minSample: number = MIN_SCRIPT_SAMPLE,
): {
  kinds: Array<OutreachRate & { kind: OutreachKind }>;
  paymentRecovery: OutreachRate;
  repeatPurchase: OutreachRate;
} {
  const byKind = new Map<OutreachKind, Tally>(outreachKinds.map((k) => [k, emptyTally()]));
  for (const row of rows) {
    const tally = byKind.get(row.kind);
    if (!tally) continue; // a kind this build does not know: not counted anywhere
    tally.sent += 1;
    if (row.attributed) {
      tally.attributed += 1;
      const value = row.value ?? 0;
      if (Number.isFinite(value)) tally.valueCents += Math.round(value * 100);
    }
  }
  const repeat = emptyTally();
  for (const kind of repeatPurchaseKinds) addInto(repeat, byKind.get(kind)!);
  return {
    kinds: outreachKinds.map((kind) => ({ kind, ...outreachRate(byKind.get(kind)!, minSample) })),
    paymentRecovery: outreachRate(byKind.get('payment_reminder')!, minSample),
    repeatPurchase: outreachRate(repeat, minSample),
  };
}
