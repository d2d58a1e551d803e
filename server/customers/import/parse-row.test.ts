import { describe, expect, it } from 'vitest';
import {
  customerRowSchema,
  orderRowSchema,
  productRowSchema,
} from '../../../shared/schemas/shop-data';
import { parseRow } from './parse-row';

const customer = {
  customer_id: ' K1 ',
  name: '王芳',
  phone: '138 0000 0001',
  city: '上海',
  joined_at: '2025-01-03T09:00:00+08:00',
};
const product = {
  sku: 'FLT-9',
  name_zh: '滤芯',
  name_en: 'Filter',
  category: 'filter',
  price: '49.90',
  cost: '20',
  stock: '500',
  durable: 'false',
  fits_skus: 'HUM-1 | HUM-2',
  image_url: '/shop-images/filter.svg',
};
const order = {
  order_id: 'A1',
  customer_id: 'K1',
  ordered_at: '2025-02-01',
  status: 'paid',
  sku: 'HUM-1',
  qty: '2',
  unit_price: '399',
};

describe('customers.csv rows', () => {
  it('parses a row, trimming fields and reading dates with their zone', () => {
    expect(parseRow(customerRowSchema, customer)).toEqual({
      ok: true,
      value: {
        customer_id: 'K1',
        name: '王芳',
        phone: '138 0000 0001',
        city: '上海',
        joined_at: new Date('2025-01-03T01:00:00Z'),
        member_tier: undefined,
        complaints: undefined,
      },
    });
  });

  it('reads the optional columns when given and treats empty ones as absent', () => {
    const parsed = parseRow(customerRowSchema, {
      ...customer,
      member_tier: 'gold',
      complaints: '',
    });
    expect(parsed).toMatchObject({
      ok: true,
      value: { member_tier: 'gold', complaints: undefined },
    });
    expect(parseRow(customerRowSchema, { ...customer, complaints: '3' })).toMatchObject({
      value: { complaints: 3 },
    });
  });

  it('names every bad column and what was found there, in one sentence', () => {
    expect(
      parseRow(customerRowSchema, {
        ...customer,
        customer_id: 'K 1',
        joined_at: '2025-02-30',
        member_tier: 'platinum',
      }),
    ).toEqual({
      ok: false,
      problem:
        'customer_id: the customer id may hold only letters, digits and . _ : / # - (found "K 1"); ' +
        'joined_at: expected a date such as 2025-03-01 or 2025-03-01T10:15:00+08:00 (no zone = UTC) (found "2025-02-30"); ' +
        'member_tier: expected regular, silver, gold or diamond (found "platinum").',
    });
  });
});

describe('products.csv rows', () => {
  it('parses numbers, booleans and the | separated fits_skus', () => {
    expect(parseRow(productRowSchema, product)).toMatchObject({
      ok: true,
      value: { price: 49.9, cost: 20, stock: 500, durable: false, fits_skus: ['HUM-1', 'HUM-2'] },
    });
    expect(parseRow(productRowSchema, { ...product, durable: 'Yes', fits_skus: '' })).toMatchObject(
      { value: { durable: true, fits_skus: [] } },
    );
  });

  it.each([
    [{ price: '12,50' }, 'price: expected an amount in yuan such as 129.90'],
    [{ price: '-3' }, 'price: expected an amount in yuan such as 129.90'],
    [{ cost: '1.999' }, 'cost: expected an amount in yuan such as 129.90'],
    [{ stock: '2.5' }, 'stock: expected a whole number such as 3'],
    [{ durable: 'maybe' }, 'durable: expected true or false (found "maybe")'],
    [{ category: 'toaster' }, 'category: expected one of humidifier, air_purifier'],
    [{ image_url: 'shop.png' }, 'image_url: expected an http(s) address or a path starting with /'],
    [
      { durable: 'true' },
      'fits_skus: must be empty for a durable appliance (only consumables fit other products)',
    ],
  ])('refuses %o', (change, message) => {
    const parsed = parseRow(productRowSchema, { ...product, ...change });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(message);
  });
});

describe('orders.csv rows', () => {
  it('parses a line item with optional paid_at and refunded_at absent', () => {
    expect(parseRow(orderRowSchema, order)).toEqual({
      ok: true,
      value: {
        order_id: 'A1',
        customer_id: 'K1',
        ordered_at: new Date('2025-02-01T00:00:00Z'),
        status: 'paid',
        sku: 'HUM-1',
        qty: 2,
        unit_price: 399,
        paid_at: undefined,
        refunded_at: undefined,
      },
    });
  });

  it.each([
    [{ qty: '0' }, 'qty: must be at least 1 (found "0")'],
    [{ qty: 'two' }, 'qty: expected a whole number from 1 to 9999 (found "two")'],
    [{ status: 'shipped' }, 'status: expected paid or refunded (found "shipped")'],
    [{ unit_price: '' }, 'unit_price: expected an amount in yuan'],
    [{ order_id: '' }, 'order_id: the order id is empty'],
    [{ refunded_at: 'yesterday' }, 'refunded_at: expected a date'],
  ])('refuses %o', (change, message) => {
    const parsed = parseRow(orderRowSchema, { ...order, ...change });
    expect(parsed.ok ? '' : parsed.problem).toContain(message);
  });
});
