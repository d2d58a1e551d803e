// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAppLanguage } from '../../app/i18n';
import { mockApi, renderWithApp } from '../../test-utils/renderWithApp';
import { ShopPage } from './ShopPage';
import type { BundleView, ProductView } from './types';

const product = (sku: string, category: string, price: number, stock: number): ProductView => ({
  sku,
  name: { zhCN: `中文名 ${sku}`, en: `English name ${sku}` },
  category,
  price,
  stock,
  imageUrl: `/shop-images/${category}.svg`,
  description: { zhCN: '描述', en: 'Description' },
});

const products = [
  product('H-1', 'humidifier', 299, 50),
  product('F-1', 'filter', 39.9, 3),
  product('A-1', 'fragrance', 20.1, 0),
];
const bundle: BundleView = {
  bundleId: 'B-1',
  name: { zhCN: '加湿三件套', en: 'Humidifier trio' },
  skus: ['H-1', 'F-1', 'A-1'],
  bundlePrice: 329,
  validFrom: '2025-01-01T00:00:00Z',
  validTo: '2025-03-31T00:00:00Z',
  stock: 10,
};

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ShopPage', () => {
  it('shows products with CNY prices, stock and a bundle with its saving', async () => {
    mockApi({
      'GET /api/products': { status: 200, body: { products } },
      'GET /api/bundles': { status: 200, body: { bundles: [bundle] } },
    });
    renderWithApp(<ShopPage />, '/shop');

    expect(screen.getByTestId('page-title').textContent).toBe('Breeze Home Appliances');
    await waitFor(() => expect(screen.getAllByTestId('product-card')).toHaveLength(3));
    expect(screen.getAllByTestId('product-price').map((el) => el.textContent)).toEqual([
      'CN¥299.00',
      'CN¥39.90',
      'CN¥20.10',
    ]);
    expect(screen.getByText('In stock')).toBeTruthy();
    expect(screen.getByText('Only 3 left')).toBeTruthy();
    const bundleCard = await screen.findByTestId('bundle-card');
    expect(within(bundleCard).getByTestId('bundle-price').textContent).toBe('CN¥329.00');
    expect(within(bundleCard).getByText('Save CN¥30.00')).toBeTruthy();
    expect(document.getElementById('scriptdesk-widget-root')?.childElementCount).toBe(0);
  });

  it('filters by a localized category and follows the language', async () => {
    mockApi({
      'GET /api/products': { status: 200, body: { products } },
      'GET /api/bundles': { status: 200, body: { bundles: [] } },
    });
    renderWithApp(<ShopPage />, '/shop');
    await waitFor(() => expect(screen.getAllByTestId('product-card')).toHaveLength(3));

    fireEvent.click(screen.getByRole('tab', { name: 'Filters' }));
    await waitFor(() => expect(screen.getAllByTestId('product-card')).toHaveLength(1));
    expect(screen.getByTestId('current-path').textContent).toBe('/shop?category=filter');

    await setAppLanguage('zh-CN');
    await waitFor(() => expect(screen.getByTestId('page-title').textContent).toBe('清风小家电'));
    expect(screen.getByRole('tab', { name: '滤芯' })).toBeTruthy();
    expect(screen.getByTestId('product-price').textContent).toBe('¥39.90');
    expect(screen.getByText('中文名 F-1')).toBeTruthy();
  });

  it('says why loading failed and retries', async () => {
    let productsUp = false;
    const fetchMock = mockApi({
      'GET /api/products': () =>
        productsUp
          ? { status: 200, body: { products } }
          : { status: 503, body: { error: { code: 'E_UNAVAILABLE' } } },
      'GET /api/bundles': { status: 200, body: { bundles: [] } },
    });
    renderWithApp(<ShopPage />, '/shop');

    await screen.findByText("We couldn't load the products. Please try again.", undefined, {
      timeout: 10_000,
    });
    expect(
      screen.getByText('The service is temporarily unavailable. Please try again in a moment.'),
    ).toBeTruthy();
    productsUp = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getAllByTestId('product-card')).toHaveLength(3));
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/products').length).toBeGreaterThan(
      1,
    );
  });
});
