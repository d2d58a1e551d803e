// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAppLanguage } from '../../../app/i18n';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { OutreachResultsCard } from './OutreachResultsCard';
import { outreachDashboard } from './outreach-results-fixture';

const url = '/api/dashboard/outreach?from=2025-11-01&to=2025-11-30&agent=agent1';
// The segment is not sent: outreach results are not split by it.
const filters = { from: '2025-11-01', to: '2025-11-30', agent: 'agent1', segment: '重要价值' };

const tooltips = () => new Set(document.querySelectorAll('[role="tooltip"]'));
/** Hovers `element` and reads the tooltip it opens. */
async function tooltipOf(element: Element): Promise<string> {
  const before = tooltips();
  fireEvent.mouseEnter(element);
  const tooltip = await waitFor(() => {
    const opened = [...tooltips()].find((t) => !before.has(t));
    if (!opened) throw new Error('no tooltip opened');
    return opened;
  });
  fireEvent.mouseLeave(element);
  return tooltip.textContent ?? '';
}

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('OutreachResultsCard', () => {
  it('shows payment recovery with its interval and repeat purchase below the threshold', async () => {
    const fetchMock = mockApi({
      [`GET ${url}`]: {
        status: 200,
        body: outreachDashboard('2025-11-01', '2025-11-30', 'agent1'),
      },
    });
    renderWithApp(<OutreachResultsCard filters={filters} />);
    const payment = await screen.findByTestId('outreach-payment-recovery');
    expect(fetchMock.mock.calls.map(([u]) => String(u))).toEqual([url]);
    expect(screen.getByText('Outreach results are not split by customer class')).toBeTruthy();

    // 26 paid of 40 reminded = 65.0%; Wilson 95%: 49.5% – 77.9%; 26 × ¥199 = ¥5,174.00.
    expect(screen.getByTestId('outreach-payment-recovery-value').textContent).toBe('65.0%');
    expect(screen.getByTestId('outreach-payment-recovery-tally').textContent).toBe(
      '26 paid of 40 reminded',
    );
    expect(within(payment).getByRole('img', { name: '95% interval 49.5% – 77.9%' })).toBeTruthy();
    expect(screen.getByTestId('outreach-payment-recovery-money').textContent).toBe(
      'Sales recovered ¥5,174.00',
    );

    // Follow-ups 3 of 12 and review invitations 1 of 3: 4 of 15, under 20 sent, so no rate.
    const repeat = screen.getByTestId('outreach-repeat-purchase');
    expect(screen.getByTestId('outreach-repeat-purchase-value').textContent).toBe(
      'Not enough data yet (needs 20 sent)',
    );
    expect(screen.getByTestId('outreach-repeat-purchase-tally').textContent).toBe(
      '4 reordered of 15 contacted',
    );
    expect(within(repeat).queryByTestId('interval-bar')).toBeNull();

    // Each figure says what it is.
    expect(await tooltipOf(within(payment).getByText('Payment recovery rate'))).toBe(
      'Payment reminders after which the reminded order was paid within the attribution window ÷ payment reminders sent.',
    );
    expect(await tooltipOf(within(repeat).getByText('Repeat-purchase rate'))).toContain(
      'Follow-ups and review invitations after which the customer placed a new order',
    );
    expect(await tooltipOf(screen.getByTestId('outreach-payment-recovery-money'))).toContain(
      'The amount (CNY) of the orders attributed to this outreach',
    );

    // Per kind: name, sent, converted, rate, interval, value.
    const cells = (kind: string) =>
      [
        ...screen.getByTestId('outreach-kinds').querySelectorAll(`tr[data-row-key="${kind}"] td`),
      ].map((td) => td.textContent);
    expect(cells('payment_reminder')).toEqual([
      'Payment reminder',
      '40',
      '26',
      '65.0%',
      '49.5% – 77.9%',
      '¥5,174.00',
    ]);
    expect(cells('follow_up')).toEqual([
      'Follow-up',
      '12',
      '3',
      'Not enough data yet (needs 20 sent)',
      '—',
      '¥264.00',
    ]);
    expect(cells('win_back')[1]).toBe('0');
  });

  it('says the load failed in the user language and retries', async () => {
    let fail = true;
    const fetchMock = mockApi({
      [`GET ${url}`]: () =>
        fail
          ? { status: 503, body: { error: { code: 'E_UNAVAILABLE', message: 'down' } } }
          : { status: 200, body: outreachDashboard('2025-11-01', '2025-11-30', 'agent1') },
    });
    await setAppLanguage('zh-CN');
    renderWithApp(<OutreachResultsCard filters={filters} />);
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toContain('外呼效果加载失败。');
    fail = false;
    fireEvent.click(within(alert).getByRole('button'));
    await screen.findByTestId('outreach-payment-recovery');
    expect(screen.getByText('催付回款率')).toBeTruthy();
    expect(screen.getByTestId('outreach-payment-recovery-value').textContent).toBe('65.0%');
    expect(screen.getByTestId('outreach-payment-recovery-tally').textContent).toBe(
      '已催付 40 单，回款 26 单',
    );
    expect(fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('says when nothing was sent', async () => {
    mockApi({
      'GET /api/dashboard/outreach?from=2025-11-01&to=2025-11-30': {
        status: 200,
        body: {
          ...outreachDashboard('2025-11-01', '2025-11-30'),
          kinds: outreachDashboard('2025-11-01', '2025-11-30').kinds.map((k) => ({
            ...k,
            sent: 0,
            attributed: 0,
            rate: null,
            interval: null,
            enoughData: false,
            value: 0,
          })),
        },
      },
    });
    renderWithApp(<OutreachResultsCard filters={{ from: '2025-11-01', to: '2025-11-30' }} />);
    expect((await screen.findByTestId('outreach-results-empty')).textContent).toBe(
      'No outreach was sent in these dates.',
    );
  });
});
