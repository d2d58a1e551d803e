// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../../../../shared/schemas/dashboard';
import { setAppLanguage } from '../../../app/i18n';
import { renderWithApp } from '../../../test-utils/renderWithApp';
import { SupervisorPage } from '../SupervisorPage';
import { DashboardPanel } from './DashboardPanel';
import { dashboard, emptyDashboard } from './dashboard-fixture';
import { outreachDashboard } from './outreach-results-fixture';

type Reply = { status: number; body: unknown };

/**
 * The browser's fetch at the test boundary: the dashboard answers `reply(url)` for any query,
 * the script library gives the scripts' titles; the calls are kept to inspect.
 */
function stubApi(reply: (url: URL) => Reply = () => ({ status: 200, body: dashboard })) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://shop.test');
    let answer: Reply;
    if (url.pathname === '/api/dashboard') answer = reply(url);
    // The outreach results card beside the KPIs (tested in OutreachResultsCard.test.tsx).
    else if (url.pathname === '/api/dashboard/outreach') {
      answer = { status: 200, body: outreachDashboard('2025-11-01', '2025-11-30') };
    } else if (url.pathname === '/api/scripts') {
      answer = {
        status: 200,
        body: {
          scripts: [
            {
              id: 'price-value-anchor',
              title: url.searchParams.get('locale') === 'en' ? 'Value anchoring' : '价值锚定',
            },
          ],
        },
      };
    } else throw new Error(`Unexpected request ${String(input)}`);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const dashboardCalls = (fetchMock: ReturnType<typeof stubApi>) =>
  fetchMock.mock.calls
    .map(([input]) => String(input))
    .filter((u) => u.startsWith('/api/dashboard?'));
const path = () => screen.getByTestId('current-path').textContent ?? '';
const kpiValue = (name: string) => screen.getByTestId(`kpi-${name}-value`).textContent;

const tooltips = () => new Set(document.querySelectorAll('[role="tooltip"]'));

/** Hovers `element` and reads the tooltip it opens (each trigger gets its own popup). */
async function tooltipOf(element: Element): Promise<string> {
  const before = tooltips();
  fireEvent.mouseEnter(element);
  await waitFor(() => expect(element.getAttribute('aria-describedby')).toBeTruthy());
  const tooltip = await waitFor(() => {
    const opened = [...tooltips()].find((t) => !before.has(t));
    if (!opened) throw new Error('no tooltip opened');
    return opened;
  });
  fireEvent.mouseLeave(element);
  return tooltip.textContent ?? '';
}

async function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: label }));
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (item) => item.textContent === option,
    );
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
}

const rowOf = (testId: string, key: string) => {
  const row = screen.getByTestId(testId).querySelector<HTMLElement>(`tr[data-row-key="${key}"]`);
  if (!row) throw new Error(`no row ${key} in ${testId}`);
  return row;
};
const cellsOf = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);

const at = '/supervisor?from=2025-11-01&to=2025-11-30';

beforeAll(() => {
  // jsdom has no canvas; echarts then measures text by its built-in table, as on a server.
  HTMLCanvasElement.prototype.getContext = () => null;
});
beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('DashboardPanel', () => {
  it('shows the totals formatted, each with its definition and what it was computed from', async () => {
    stubApi();
    renderWithApp(<DashboardPanel />, at);
    expect(screen.getByTestId('dashboard-loading')).toBeTruthy();

    await screen.findByTestId('kpi-conversion');
    expect({
      chats: kpiValue('chats'),
      sales: kpiValue('sales'),
      conversion: kpiValue('conversion'),
      averageOrderValue: kpiValue('averageOrderValue'),
      firstResponseMs: kpiValue('firstResponseMs'),
      averageResponseMs: kpiValue('averageResponseMs'),
      answerRatio: kpiValue('answerRatio'),
      handleMs: kpiValue('handleMs'),
      offerAcceptance: kpiValue('offerAcceptance'),
      satisfaction: kpiValue('satisfaction'),
      refundRate: kpiValue('refundRate'),
    }).toEqual({
      chats: '48',
      sales: '¥3,456.50',
      conversion: '30.0%',
      averageOrderValue: '¥288.04',
      firstResponseMs: '1 min 05 s',
      averageResponseMs: '45 s',
      answerRatio: '120.0%',
      handleMs: '12 min 34 s',
      offerAcceptance: '50.0%',
      satisfaction: '4.3 / 5',
      refundRate: '—',
    });

    const card = (name: string) =>
      within(screen.getByTestId(`kpi-${name}`)).getByLabelText(/:/, { selector: 'div' });
    expect(await tooltipOf(card('conversion'))).toBe(
      'Chats that ended in a purchase ÷ chats in which the shopper wrote at least one message.' +
        '12 purchased ÷ 40 asked',
    );
    expect(await tooltipOf(card('firstResponseMs'))).toContain(
      '43 min 20 s in all ÷ 40 first replies',
    );
    expect(await tooltipOf(card('averageOrderValue'))).toContain('¥3,456.50 in sales ÷ 12 buyers');
    expect(await tooltipOf(card('refundRate'))).toBe(
      'Refunded orders ÷ paid orders.No data in this range',
    );
  });

  it('says the figures in Chinese units', async () => {
    await setAppLanguage('zh-CN');
    stubApi();
    renderWithApp(<DashboardPanel />, at);
    await screen.findByTestId('kpi-conversion');
    expect(kpiValue('firstResponseMs')).toBe('1 分 05 秒');
    expect(kpiValue('averageResponseMs')).toBe('45 秒');
    expect(kpiValue('handleMs')).toBe('12 分 34 秒');
    expect(kpiValue('averageOrderValue')).toBe('¥288.04');
    expect(within(screen.getByTestId('kpi-conversion')).getByText(/询单转化率/)).toBeTruthy();
    // The objection categories carry the shop's own names in the chart legend.
    await waitFor(() =>
      expect(screen.getByTestId('dashboard-objections-chart').textContent).toContain('价格异议'),
    );
  });

  it('lists agents sortable with no data last, the funnel steps, and draws the charts', async () => {
    stubApi();
    renderWithApp(<DashboardPanel />, at);
    await screen.findByTestId('dashboard-agents');
    const agents = () =>
      [...screen.getByTestId('dashboard-agents').querySelectorAll('tbody tr[data-row-key]')].map(
        (tr) => tr.getAttribute('data-row-key'),
      );
    expect(cellsOf(rowOf('dashboard-agents', 'agent1')).slice(0, 4)).toEqual([
      '王小美',
      '24',
      '35.0%',
      '¥288.07',
    ]);
    const conversionHeader = within(screen.getByTestId('dashboard-agents'))
      .getAllByRole('columnheader')
      .find((th) => th.textContent?.includes('Inquiry conversion'))!;
    fireEvent.click(conversionHeader);
    await waitFor(() => expect(agents()).toEqual(['agent2', 'agent1', 'agent3']));
    fireEvent.click(conversionHeader);
    await waitFor(() => expect(agents()).toEqual(['agent1', 'agent2', 'agent3']));
    expect(await tooltipOf(within(conversionHeader).getByText(/Inquiry conversion/))).toContain(
      'Chats that ended in a purchase',
    );

    expect(
      [...screen.getByTestId('dashboard-funnel-steps').querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent),
      ),
    ).toEqual([
      ['Chats', '48', '—'],
      ['Engaged', '40', '83.3%'],
      ['Offer presented', '25', '62.5%'],
      ['Offer accepted', '15', '60.0%'],
      ['Purchased', '12', '80.0%'],
    ]);
    await waitFor(() => {
      for (const chart of ['trend', 'funnel', 'objections']) {
        expect(screen.getByTestId(`dashboard-${chart}-chart`).querySelector('svg')).toBeTruthy();
      }
    });
    expect(screen.getByTestId('dashboard-funnel-chart').textContent).toContain('Offer presented');
    // Every day of the range is on the trend's axis, days without chats included: the data
    // has only 3 and 4 November, the axis runs from the 1st to the end of the month.
    const trend = screen.getByTestId('dashboard-trend-chart').textContent ?? '';
    expect(trend).toContain('Inquiry conversion');
    expect(trend).toContain('2025-11-01');
    expect(trend).toMatch(/2025-11-(09|1\d|2\d)/);
  });

  it('says "not enough data yet" below the threshold and shows A/B variants side by side', async () => {
    stubApi();
    renderWithApp(<DashboardPanel />, at);
    await screen.findByTestId('dashboard-scripts');

    const greeting = rowOf('dashboard-scripts', 'greeting-warm@1/base');
    expect(greeting.getAttribute('data-enough-data')).toBe('false');
    expect(cellsOf(greeting)).toEqual([
      'greeting-warm',
      'v1',
      'Original',
      '12',
      '2',
      'Not enough data yet (fewer than 30 chats)',
      '—',
    ]);
    const anchor = rowOf('dashboard-scripts', 'price-value-anchor@2/base');
    expect(anchor.getAttribute('data-enough-data')).toBeNull();
    await waitFor(() => expect(cellsOf(anchor)[0]).toBe('Value anchoringprice-value-anchor'));
    expect(cellsOf(anchor).slice(1, 6)).toEqual(['v2', 'Original', '40', '14', '35.0%']);
    expect(within(anchor).getByRole('img').getAttribute('aria-label')).toBe(
      '95% interval 22.1% – 50.5%',
    );

    const priceTest = screen.getByTestId('ab-test-price-value-anchor');
    expect(priceTest.textContent).toContain('Value anchoring · version 2');
    const variants = [...priceTest.querySelectorAll('[data-testid^="ab-variant-"]')];
    expect(variants.map((v) => v.getAttribute('data-testid'))).toEqual([
      'ab-variant-base',
      'ab-variant-warm-open',
    ]);
    expect(variants.map((v) => v.textContent)).toEqual([
      'Original35.0%14 won of 40 uses22.1% – 50.5%',
      'warm-open25.0%9 won of 36 uses13.8% – 41.1%',
    ]);
    const short = within(screen.getByTestId('ab-test-bundle-pitch')).getByTestId(
      'ab-variant-short',
    );
    expect(short.textContent).toBe('shortNot enough data yet (fewer than 30 chats)5 won of 8 uses');
    expect(within(short).queryByTestId('interval-bar')).toBeNull();
  });

  it('keeps the filters in the address, asks the API with them, and exports the same', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-11-30T10:00:00Z'));
    const fetchMock = stubApi();
    renderWithApp(<DashboardPanel />, '/supervisor');
    await screen.findByTestId('kpi-conversion');
    // No filter in the address: the last 30 days up to today (UTC), both ends included.
    expect(dashboardCalls(fetchMock)).toEqual(['/api/dashboard?from=2025-11-01&to=2025-11-30']);

    await choose('Agent', 'Li Ming');
    await waitFor(() =>
      expect(dashboardCalls(fetchMock)).toContain(
        '/api/dashboard?from=2025-11-01&to=2025-11-30&agent=agent2',
      ),
    );
    // From the first change on, the address names the range too, so the link shows these days.
    expect(path()).toBe('/supervisor?from=2025-11-01&to=2025-11-30&agent=agent2');

    await choose('Customer segment', 'Important value');
    const segment = encodeURIComponent('重要价值');
    const filtered = `from=2025-11-01&to=2025-11-30&agent=agent2&segment=${segment}`;
    await waitFor(() => expect(dashboardCalls(fetchMock)).toContain(`/api/dashboard?${filtered}`));
    expect(path()).toBe(`/supervisor?${filtered}`);
    const exportLink = screen.getByTestId('dashboard-export');
    expect(exportLink.getAttribute('href')).toBe(`/api/dashboard/export.csv?${filtered}`);
    expect(exportLink.getAttribute('download')).toBe('dashboard-2025-11-01-2025-11-30.csv');

    const start = screen.getByTestId('dashboard-range').querySelector('input')!;
    fireEvent.mouseDown(start);
    fireEvent.click(start);
    fireEvent.click(await screen.findByText('Last 7 days'));
    await waitFor(() =>
      expect(dashboardCalls(fetchMock)).toContain(
        `/api/dashboard?from=2025-11-24&to=2025-11-30&agent=agent2&segment=${segment}`,
      ),
    );
    expect(path()).toBe(
      `/supervisor?from=2025-11-24&to=2025-11-30&agent=agent2&segment=${segment}`,
    );
  });

  it('opens a shared link as it was, and ignores a broken range in it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-11-30T10:00:00Z'));
    const fetchMock = stubApi();
    renderWithApp(<DashboardPanel />, `${at}&agent=agent9&segment=unknown`);
    await screen.findByTestId('kpi-conversion');
    expect(dashboardCalls(fetchMock)).toContain(
      '/api/dashboard?from=2025-11-01&to=2025-11-30&agent=agent9&segment=unknown',
    );
    // The agents to choose from come from the range without the agent and segment filters.
    expect(dashboardCalls(fetchMock)).toContain('/api/dashboard?from=2025-11-01&to=2025-11-30');
    expect(
      within(screen.getByTestId('dashboard-segment')).getByText('Guests (not signed in)'),
    ).toBeTruthy();
    expect(within(screen.getByTestId('dashboard-agent')).getByText('agent9')).toBeTruthy();
    cleanup();

    const second = stubApi();
    renderWithApp(<DashboardPanel />, '/supervisor?from=2025-11-30&to=2025-11-01&segment=VIP');
    await screen.findByTestId('kpi-conversion');
    expect(dashboardCalls(second)).toEqual(['/api/dashboard?from=2025-11-01&to=2025-11-30']);
  });

  it("says in the user's language why the dashboard failed, and retries", async () => {
    await setAppLanguage('zh-CN');
    let reply: Reply = {
      status: 403,
      body: { error: { code: 'E_FORBIDDEN', message: 'Forbidden' } },
    };
    const fetchMock = stubApi(() => reply);
    renderWithApp(<DashboardPanel />, at);
    await screen.findByText('看板数据加载失败。');
    expect(screen.getByText('您没有执行此操作的权限。')).toBeTruthy();

    reply = { status: 200, body: dashboard };
    fireEvent.click(screen.getByRole('button', { name: /^重\s?试$/ }));
    await screen.findByTestId('kpi-conversion');
    expect(
      dashboardCalls(fetchMock).filter((u) => u === `/api/dashboard?${at.split('?')[1]}`),
    ).toHaveLength(2);
  });

  it('heads /supervisor with a row of links and puts the dashboard beneath', async () => {
    await setAppLanguage('zh-CN');
    stubApi();
    renderWithApp(
      <SupervisorPage
        user={{ username: 'supervisor1', displayName: '王主管', role: 'supervisor' }}
      />,
      at,
    );
    const nav = screen.getByRole('navigation', { name: '主管页面' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['实时监控', '/supervisor/live'],
      ['质检规则', '/supervisor/quality'],
      ['外呼规则', '/supervisor/outreach'],
      ['话术库', '/supervisor/scripts'],
      ['套餐管理', '/supervisor/bundles'],
    ]);
    const rules = within(nav).getByRole('button', { name: /关联推荐规则/ });
    expect(rules.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('rule-mining-panel')).toBeNull();
    await screen.findByTestId('kpi-conversion');
  });

  it('says so when no chat was closed in the range', async () => {
    stubApi(() => ({ status: 200, body: emptyDashboard satisfies Dashboard }));
    renderWithApp(<DashboardPanel />, at);
    expect((await screen.findByTestId('dashboard-empty')).textContent).toContain(
      'No chats were closed in this period.',
    );
    expect(screen.queryByTestId('kpi-conversion')).toBeNull();
  });
});
