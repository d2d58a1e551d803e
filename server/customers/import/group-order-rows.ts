import {
  recordableOrderSchema,
  type OrderRow,
  type RecordableOrder,
} from '../../../shared/schemas/shop-data';

/** An order gathered from its line-item rows, with the line of its first row. */
export interface OrderDraft {
  line: number;
  order: RecordableOrder;
  /** The line of each item, in the order of `order.items`. */
  itemLines: number[];
}

interface Gathering {
  line: number;
  first: OrderRow;
  items: RecordableOrder['items'];
  itemLines: number[];
}

const sameTime = (a: Date | undefined, b: Date | undefined) => a?.getTime() === b?.getTime();
const show = (value: Date | string | undefined) =>
  value === undefined ? 'empty' : value instanceof Date ? value.toISOString() : value;

/**
 * Gathers orders.csv rows (one per line item) into orders. The rows of one order need not be
 * next to each other, but must agree on everything but the item.
 */
export class OrderRowGrouper {
  private readonly orders = new Map<string, Gathering>();

  /** Adds a row; returns a problem when it contradicts the earlier rows of its order. */
  add(row: OrderRow, line: number): string | null {
    const gathering = this.orders.get(row.order_id);
    if (!gathering) {
      this.orders.set(row.order_id, {
        line,
        first: row,
        items: [{ sku: row.sku, qty: row.qty, unitPrice: row.unit_price }],
        itemLines: [line],
      });
      return null;
    }
    const { first } = gathering;
    const differences = [
      first.customer_id !== row.customer_id &&
        `customer_id ${show(row.customer_id)} here, ${show(first.customer_id)} there`,
      !sameTime(first.ordered_at, row.ordered_at) &&
        `ordered_at ${show(row.ordered_at)} here, ${show(first.ordered_at)} there`,
      first.status !== row.status && `status ${show(row.status)} here, ${show(first.status)} there`,
      !sameTime(first.paid_at, row.paid_at) &&
        `paid_at ${show(row.paid_at)} here, ${show(first.paid_at)} there`,
      !sameTime(first.refunded_at, row.refunded_at) &&
        `refunded_at ${show(row.refunded_at)} here, ${show(first.refunded_at)} there`,
    ].filter((d): d is string => typeof d === 'string');
    if (differences.length > 0) {
      return `order ${row.order_id} disagrees with its row on line ${gathering.line}: ${differences.join('; ')}. All rows of one order must have the same customer_id, ordered_at, status, paid_at and refunded_at.`;
    }
    gathering.items.push({ sku: row.sku, qty: row.qty, unitPrice: row.unit_price });
    gathering.itemLines.push(line);
    return null;
  }

  /** Every gathered order, checked as a whole (dates against status, number of items). */
  finish(report: (line: number, problem: string) => void): OrderDraft[] {
    const drafts: OrderDraft[] = [];
    for (const [orderId, { line, first, items, itemLines }] of this.orders) {
      const result = recordableOrderSchema.safeParse({
        orderId,
        customerId: first.customer_id,
        status: first.status,
        orderedAt: first.ordered_at,
        paidAt: first.paid_at ?? first.ordered_at,
        refundedAt: first.refunded_at ?? null,
        items,
      });
      if (result.success) {
        drafts.push({ line, order: result.data, itemLines });
        continue;
      }
      const reasons = result.error.issues.map((issue) => {
        const field = columnOf[String(issue.path[0])] ?? String(issue.path[0]);
        return field === 'items' ? issue.message : `${field} ${issue.message}`;
      });
      report(line, `order ${orderId}: ${reasons.join('; ')}.`);
    }
    return drafts;
  }

  get size(): number {
    return this.orders.size;
  }
}

const columnOf: Record<string, string> = {
  paidAt: 'paid_at',
  refundedAt: 'refunded_at',
  orderedAt: 'ordered_at',
};
