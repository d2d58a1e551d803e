import { clvFormula, explainClv } from '../../../shared/domain/clv';
import { eightClassInfo } from '../../../shared/domain/rfm-eight-classes';
import { rfmSegmentLabels } from '../../../shared/domain/rfm-segments';
import { assessCustomerValue, valueClassLabels } from '../../../shared/domain/value-class';
import type { CustomerProfile, ProfileResponse } from '../../../shared/schemas/profile';
import type { Logger } from '../../infra/logger';
import { Customer } from '../customer-model';
import type { MemberTier } from '../member-tiers';
import { bundlesForContext, itemOf, rankOffers } from './offers';
import { buildProfileSnapshot, type CustomerEntry, type ProfileSnapshot } from './profile-snapshot';

export interface ProfileService {
  /** Builds the snapshot now (in the background at startup); resolves when it is ready. */
  warm(): Promise<ProfileSnapshot>;
  profileFor(conversation: {
    customerId?: string | null;
    context?: { sku?: string | null } | null;
  }): Promise<ProfileResponse>;
}

export interface ProfileServiceOptions {
  logger?: Logger;
  /** A snapshot older than this is rebuilt in the background; the old one answers meanwhile. */
  maxAgeMs?: number;
  build?: () => Promise<ProfileSnapshot>;
}

export function createProfileService(options: ProfileServiceOptions = {}): ProfileService {
  const maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
  const build = options.build ?? (() => buildProfileSnapshot());
  let current: ProfileSnapshot | null = null;
  let pending: Promise<ProfileSnapshot> | null = null;

  const rebuild = () => {
    pending ??= build()
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
      });
    return pending;
  };

  const snapshot = async (): Promise<ProfileSnapshot> => {
    if (!current) return rebuild();
    if (Date.now() - current.builtAt > maxAgeMs) {
      rebuild().catch((err: unknown) =>
        options.logger?.warn({ err }, 'customer profile statistics not refreshed'),
      );
    }
    return current;
  };

  return {
    warm: rebuild,
    async profileFor(conversation) {
      const snap = await snapshot();
      const contextSku = conversation.context?.sku ?? null;
      const entry = conversation.customerId
        ? snap.customers.get(conversation.customerId)
        : undefined;
      if (!conversation.customerId) {
        return { customer: null, offers: bundlesForContext(snap.catalog, contextSku) };
      }
      // A customer who joined after the snapshot: found by a scan, once; no history yet.
      const doc = entry
        ? await Customer.findById(entry.docId).lean()
        : await Customer.findOne({ customerId: conversation.customerId }).lean();
      if (!doc) return { customer: null, offers: bundlesForContext(snap.catalog, contextSku) };
      return presentProfile(snap, doc, entry ?? emptyEntry(doc._id, doc.complaints), contextSku);
    },
  };
}

function emptyEntry(docId: unknown, complaints: number | null | undefined): CustomerEntry {
  return {
    docId,
    complaints: complaints ?? 0,
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
  },
  entry: CustomerEntry,
  contextSku: string | null,
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
    offers: rankOffers(snap.catalog, { contextSku, owned: entry.owned }),
  };
}
