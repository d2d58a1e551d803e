import { clvFormula, explainClv } from '../../../shared/domain/clv';
import { eightClassInfo } from '../../../shared/domain/rfm-eight-classes';
import { rfmSegmentLabels } from '../../../shared/domain/rfm-segments';
import { dayOf, formatDay } from '../../../shared/domain/utc-day';
import {
  isPersonality,
  personalityInfo,
  type Personality,
} from '../../../shared/domain/personality';
import { assessCustomerValue, valueClassLabels } from '../../../shared/domain/value-class';
import type { CustomerProfile, ProfileResponse } from '../../../shared/schemas/profile';
import type { Logger } from '../../infra/logger';
import { Customer } from '../customer-model';
import type { MemberTier } from '../member-tiers';
import { itemOf, rankOffers } from './offers';
import {
  buildProfileSnapshot,
  CUSTOMER_FIELDS,
  customerFields,
  keepRecent,
  type CustomerFields,
  type CustomerEntry,
  type ProfileSnapshot,
} from './profile-snapshot';

/** An order as the profiles learn of it when it lands (shop backend, import). */
export interface LandedOrder {
  orderId: string;
  customerId: string;
  status: 'paid' | 'refunded';
  items: Array<{ sku: string; qty: number }>;
  amount: number;
  orderedAt: Date;
}

export interface ProfileService {
  /** Builds the snapshot now (in the background at startup); resolves when it is ready. */
  warm(): Promise<ProfileSnapshot>;
  profileFor(conversation: {
    customerId?: string | null;
    context?: { sku?: string | null; cart?: string[] | null } | null;
  }): Promise<ProfileResponse>;
  /** Sets (or clears) the customer's service personality; false when there is no such customer. */
  setPersonality(customerId: string, personality: Personality | null): Promise<boolean>;
  setNotes(customerId: string, notes: string): Promise<boolean>;
  /**
   * A new or refunded order: the customer's latest orders and what they own change at once; the
   * shop-wide scores (quintiles, means, rules) follow in a rebuild a little later.
   */
  noteOrder(order: LandedOrder): void;
  /** Bundles or rules changed: offers use them after the next (immediate) rebuild. */
  refresh(): void;
  /** For the demo shop's "shop as" picker: the biggest spender of each RFM class. */
  demoCustomers(): Promise<DemoCustomer[]>;
  /** The customer's RFM eight-class ('unknown' for a guest or no paid order) and member tier. */
  segmentOf(customerId: string | null): Promise<{ segment: string; tier: string | null }>;
}

export interface DemoCustomer {
  customerId: string;
  name: string;
  tier: MemberTier;
  class8: string;
  class8Label: { en: string; 'zh-CN': string };
}

export interface ProfileServiceOptions {
  logger?: Logger;
  /** A snapshot older than this is rebuilt in the background; the old one answers meanwhile. */
  maxAgeMs?: number;
  build?: () => Promise<ProfileSnapshot>;
  /** How long after an order lands the shop-wide scores are rebuilt (orders in between join). */
  rebuildAfterOrderMs?: number;
}

export function createProfileService(options: ProfileServiceOptions = {}): ProfileService {
  const maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
  const build = options.build ?? (() => buildProfileSnapshot());
  const rebuildAfterOrderMs = options.rebuildAfterOrderMs ?? 30_000;
  let current: ProfileSnapshot | null = null;
  let pending: Promise<ProfileSnapshot> | null = null;
  let again = false;
  let orderTimer: NodeJS.Timeout | undefined;
  const demoCache = new WeakMap<ProfileSnapshot, DemoCustomer[]>();

  const rebuild = (): Promise<ProfileSnapshot> => {
    if (pending) {
      // What changed may have been read already by the running build: build once more after it.
      again = true;
      return pending;
    }
    pending = build()
      .then((snapshot) => {
        current = snapshot;
        options.logger?.info(
          { timings: snapshot.timings, counts: snapshot.counts, asOf: snapshot.asOf },
          'customer profile statistics ready',
        );
        return snapshot;
      })
      .finally(() => {
        pending = null;
        if (again) {
          again = false;
          rebuildInBackground();
        }
      });
    return pending;
  };
  const rebuildInBackground = () => {
    rebuild().catch((err: unknown) =>
      options.logger?.warn({ err }, 'customer profile statistics not refreshed'),
    );
  };

  /**
   * Writes an agent's change to the customer and to this node's snapshot, so the next profile
   * shows it without reading the customer back. Other nodes show it after their next rebuild.
   */
  const change = async (
    customerId: string,
    fields: Partial<Pick<CustomerFields, 'personality' | 'notes'>>,
  ): Promise<boolean> => {
    const entry = (await snapshot()).customers.get(customerId);
    const filter = entry ? { _id: entry.docId } : { customerId };
    const result = await Customer.updateOne(filter, { $set: fields });
    if (entry && result.matchedCount > 0) entry.customer = { ...entry.customer, ...fields };
    return result.matchedCount > 0;
  };

  const snapshot = async (): Promise<ProfileSnapshot> => {
    if (!current) return rebuild();
    if (Date.now() - current.builtAt > maxAgeMs && !pending) rebuildInBackground();
    return current;
  };

  return {
    warm: rebuild,
    async profileFor(conversation) {
      const snap = await snapshot();
      const contextSku = conversation.context?.sku ?? null;
      const cart = new Set(conversation.context?.cart ?? []);
      const entry = conversation.customerId
        ? snap.customers.get(conversation.customerId)
        : undefined;
      const anonymous = () => ({
        customer: null,
        offers: rankOffers(snap.catalog, { contextSku, cart, owned: new Set<string>() }),
      });
      if (!conversation.customerId) return anonymous();
      // A customer who joined after the snapshot: found by a scan, once; no history yet.
      if (entry) return presentProfile(snap, entry.customer, entry, contextSku, cart);
      // A customer who joined after the snapshot: read once (a scan on FerretDB), then kept.
      const doc = await Customer.findOne(
        { customerId: conversation.customerId },
        CUSTOMER_FIELDS,
      ).lean();
      if (!doc) return anonymous();
      const added = emptyEntry(doc._id, customerFields(doc));
      snap.customers.set(doc.customerId, added);
      return presentProfile(snap, added.customer, added, contextSku, cart);
    },
    async setPersonality(customerId, personality) {
      return change(customerId, { personality });
    },
    async setNotes(customerId, notes) {
      return change(customerId, { notes });
    },
    noteOrder(order) {
      const entry = current?.customers.get(order.customerId);
      if (entry) {
        applyOrder(entry, order);
        // Points and tier were just recomputed in the database: take them over.
        Customer.findById(entry.docId, CUSTOMER_FIELDS)
          .lean()
          .then((doc) => {
            if (doc) entry.customer = customerFields(doc);
          })
          .catch((err: unknown) => options.logger?.warn({ err }, 'customer not re-read'));
      }
      clearTimeout(orderTimer);
      orderTimer = setTimeout(rebuildInBackground, rebuildAfterOrderMs);
      orderTimer.unref();
    },
    async demoCustomers() {
      const snap = await snapshot();
      const cached = demoCache.get(snap);
      if (cached) return cached;
      const best = new Map<string, { customerId: string; entry: CustomerEntry }>();
      for (const [customerId, entry] of snap.customers) {
        if (!entry.rfm) continue;
        const held = best.get(entry.rfm.class8);
        if (!held || entry.rfm.monetary > held.entry.rfm!.monetary)
          best.set(entry.rfm.class8, { customerId, entry });
      }
      const picked = [...best.values()].map(({ entry }): DemoCustomer => ({
        customerId: entry.customer.customerId,
        name: entry.customer.name,
        tier: entry.customer.memberTier as MemberTier,
        class8: entry.rfm!.class8,
        class8Label: { ...eightClassInfo[entry.rfm!.class8].label },
      }));
      const list = picked.sort((a, b) => (a.class8 < b.class8 ? -1 : a.class8 > b.class8 ? 1 : 0));
      demoCache.set(snap, list);
      return list;
    },
    refresh() {
      clearTimeout(orderTimer);
      rebuildInBackground();
    },
    async segmentOf(customerId) {
      if (!customerId) return { segment: UNKNOWN_SEGMENT, tier: null };
      const entry = (await snapshot()).customers.get(customerId);
      return {
        segment: entry?.rfm?.class8 ?? UNKNOWN_SEGMENT,
        tier: entry?.customer.memberTier ?? null,
      };
    },
  };
}

/** The segment of a guest, or of a customer without a paid order. */
export const UNKNOWN_SEGMENT = 'unknown';

function applyOrder(entry: CustomerEntry, order: LandedOrder): void {
  const day = formatDay(dayOf(order.orderedAt.getTime()));
  if (entry.firstOrderOn === null || day < entry.firstOrderOn) entry.firstOrderOn = day;
  const known = entry.recent.find((o) => o.orderId === order.orderId);
  if (known) {
    // A refund of an order already listed.
    if (known.status === 'paid' && order.status === 'refunded') entry.refundedOrders += 1;
    known.status = order.status;
    return;
  }
  if (order.status === 'refunded') entry.refundedOrders += 1;
  else for (const item of order.items) entry.owned.add(item.sku);
  keepRecent(entry.recent, {
    orderId: order.orderId,
    orderedAt: order.orderedAt,
    amount: order.amount,
    status: order.status,
    items: order.items.map((i) => ({ sku: i.sku, qty: i.qty })),
  });
}

function emptyEntry(docId: unknown, customer: CustomerFields): CustomerEntry {
  return {
    docId,
    customer,
    complaints: customer.complaints,
    rfm: null,
    refundedOrders: 0,
    firstOrderOn: null,
    recent: [],
    owned: new Set(),
  };
}

function presentProfile(
  snap: ProfileSnapshot,
  doc: {
    customerId: string;
    name: string;
    memberTier: string;
    points?: number | null;
    complaints?: number | null;
    personality?: string | null;
    notes?: string | null;
  },
  entry: CustomerEntry,
  contextSku: string | null,
  cart: ReadonlySet<string>,
): CustomerProfile {
  const rfm = entry.rfm;
  const value = assessCustomerValue({
    paidOrders: rfm?.frequency ?? 0,
    refundedOrders: entry.refundedOrders,
    paidSpend: rfm?.monetary ?? 0,
    complaints: doc.complaints ?? entry.complaints,
    firstOrderOn: rfm?.firstOrderOn ?? entry.firstOrderOn ?? snap.asOf,
    asOf: snap.asOf,
  });
  const info = rfm ? eightClassInfo[rfm.class8] : null;
  const products = snap.catalog.products;
  return {
    customer: {
      id: doc.customerId,
      name: doc.name,
      tier: doc.memberTier as MemberTier,
      points: doc.points ?? 0,
    },
    rfm: rfm
      ? {
          asOf: snap.asOf,
          recency: rfm.recency,
          frequency: rfm.frequency,
          monetary: Math.round(rfm.monetary * 100) / 100,
          r: rfm.r,
          f: rfm.f,
          m: rfm.m,
          segment: rfm.segment,
          segmentLabel: { ...rfmSegmentLabels[rfm.segment] },
        }
      : null,
    class8:
      rfm && info
        ? {
            name: rfm.class8,
            label: { ...info.label },
            explanation: { ...info.explanation },
            levels: { r: info.r, f: info.f, m: info.m },
          }
        : null,
    clv: {
      value: value.clv.revenue,
      profit: value.clv.profit,
      formula: { ...clvFormula.profit },
      computation: {
        en: explainClv(value.clv, 'en', 'profit'),
        'zh-CN': explainClv(value.clv, 'zh-CN', 'profit'),
      },
    },
    valueClass: {
      name: value.valueClass,
      label: { ...valueClassLabels[value.valueClass] },
      reasons: value.reasons.map((r) => ({ ...r.text })),
    },
    orders: entry.recent.map((o) => ({
      id: o.orderId,
      at: o.orderedAt.toISOString(),
      amount: o.amount,
      status: o.status,
      items: o.items.map((i) => ({ ...itemOf(products, i.sku), qty: i.qty })),
    })),
    personality: isPersonality(doc.personality)
      ? {
          name: doc.personality,
          label: { ...personalityInfo[doc.personality].label },
          advice: { ...personalityInfo[doc.personality].advice },
        }
      : null,
    notes: doc.notes ?? '',
    offers: rankOffers(snap.catalog, {
      contextSku,
      cart,
      owned: entry.owned,
      tier: doc.memberTier as MemberTier,
      personality: isPersonality(doc.personality) ? doc.personality : null,
    }),
  };
}
