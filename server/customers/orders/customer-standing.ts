import type { Types } from 'mongoose';
import { ErrorCode } from '../../../shared/errors';
import type { ShopOrderResponse } from '../../../shared/schemas/shop-data';
import { AppError } from '../../errors';
import { Customer } from '../customer-model';
import { tierFor, type MemberTier, type TierRules } from '../member-tiers';

/** A customer's membership: what an order or refund changes. */
export type CustomerStanding = ShopOrderResponse['customer'];

interface StandingDoc {
  _id: Types.ObjectId;
  customerId: string;
  points?: number | null;
  totalSpent?: number | null;
  orderCount?: number | null;
  memberTier: string;
}

const standingFields = { customerId: 1, points: 1, totalSpent: 1, orderCount: 1, memberTier: 1 };

// Customers keep their `_id` for life; remembering it turns the next lookup of the same
// customer from a collection scan into an `_id` lookup.
const docIdByCustomerId = new Map<string, Types.ObjectId>();

export async function findCustomerStanding(customerId: string): Promise<StandingDoc | null> {
  const known = docIdByCustomerId.get(customerId);
  if (known) {
    const doc = await Customer.findById(known, standingFields).lean<StandingDoc>();
    if (doc) return doc;
    docIdByCustomerId.delete(customerId);
  }
  const doc = await Customer.findOne({ customerId }, standingFields).lean<StandingDoc>();
  if (doc) docIdByCustomerId.set(customerId, doc._id);
  return doc;
}

export function presentStanding(doc: StandingDoc): CustomerStanding {
  return {
    customerId: doc.customerId,
    points: doc.points ?? 0,
    memberTier: doc.memberTier as MemberTier,
    totalSpent: doc.totalSpent ?? 0,
    orderCount: doc.orderCount ?? 0,
  };
}

export interface StandingChange {
  points: number;
  /** CNY of paid orders added (negative when one is refunded). */
  spent: number;
  /** Paid orders added (negative when one is refunded). */
  orders: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Adds a change to a customer's points and totals and sets the tier the rules give for the new
 * spend. Compare-and-set on the values read, so a write from another node in between is seen
 * and the change is applied to the newer values instead of undoing that write.
 */
export async function applyToCustomer(
  docId: Types.ObjectId,
  change: StandingChange,
  rules: TierRules,
): Promise<CustomerStanding> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await Customer.findById(docId, standingFields).lean<StandingDoc>();
    if (!current) {
      throw new AppError(ErrorCode.UnknownCustomer, 'The customer of this order no longer exists.');
    }
    const next = {
      points: (current.points ?? 0) + change.points,
      totalSpent: round2((current.totalSpent ?? 0) + change.spent),
      orderCount: (current.orderCount ?? 0) + change.orders,
    };
    const memberTier = tierFor(next.totalSpent, rules);
    const { matchedCount } = await Customer.updateOne(
      {
        _id: docId,
        points: current.points ?? null,
        totalSpent: current.totalSpent ?? null,
        orderCount: current.orderCount ?? null,
      },
      { $set: { ...next, memberTier } },
    );
    if (matchedCount === 1) return { customerId: current.customerId, ...next, memberTier };
  }
  throw new Error(`customer ${docId.toString()} kept changing while its points were updated`);
}
