// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfileResponse } from '../../../../shared/schemas/profile';
import { setAppLanguage } from '../../app/i18n';
import { mockApi, renderWithApp } from '../../test-utils/renderWithApp';
import { CustomerProfile } from './CustomerProfile';

const id = '0b9a2c1e-8f3d-4c6a-9e2b-7d5f1a3c4e6b';
const url = `GET /api/conversations/${id}/profile`;

const profile: ProfileResponse = {
  customer: { id: 'C000007', name: '李雷', tier: 'gold', points: 6120 },
  rfm: {
    asOf: '2026-11-01',
    recency: 12,
    frequency: 9,
    monetary: 6120.5,
    r: 5,
    f: 4,
    m: 5,
    segment: 'Loyal',
    segmentLabel: { en: 'Loyal', 'zh-CN': '忠诚客户' },
  },
  class8: {
    name: '重要价值',
    label: { en: 'Important value', 'zh-CN': '重要价值客户' },
    explanation: {
      en: 'Bought recently, often and for a lot.',
      'zh-CN': '最近买过、买得勤、花得多。',
    },
    levels: { r: 'H', f: 'H', m: 'H' },
  },
  clv: {
    value: 18000,
    profit: 5400,
    formula: {
      en: 'Profit CLV = AOV × purchases per year × lifespan × margin',
      'zh-CN': '利润终身价值 = 平均客单价 × 年均购买次数 × 预期生命周期 × 毛利率',
    },
    computation: {
      en: '¥680.06 × 8.82/year × 3 years × 30% = ¥5400.00',
      'zh-CN': '¥680.06 × 8.82 次/年 × 3 年 × 30% = ¥5400.00',
    },
  },
  valueClass: {
    name: 'core',
    label: { en: 'Key', 'zh-CN': '核心' },
    reasons: [
      {
        en: 'Profit CLV ¥5400.00 reaches the key customer threshold of ¥3000.00',
        'zh-CN': '利润终身价值 ¥5400.00，达到核心客户门槛 ¥3000.00',
      },
    ],
  },
  orders: [
    {
      id: 'O0000042',
      at: '2026-10-20T08:00:00.000Z',
      amount: 299,
      status: 'refunded',
      items: [{ sku: 'HUM-001', name: { en: 'Mist Humidifier', 'zh-CN': '雾化加湿器' }, qty: 1 }],
    },
  ],
  offers: [
    {
      kind: 'rule',
      items: [{ sku: 'FLT-001', name: { en: 'Filter', 'zh-CN': '滤芯' } }],
      lift: 3.1,
      confidence: 0.27,
      reason: {
        en: 'They bought Mist Humidifier: 27% of its buyers also bought Filter (lift 3.1)',
        'zh-CN': '已购买雾化加湿器：买过的顾客中 27% 也买了滤芯（提升度 3.1）',
      },
      score: 4.34,
      ranking: {
        en: 'lift 3.1 ×1.40 (margin 90%) = 4.34',
        'zh-CN': '提升度 3.1 ×1.40（毛利率 90%）= 4.34',
      },
    },
  ],
  personality: null,
  notes: '',
};

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('CustomerProfile', () => {
  it('shows who the shopper is, their value with its reasons, orders and offers, in the UI language', async () => {
    const fetchMock = mockApi({ [url]: { status: 200, body: profile } });
    renderWithApp(<CustomerProfile conversationId={id} />, '/console');

    expect(screen.getByText("Loading the shopper's profile…")).toBeTruthy();
    await screen.findByText('李雷');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Gold')).toBeTruthy();
    expect(screen.getByText('6,120')).toBeTruthy();
    expect(within(screen.getByTestId('profile-rfm')).getByText('R5 F4 M5')).toBeTruthy();
    expect(screen.getByText('Loyal')).toBeTruthy();
    expect(screen.getByTestId('profile-class8').textContent).toBe('Important value');
    expect(screen.getByTestId('profile-clv').textContent).toContain('CN¥18,000.00');
    expect(screen.getByText('Key')).toBeTruthy();
    expect(screen.getByTestId('value-reasons').textContent).toContain('key customer threshold');
    const order = screen.getByTestId('profile-order');
    expect(within(order).getByText('Refunded')).toBeTruthy();
    expect(order.textContent).toContain('Mist Humidifier × 1');
    const offer = screen.getByTestId('profile-offer');
    expect(within(offer).getByText('Bought together')).toBeTruthy();
    expect(offer.textContent).toContain('27% of its buyers also bought Filter');

    fireEvent.mouseEnter(screen.getByTestId('profile-class8'));
    await screen.findByText('Bought recently, often and for a lot.');
    fireEvent.mouseEnter(screen.getByTestId('profile-clv'));
    await screen.findByText('¥680.06 × 8.82/year × 3 years × 30% = ¥5400.00');

    await setAppLanguage('zh-CN');
    await screen.findByText('金卡会员');
    expect(screen.getByTestId('profile-class8').textContent).toBe('重要价值客户');
    expect(screen.getByTestId('profile-offer').textContent).toContain('提升度 3.1');
    expect(screen.getByText('已退款')).toBeTruthy();
  });

  it('tags the personality, shows its advice, saves notes on leaving the box, and sends offers by click or Alt+1', async () => {
    let stored: ProfileResponse = profile;
    const puts: Array<{ url: string; body: unknown }> = [];
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      if ((init?.method ?? 'GET') === 'PUT') {
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        puts.push({ url: path, body });
        if (path.endsWith('/personality'))
          stored = {
            ...profile,
            personality: {
              name: 'frugal',
              label: { en: 'Frugal', 'zh-CN': '节约俭朴型' },
              advice: { en: 'Talk value for money.', 'zh-CN': '强调性价比。' },
            },
          } as ProfileResponse;
        return new Response(JSON.stringify(body), { status: 200 });
      }
      return new Response(JSON.stringify(stored), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const sent: unknown[] = [];
    renderWithApp(
      <CustomerProfile
        conversationId={id}
        canEdit
        onSendOffer={async (offer) => {
          sent.push(offer);
        }}
      />,
      '/console',
    );
    await screen.findByText('李雷');

    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Personality' }));
    fireEvent.click(await screen.findByText('Frugal'));
    await screen.findByText('Talk value for money.');
    expect(puts[0]).toEqual({
      url: `/api/conversations/${id}/profile/personality`,
      body: { personality: 'frugal' },
    });

    const notes = screen.getByRole('textbox', { name: 'Notes' });
    fireEvent.change(notes, { target: { value: 'Prefers delivery after 6 pm' } });
    expect(puts).toHaveLength(1); // not while typing
    fireEvent.blur(notes);
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1]!.body).toEqual({ notes: 'Prefers delivery after 6 pm' });

    fireEvent.click(screen.getByTestId('send-offer'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ kind: 'rule', items: [{ sku: 'FLT-001' }] });
    fireEvent.keyDown(window, { key: '1', code: 'Digit1', altKey: true });
    await waitFor(() => expect(sent).toHaveLength(2));
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true }); // there is no 2nd offer
    expect(sent).toHaveLength(2);
  });

  it('shows a trainer the profile without the controls to change it or send offers', async () => {
    mockApi({ [url]: { status: 200, body: profile } });
    renderWithApp(<CustomerProfile conversationId={id} />, '/console');
    await screen.findByText('李雷');
    expect(screen.queryByTestId('send-offer')).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Personality' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Notes' })).toBeNull();
  });

  it('explains an anonymous visitor and offers the bundles for the product in view', async () => {
    mockApi({
      [url]: {
        status: 200,
        body: {
          customer: null,
          offers: [
            {
              kind: 'bundle',
              bundleId: 'B-HUM-CARE',
              bundlePrice: 329,
              items: [{ sku: 'HUM-001', name: { en: 'Mist Humidifier', 'zh-CN': '雾化加湿器' } }],
              reason: { en: 'Bundle “Care set” with Mist Humidifier', 'zh-CN': '套餐“护理套装”' },
              score: 5.6,
              ranking: { en: 'bundle 2 ×2 ×1.40 = 5.6', 'zh-CN': '套餐 2 ×2 ×1.40 = 5.6' },
            },
          ],
        },
      },
    });
    renderWithApp(<CustomerProfile conversationId={id} />, '/console');
    await screen.findByText(/Anonymous visitor/);
    expect(screen.getByText('Bundle price CN¥329.00')).toBeTruthy();
    expect(screen.getByText('Bundle “Care set” with Mist Humidifier')).toBeTruthy();
  });

  it('says so in the UI language when the profile cannot be loaded', async () => {
    await setAppLanguage('zh-CN');
    mockApi({ [url]: { status: 404, body: { error: { code: 'E_NOT_FOUND', message: 'x' } } } });
    renderWithApp(<CustomerProfile conversationId={id} />, '/console');
    await waitFor(() => expect(screen.getByText(/买家资料加载失败。/)).toBeTruthy());
  });
});
