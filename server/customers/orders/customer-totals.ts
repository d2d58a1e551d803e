/** What a customer's orders and points ledger add up to. */
export interface CustomerTotals {
  points: number;
  /** CNY of paid orders. */
  totalSpent: number;
  /** Paid orders; refunded ones do not count. */
  orderCount: number;
}

/** Totals per customer; amounts are added in fen, so 0.1 + 0.2 stays 0.30. */
export function totalsByCustomer(
  orders: Iterable<{ customerId: string; status: 'paid' | 'refunded'; amount: number }>,
  entries: Iterable<{ customerId: string; points: number }>,
): Map<string, CustomerTotals> {
  const sums = new Map<string, { points: number; fen: number; orderCount: number }>();
  const of = (customerId: string) => {
    let sum = sums.get(customerId);
    if (!sum) sums.set(customerId, (sum = { points: 0, fen: 0, orderCount: 0 }));
    return sum;
  };
  for (const entry of entries) of(entry.customerId).points += entry.points;
  for (const order of orders) {
    if (order.status !== 'paid') continue;
    const sum = of(order.customerId);
    sum.fen += Math.round(order.amount * 100);
    sum.orderCount += 1;
  }
  return new Map(
    [...sums].map(([customerId, { points, fen, orderCount }]) => [
      customerId,
      { points, totalSpent: fen / 100, orderCount },
    ]),
  );
}
