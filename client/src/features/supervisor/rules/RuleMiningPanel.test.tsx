// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  MinedRuleView,
  RuleMiningStatus,
  RuleRunView,
} from '../../../../../shared/schemas/rule-mining';
import { setAppLanguage } from '../../../app/i18n';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { RuleMiningPanel } from './RuleMiningPanel';

const humidifier = { sku: 'HUM-001', name: { en: 'Mist humidifier', 'zh-CN': '静音加湿器' } };
const filter = { sku: 'FLT-001', name: { en: 'Humidifier filter', 'zh-CN': '加湿器滤芯' } };
const fragrance = { sku: 'FRG-001', name: { en: 'Lavender oil', 'zh-CN': '薰衣草精油' } };

const rules: MinedRuleView[] = [
  {
    antecedent: [filter, fragrance],
    consequent: [humidifier],
    support: 0.2,
    confidence: 1,
    lift: 20 / 7,
    count: 4,
  },
  {
    antecedent: [humidifier],
    consequent: [filter],
    support: 0.3,
    confidence: 6 / 7,
    lift: 20 / 7,
    count: 6,
  },
];

function run(fields: Partial<RuleRunView> = {}): RuleRunView {
  return {
    id: 'run-1',
    state: 'done',
    trigger: 'schedule',
    progress: { step: 'done', done: 10_025, total: 10_025 },
    params: { minSupport: null, minConfidence: 0.1, maxLen: 3, minLift: 1, maxRules: 5000 },
    minSupportUsed: 0.15,
    counts: { orders: 10_025, baskets: 8_120, itemsets: 10, rules: 9 },
    timings: { loadMs: 2100, miningMs: 5, storeMs: 40, totalMs: 2345 },
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:00:02.345Z',
    error: null,
    ...fields,
  };
}

const idle: RuleMiningStatus = {
  running: null,
  lastFinished: run(),
  current: { runId: 'run-1', finishedAt: '2025-03-01T10:00:02.345Z', rules: 9 },
  topRules: rules,
};

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const lastRun = () => screen.getByTestId('rule-mining-last-run');
const cellsOf = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);
const bodyRows = () =>
  [...screen.getByTestId('rule-mining-rules').querySelectorAll('tbody tr.ant-table-row')].map(
    (row) => cellsOf(row as HTMLElement),
  );
const callsTo = (fetchMock: ReturnType<typeof mockApi>, method: string, url: string) =>
  fetchMock.mock.calls.filter(
    ([input, init]) => String(input) === url && (init?.method ?? 'GET') === method,
  );

describe('RuleMiningPanel', () => {
  it('shows the last run and the top rules, with each metric explained', async () => {
    mockApi({ 'GET /api/offers/rules/status': { status: 200, body: idle } });
    renderWithApp(<RuleMiningPanel />);

    await screen.findByText('Mist humidifier ⇒ Humidifier filter');
    expect(within(lastRun()).getByText('10,025')).toBeTruthy();
    expect(within(lastRun()).getByText('8,120')).toBeTruthy();
    expect(within(lastRun()).getByText('9')).toBeTruthy();
    expect(within(lastRun()).getByText('2.3 s')).toBeTruthy();
    expect(within(lastRun()).getByText('Mar 1, 2025', { exact: false })).toBeTruthy();
    expect(bodyRows()).toEqual([
      ['Humidifier filter + Lavender oil ⇒ Mist humidifier', '20%', '100%', '2.86'],
      ['Mist humidifier ⇒ Humidifier filter', '30%', '85.7%', '2.86'],
    ]);
    expect(screen.queryByTestId('rule-mining-progress')).toBeNull();

    fireEvent.mouseEnter(screen.getByRole('img', { name: 'About Lift' }));
    expect(
      await screen.findByText(
        'How many times more likely shoppers who bought the items before ⇒ are to buy the item after it than shoppers in general. Above 1, the items go together.',
      ),
    ).toBeTruthy();
    fireEvent.mouseEnter(screen.getByRole('img', { name: 'About Confidence' }));
    expect(
      await screen.findByText(
        'Of the paid orders with the items before ⇒, the share that also contain the item after it.',
      ),
    ).toBeTruthy();
  });

  it('starts a run, polls its progress every second, then shows the new run', async () => {
    let phase: 'idle' | 'running' | 'done' = 'idle';
    let polls = 0;
    const fetchMock = mockApi({
      'GET /api/offers/rules/status': () => {
        if (phase === 'idle') return { status: 200, body: idle };
        polls += 1;
        if (phase === 'running' && polls >= 3) phase = 'done';
        if (phase === 'running') {
          return {
            status: 200,
            body: {
              ...idle,
              running: run({
                id: 'run-2',
                state: 'running',
                trigger: 'manual',
                progress: { step: 'orders', done: 4000, total: 10_025 },
                counts: null,
                timings: null,
                finishedAt: null,
              }),
            },
          };
        }
        return {
          status: 200,
          body: {
            ...idle,
            lastFinished: run({
              id: 'run-2',
              trigger: 'manual',
              counts: { orders: 12_000, baskets: 9_900, itemsets: 12, rules: 11 },
              timings: { loadMs: 3000, miningMs: 6, storeMs: 50, totalMs: 3056 },
            }),
          },
        };
      },
      'POST /api/offers/rules/refresh': () => {
        phase = 'running';
        return { status: 202, body: { runId: 'run-2' } };
      },
    });
    renderWithApp(<RuleMiningPanel />);
    await screen.findByText('Mist humidifier ⇒ Humidifier filter');

    fireEvent.click(screen.getByRole('button', { name: /Refresh now/ }));
    const progress = await screen.findByTestId('rule-mining-progress');
    expect(progress.textContent).toContain('Mining the rules…');
    expect(progress.textContent).toContain('Reading orders: 4,000 of 10,025');
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe(
      String(Math.floor((4000 / 10_025) * 90)),
    );
    expect(callsTo(fetchMock, 'POST', '/api/offers/rules/refresh')).toHaveLength(1);
    // antd applies the loading class in an effect after the render that asked for it.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Refresh now/ }).className).toContain(
        'ant-btn-loading',
      ),
    );

    await waitFor(() => expect(screen.queryByTestId('rule-mining-progress')).toBeNull(), {
      timeout: 5000,
    });
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(within(lastRun()).getByText('12,000')).toBeTruthy();
    expect(within(lastRun()).getByText('3.1 s')).toBeTruthy();
    const pollsWhenDone = callsTo(fetchMock, 'GET', '/api/offers/rules/status').length;
    await new Promise((r) => setTimeout(r, 1300));
    // Idle again: no more polling.
    expect(callsTo(fetchMock, 'GET', '/api/offers/rules/status')).toHaveLength(pollsWhenDone);
  }, 15_000);

  it('says in the user language why a run failed or could not start', async () => {
    await setAppLanguage('zh-CN');
    mockApi({
      'GET /api/offers/rules/status': {
        status: 200,
        body: {
          running: null,
          lastFinished: run({
            state: 'failed',
            counts: null,
            timings: null,
            error: 'Mining the rules failed: connection closed.',
          }),
          current: null,
          topRules: [],
        },
      },
      'POST /api/offers/rules/refresh': {
        status: 403,
        body: { error: { code: 'E_FORBIDDEN', message: 'Your role does not allow this.' } },
      },
    });
    renderWithApp(<RuleMiningPanel />);

    const failed = await screen.findByTestId('rule-mining-failed');
    expect(failed.textContent).toContain('最近一次挖掘失败，客服继续使用上一次成功挖掘的规则。');
    expect(failed.textContent).toContain('Mining the rules failed: connection closed.');
    expect(screen.getByText('暂无规则：同时购买多件商品的已付款订单还不够多。')).toBeTruthy();
    expect(
      [...screen.getByTestId('rule-mining-rules').querySelectorAll('th')].map(
        (th) => th.textContent,
      ),
    ).toEqual(['规则', '支持度', '置信度', '提升度']);

    fireEvent.click(screen.getByRole('button', { name: /立即刷新/ }));
    expect((await screen.findByTestId('rule-refresh-error')).textContent).toBe(
      '无法开始新的挖掘。 您没有执行此操作的权限。',
    );
    fireEvent.mouseEnter(screen.getByRole('img', { name: '支持度说明' }));
    expect(
      await screen.findByText('同时包含规则中全部商品的已付款订单，占全部已付款订单的比例。'),
    ).toBeTruthy();
  });

  it('offers to try again when the status cannot be loaded', async () => {
    let up = false;
    mockApi({
      'GET /api/offers/rules/status': () =>
        up
          ? { status: 200, body: idle }
          : { status: 503, body: { error: { code: 'E_UNAVAILABLE', message: 'down' } } },
    });
    renderWithApp(<RuleMiningPanel />);
    await screen.findByText("We couldn't load the cross-sell rules.", {}, { timeout: 5000 });
    up = true;
    fireEvent.click(screen.getByRole('button', { name: /Try again/ }));
    await screen.findByText('Mist humidifier ⇒ Humidifier filter');
  }, 15_000);
});
