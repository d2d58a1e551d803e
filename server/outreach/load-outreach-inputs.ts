import { trusted } from 'mongoose';
import type {
  PlanCustomer,
  PlanExistingTask,
  PlanInput,
  PlanOrder,
} from '../../shared/domain/outreach-rules';
import type { OutreachRules } from '../../shared/schemas/outreach';
import { Customer } from '../customers/customer-model';
import { defaultTierRules } from '../customers/member-tiers';
import { Order } from '../customers/order-model';
import {
  OrderState,
  OutreachTask,
  type OrderStateDoc,
  type OutreachTaskDoc,
} from './outreach-models';

const DAY_MS = 86_400_000;

interface CustomerFacts {
  name: string;
  tier: string;
  totalSpent: number;
  orderCount: number;
}

export interface OutreachInputsDeps {
  /** The customer's RFM eight-class and tier (the profile service's in-memory snapshot). */
  segmentOf: (customerId: string) => Promise<{ segment: string; tier: string | null }>;
  /** Customers' names, spend and last orders are read again when older than this (10 min). */
  customerMaxAgeMs?: number;
}

export interface OutreachInputs {
  /** Everything planOutreach needs at `now` under `rules`, in a handful of queries. */
  load(now: Date, rules: OutreachRules): Promise<PlanInput>;
}

/**
 * Reads the planner's inputs with few, whole-collection queries (FerretDB scans every
 * collection it is asked about, so nothing is read per customer): the recent order states, every
 * task (ids, kinds, times), the opted-out customers (every time: an opt-out counts at once), and
 * — kept for `customerMaxAgeMs` — the customers' names, spend and order counts, and the last
 * order of the customers a win-back rule looks at.
 */
export function createOutreachInputs(deps: OutreachInputsDeps): OutreachInputs {
  const maxAgeMs = deps.customerMaxAgeMs ?? 10 * 60_000;
  let facts: { at: number; byId: Map<string, CustomerFacts> } | null = null;
  let lastOrders: { at: number; key: string; byId: Map<string, number> } | null = null;

  const readCustomers = async (filter: Record<string, unknown>) => {
    const docs = await Customer.find(filter, {
      _id: 0,
      customerId: 1,
      name: 1,
      memberTier: 1,
      totalSpent: 1,
      orderCount: 1,
    }).lean<
      Array<{
        customerId: string;
        name: string;
        memberTier: string;
        totalSpent?: number;
        orderCount?: number;
      }>
    >();
    return docs.map(
      (d) =>
        [
          d.customerId,
          {
            name: d.name,
            tier: d.memberTier,
            totalSpent: d.totalSpent ?? 0,
            orderCount: d.orderCount ?? 0,
          },
        ] as const,
    );
  };

  const customerFacts = async (now: number) => {
    if (!facts || now - facts.at >= maxAgeMs) {
      facts = { at: now, byId: new Map(await readCustomers({})) };
    }
    return facts.byId;
  };

  return {
    async load(nowDate, rules) {
      const now = nowDate.getTime();
      const { daysAfterDelivery, reviewInviteAfterDays } = rules.followUp;
      // Order states any rule can still act on; older ones are past every rule's window.
      const since = new Date(now - (daysAfterDelivery + reviewInviteAfterDays + 30) * DAY_MS);
      const [states, tasks, optedOut, byId] = await Promise.all([
        OrderState.find({ updatedAt: trusted({ $gte: since }) }).lean<OrderStateDoc[]>(),
        OutreachTask.find(
          {},
          { kind: 1, customerId: 1, orderId: 1, createdAt: 1, status: 1, sentAt: 1 },
        ).lean<
          Array<
            Pick<
              OutreachTaskDoc,
              '_id' | 'kind' | 'customerId' | 'orderId' | 'createdAt' | 'status' | 'sentAt'
            >
          >
        >(),
        Customer.find({ outreachOptOut: true }, { _id: 0, customerId: 1 }).lean<
          Array<{ customerId: string }>
        >(),
        customerFacts(now),
      ]);

      // Customers who joined since the facts were read, named by an order event.
      const missing = [...new Set(states.map((s) => s.customerId))].filter((id) => !byId.has(id));
      if (missing.length > 0) {
        for (const [id, f] of await readCustomers({ customerId: trusted({ $in: missing }) })) {
          byId.set(id, f);
        }
      }

      const segments = new Map<string, { segment: string; tier: string | null }>();
      for (const customerId of byId.keys())
        segments.set(customerId, await deps.segmentOf(customerId));

      // The last order of each customer a win-back rule looks at (the others need none).
      const wanted = new Set(rules.winBack.enabled ? rules.winBack.segments : []);
      const candidates = [...segments].filter(([, s]) => wanted.has(s.segment)).map(([id]) => id);
      const key = JSON.stringify([...wanted].sort());
      if (!lastOrders || lastOrders.key !== key || now - lastOrders.at >= maxAgeMs) {
        const last = new Map<string, number>();
        if (candidates.length > 0) {
          const orders = await Order.find(
            { customerId: trusted({ $in: candidates }) },
            { _id: 0, customerId: 1, orderedAt: 1 },
          ).lean<Array<{ customerId: string; orderedAt: Date }>>();
          for (const o of orders) {
            const t = o.orderedAt.getTime();
            if (t > (last.get(o.customerId) ?? -Infinity)) last.set(o.customerId, t);
          }
        }
        lastOrders = { at: now, key, byId: last };
      }
      // Orders the shop announced by event count as activity too.
      const lastOrderAt = new Map(lastOrders.byId);
      for (const s of states) {
        const t = s.createdAt?.getTime();
        if (t !== undefined && t > (lastOrderAt.get(s.customerId) ?? -Infinity)) {
          lastOrderAt.set(s.customerId, t);
        }
      }

      const optOut = new Set(optedOut.map((c) => c.customerId));
      const customers: PlanCustomer[] = [...byId].map(([customerId, f]) => {
        const last = lastOrderAt.get(customerId);
        return {
          customerId,
          name: f.name,
          segment: segments.get(customerId)?.segment ?? 'unknown',
          tier: segments.get(customerId)?.tier ?? f.tier,
          totalSpent: f.totalSpent,
          lastOrderAt: last === undefined ? null : new Date(last),
          optOut: optOut.has(customerId),
          expectedValue:
            f.orderCount > 0 ? Math.round((f.totalSpent / f.orderCount) * 100) / 100 : 0,
        };
      });
      const orders: PlanOrder[] = states.map((s) => ({
        orderId: s._id,
        customerId: s.customerId,
        amount: s.amount ?? null,
        createdAt: s.createdAt ?? null,
        paidAt: s.paidAt ?? null,
        shippedAt: s.shippedAt ?? null,
        deliveredAt: s.deliveredAt ?? null,
        refundedAt: s.refundedAt ?? null,
      }));
      const existingTasks: PlanExistingTask[] = tasks.map((t) => ({
        id: t._id,
        kind: t.kind,
        customerId: t.customerId,
        orderId: t.orderId ?? null,
        createdAt: t.createdAt,
        status: t.status,
        sentAt: t.sentAt ?? null,
      }));
      return {
        now: nowDate,
        rules,
        orders,
        customers,
        tierThresholds: defaultTierRules.thresholds,
        existingTasks,
      };
    },
  };
}
