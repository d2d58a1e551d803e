// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type { StaffBundleView } from '../../../../../shared/schemas/bundle';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import { setAppLanguage } from '../../../app/i18n';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { BundlesPage } from './BundlesPage';

const me: StaffUser = { username: 'supervisor1', displayName: '王主管 Wang', role: 'supervisor' };

const product = (sku: string, zhCN: string, en: string, price: number): ProductView => ({
  sku,
  name: { zhCN, en },
  category: 'humidifier',
  price,
  stock: 50,
  imageUrl: '/shop-images/humidifier.svg',
  description: { zhCN: '描述', en: 'Description' },
});

const products = [
  product('HUM-001', '静音加湿器', 'Quiet Humidifier', 199),
  product('FLT-001', '抗菌滤芯', 'Antibacterial Filter', 39.9),
  product('FRG-001', '薰衣草香薰', 'Lavender Fragrance', 29.9),
];

const care: StaffBundleView = {
  bundleId: 'B-HUM-CARE',
  name: { zhCN: '加湿器滋润套装', en: 'Humidifier Care Set' },
  skus: ['HUM-001', 'FLT-001', 'FRG-001'],
  items: [
    { sku: 'HUM-001', name: products[0]!.name, price: 199 },
    { sku: 'FLT-001', name: products[1]!.name, price: 39.9 },
    { sku: 'FRG-001', name: products[2]!.name, price: 29.9 },
  ],
  bundlePrice: 239,
  listPrice: 268.8,
  saving: 29.8,
  validFrom: '2024-11-01T04:00:00.000Z',
  validTo: '2099-10-31T04:00:00.000Z',
  stock: 120,
  active: true,
};
const old: StaffBundleView = {
  ...care,
  bundleId: 'B-OLD',
  name: { zhCN: '旧套餐', en: 'Old Set' },
  skus: ['HUM-001', 'GONE-9'],
  items: [
    { sku: 'HUM-001', name: products[0]!.name, price: 199 },
    { sku: 'GONE-9', name: null, price: null },
  ],
  bundlePrice: 150,
  listPrice: null,
  saving: null,
  validTo: '2024-12-31T04:00:00.000Z',
  stock: 0,
};
const bundles = [care, old];

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const row = (bundleId: string) => {
  const found = document.querySelector<HTMLElement>(`tr[data-row-key="${bundleId}"]`);
  if (!found) throw new Error(`no row for ${bundleId}`);
  return found;
};
const cells = (bundleId: string) =>
  [...row(bundleId).querySelectorAll('td')].map((cell) => cell.textContent);
const bodyOf = (call: unknown[] | undefined) =>
  JSON.parse(String((call?.[1] as RequestInit | undefined)?.body)) as unknown;
const callsTo = (fetchMock: ReturnType<typeof mockApi>, method: string, url: string) =>
  fetchMock.mock.calls.filter(([input, init]) => String(input) === url && init?.method === method);

const listReplies = (list: () => StaffBundleView[]) => ({
  'GET /api/bundles/all': () => ({ status: 200, body: { bundles: list() } }),
  'GET /api/products': { status: 200, body: { products } },
});

async function openCreateForm(button: RegExp, idLabel: string) {
  fireEvent.click(await screen.findByRole('button', { name: button }));
  const bundleId = await screen.findByLabelText(idLabel);
  await waitFor(() => expect(document.activeElement).toBe(bundleId));
}

function typeInto(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function chooseItems(label: string, names: string[]) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  for (const name of names) {
    const item = await waitFor(() => {
      const found = document.querySelector<HTMLElement>(`.ant-select-item-option[title="${name}"]`);
      if (!found) throw new Error(`no option ${name}`);
      return found;
    });
    fireEvent.click(item);
  }
}

describe('BundlesPage', () => {
  it('lists each bundle with its items, prices, saving, validity, stock and status', async () => {
    mockApi(listReplies(() => bundles));
    renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');

    expect(screen.getByTestId('page-title').textContent).toBe('Bundles');
    await screen.findByText('Humidifier Care Set');
    expect(cells('B-HUM-CARE').slice(0, 7)).toEqual([
      'Humidifier Care SetB-HUM-CARE',
      'Quiet Humidifier HUM-001Antibacterial Filter FLT-001Lavender Fragrance FRG-001',
      'CN¥268.80',
      'CN¥239.00',
      'CN¥29.80',
      `${dayjs(care.validFrom).format('YYYY-MM-DD')} – ${dayjs(care.validTo).format('YYYY-MM-DD')}`,
      '120',
    ]);
    // An item gone from the catalogue is named as such and leaves no list price to compare.
    expect(cells('B-OLD').slice(1, 5)).toEqual([
      'Quiet Humidifier HUM-001GONE-9 (no longer in the catalogue)',
      '—',
      'CN¥150.00',
      '—',
    ]);
    const status = (bundleId: string) => within(row(bundleId)).getByRole('switch');
    expect(status('B-HUM-CARE').getAttribute('aria-checked')).toBe('true');
    expect(within(row('B-OLD')).getByText('Expired')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Back to the dashboard/ }).getAttribute('href')).toBe(
      '/supervisor',
    );
  });

  it('says in Chinese why the list failed, retries, and heads the columns in shop terms', async () => {
    let up = false;
    const fetchMock = mockApi({
      ...listReplies(() => bundles),
      'GET /api/bundles/all': () =>
        up
          ? { status: 200, body: { bundles } }
          : { status: 403, body: { error: { code: 'E_FORBIDDEN', message: 'Forbidden' } } },
    });
    await setAppLanguage('zh-CN');
    renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');

    await screen.findByText('套餐列表加载失败。');
    expect(screen.getByText('您没有执行此操作的权限。')).toBeTruthy();
    up = true;
    fireEvent.click(screen.getByRole('button', { name: /^重\s?试$/ }));
    await screen.findByText('加湿器滋润套装');
    expect(callsTo(fetchMock, 'GET', '/api/bundles/all')).toHaveLength(2);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      '套餐',
      '套餐商品',
      '原价合计',
      '套餐价',
      '立省',
      '有效期',
      '库存',
      '状态',
      '操作',
    ]);
    expect(cells('B-HUM-CARE')[4]).toBe('¥29.80');
    expect(
      within(row('B-HUM-CARE'))
        .getByRole('switch', { name: '上架套餐：加湿器滋润套装' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    expect(within(row('B-OLD')).getByText('已过期')).toBeTruthy();
  });

  it('creates a bundle: posts the normalized JSON, then shows the new row', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-11-10T10:30:00'));
    const created: StaffBundleView = {
      ...care,
      bundleId: 'B-QUIET',
      name: { zhCN: '静音双件套', en: 'Quiet Pair' },
      skus: ['FLT-001', 'HUM-001'],
      items: [care.items[1]!, care.items[0]!],
      bundlePrice: 219.5,
      listPrice: 238.9,
      saving: 19.4,
      stock: 30,
    };
    let list = bundles;
    const fetchMock = mockApi({
      ...listReplies(() => list),
      'POST /api/bundles': () => {
        list = [...bundles, created];
        return { status: 201, body: { bundle: created } };
      },
    });
    renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');
    await screen.findByText('Humidifier Care Set');

    await openCreateForm(/New bundle/, 'Bundle ID');
    typeInto('Bundle ID', ' b-quiet ');
    typeInto('Name in Chinese', '静音双件套 ');
    typeInto('Name in English', 'Quiet Pair');
    // The order picked is kept: the first item is the main one.
    await chooseItems('Items', ['Antibacterial Filter', 'Quiet Humidifier']);
    typeInto('Bundle price (¥)', '219.5');
    typeInto('Stock', '30');
    await waitFor(() =>
      expect(screen.getByTestId('bundle-price-preview').textContent).toBe(
        'List price CN¥238.90 · shoppers save CN¥19.40',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create bundle' }));

    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/bundles')).toHaveLength(1));
    expect(bodyOf(callsTo(fetchMock, 'POST', '/api/bundles')[0])).toEqual({
      bundleId: 'B-QUIET',
      name: { zhCN: '静音双件套', en: 'Quiet Pair' },
      skus: ['FLT-001', 'HUM-001'],
      bundlePrice: 219.5,
      // From today for a month, whole days in the browser's time zone.
      validFrom: dayjs('2025-11-10T00:00:00').toISOString(),
      validTo: dayjs('2025-12-10T23:59:59.999').toISOString(),
      stock: 30,
      active: true,
    });
    await waitFor(() => expect(cells('B-QUIET')[0]).toBe('Quiet PairB-QUIET'));
  });

  it("checks the schema's rules and the list price before sending anything, in Chinese too", async () => {
    const fetchMock = mockApi(listReplies(() => bundles));
    await setAppLanguage('zh-CN');
    renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');
    await screen.findByText('加湿器滋润套装');

    await openCreateForm(/新建套餐/, '套餐编号');
    typeInto('套餐编号', 'b-hum-care');
    await chooseItems('套餐商品', ['静音加湿器']);
    fireEvent.submit(screen.getByTestId('create-bundle-form'));

    expect(await screen.findByText('该套餐编号已被使用')).toBeTruthy();
    expect(screen.getAllByText('请输入套餐名称')).toHaveLength(2);
    expect(screen.getByText('请选择 2–8 件商品')).toBeTruthy();
    expect(screen.getByText('请输入套餐价')).toBeTruthy();
    expect(screen.getByText('请输入库存')).toBeTruthy();

    typeInto('套餐编号', 'b--x');
    expect(
      await screen.findByText('套餐编号只能包含英文字母和数字，中间可用单个连字符（-）连接'),
    ).toBeTruthy();
    await chooseItems('套餐商品', ['抗菌滤芯']);
    typeInto('套餐价（元）', '238.9');
    expect(await screen.findByText('套餐价须低于原价合计 ¥238.90')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/bundles')).toHaveLength(0);
  });

  it.each([
    [
      'en',
      { code: 'E_BUNDLE_EXISTS', message: 'A bundle with the id B-NEW already exists.' },
      'The bundle ID B-NEW is already in use. Please choose another.',
    ],
    [
      'zh-CN',
      { code: 'E_BUNDLE_PRICE_TOO_HIGH', message: 'The bundle price ¥200.00 must be below…' },
      '套餐价必须低于套餐内商品的原价合计。',
    ],
    [
      'zh-CN',
      { code: 'E_UNKNOWN_SKU', message: 'No product in the catalogue has the SKU HUM-001.' },
      '所选商品中有商品已不在商品库中，请重新选择套餐商品。',
    ],
  ] as const)(
    'says in %s why the server refused a new bundle (%j)',
    async (language, error, shown) => {
      const status = error.code === 'E_BUNDLE_EXISTS' ? 409 : 422;
      mockApi({
        ...listReplies(() => bundles),
        'POST /api/bundles': { status, body: { error } },
      });
      await setAppLanguage(language);
      renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');
      const en = language === 'en';
      await screen.findByText(en ? 'Humidifier Care Set' : '加湿器滋润套装');

      await openCreateForm(en ? /New bundle/ : /新建套餐/, en ? 'Bundle ID' : '套餐编号');
      typeInto(en ? 'Bundle ID' : '套餐编号', 'B-NEW');
      typeInto(en ? 'Name in Chinese' : '中文名称', '新套餐');
      typeInto(en ? 'Name in English' : '英文名称', 'New Set');
      await chooseItems(
        en ? 'Items' : '套餐商品',
        en ? ['Quiet Humidifier', 'Antibacterial Filter'] : ['静音加湿器', '抗菌滤芯'],
      );
      typeInto(en ? 'Bundle price (¥)' : '套餐价（元）', '200');
      typeInto(en ? 'Stock' : '库存', '5');
      fireEvent.submit(screen.getByTestId('create-bundle-form'));

      expect((await screen.findByTestId('bundle-form-error')).textContent).toBe(shown);
      expect(document.querySelector('tr[data-row-key="B-NEW"]')).toBeNull();
    },
  );

  it('takes a bundle off sale at once, edits it with PUT, and deletes it after asking', async () => {
    const fetchMock = mockApi({
      ...listReplies(() => bundles),
      'PUT /api/bundles/B-HUM-CARE': { status: 200, body: { bundle: care } },
      'DELETE /api/bundles/B-OLD': { status: 204 },
    });
    renderWithApp(<BundlesPage user={me} />, '/supervisor/bundles');
    await screen.findByText('Humidifier Care Set');
    const put = () => callsTo(fetchMock, 'PUT', '/api/bundles/B-HUM-CARE');
    const { items: _items, listPrice: _list, saving: _saving, bundleId: _id, ...unchanged } = care;

    fireEvent.click(within(row('B-HUM-CARE')).getByRole('switch'));
    await waitFor(() => expect(put()).toHaveLength(1));
    expect(bodyOf(put()[0])).toEqual({ ...unchanged, active: false });

    fireEvent.click(screen.getByRole('button', { name: 'Edit Humidifier Care Set' }));
    const nameZh = await screen.findByLabelText('Name in Chinese');
    await waitFor(() => expect(document.activeElement).toBe(nameZh));
    typeInto('Bundle price (¥)', '229.9');
    typeInto('Stock', '100');
    fireEvent.submit(screen.getByTestId('edit-bundle-form'));
    await waitFor(() => expect(put()).toHaveLength(2));
    // Untouched validity days keep their exact instants.
    expect(bodyOf(put()[1])).toEqual({ ...unchanged, bundlePrice: 229.9, stock: 100 });

    fireEvent.click(screen.getByRole('button', { name: 'Delete Old Set' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE', '/api/bundles/B-OLD')).toHaveLength(1));
  });
});
