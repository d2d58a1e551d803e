// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type {
  OutreachDryRunResult,
  OutreachRules,
  OutreachRulesState,
} from '../../../../../shared/schemas/outreach';
import { setAppLanguage } from '../../../app/i18n';
import { renderWithApp } from '../../../test-utils/renderWithApp';
import { OutreachRulesPage } from './OutreachRulesPage';

const me: StaffUser = { username: 'supervisor1', displayName: '王主管 Wang', role: 'supervisor' };

const rules: OutreachRules = {
  paymentReminder: { enabled: true, delayMinutes: 30 },
  followUp: { enabled: true, daysAfterDelivery: 3, reviewInviteAfterDays: 2 },
  memberCare: { enabled: true, withinAmount: 500 },
  winBack: { enabled: true, segments: ['重要保持', '重要挽留'], silentDays: 60 },
  quietHours: { start: '21:00', end: '09:00', timeZone: 'Asia/Shanghai' },
  weeklyCapPerCustomer: 2,
  attributionHours: 48,
};
const state: OutreachRulesState = {
  version: 3,
  rules,
  updatedBy: 'supervisor2',
  updatedAt: '2025-01-06T02:00:00.000Z',
};
const dryRunResult: OutreachDryRunResult = {
  asOf: '2025-01-06T03:00:00.000Z',
  kinds: [
    {
      kind: 'payment_reminder',
      rule: 'paymentReminder',
      enabled: true,
      tasks: 15,
      customers: 12,
      heldByCap: 2,
      value: 3580.5,
    },
    {
      kind: 'follow_up',
      rule: 'followUp',
      enabled: true,
      tasks: 30,
      customers: 28,
      heldByCap: 0,
      value: 0,
    },
    {
      kind: 'review_invitation',
      rule: 'followUp',
      enabled: true,
      tasks: 8,
      customers: 8,
      heldByCap: 1,
      value: 0,
    },
    {
      kind: 'member_care',
      rule: 'memberCare',
      enabled: false,
      tasks: 0,
      customers: 0,
      heldByCap: 0,
      value: 0,
    },
    {
      kind: 'win_back',
      rule: 'winBack',
      enabled: true,
      tasks: 5,
      customers: 5,
      heldByCap: 0,
      value: 1200,
    },
  ],
  total: { tasks: 58, customers: 45, heldByCap: 3, value: 4780.5 },
  optedOutCustomers: 3,
  tookMs: 41,
};

type Reply = { status: number; body: unknown };
type Handler = (body: unknown) => Reply | Promise<Reply>;

/** The browser's fetch at the test boundary, by "METHOD path"; the calls are kept to inspect. */
function stubApi(handlers: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${String(input)}`;
    const handler = handlers[key];
    if (!handler) throw new Error(`Unexpected request ${key}`);
    const reply = await handler(init?.body ? JSON.parse(String(init.body)) : undefined);
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const bodiesOf = (fetchMock: ReturnType<typeof stubApi>, key: string) =>
  fetchMock.mock.calls
    .filter(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}` === key)
    .map(([, init]) => JSON.parse(String(init?.body)) as unknown);

const card = (rule: string) => within(screen.getByTestId(`outreach-rule-${rule}`));
const saveButton = () => screen.getByRole('button', { name: 'Save' });
const dryRunButton = () => screen.getByRole('button', { name: 'Dry run' });

async function chooseOption(combobox: HTMLElement, option: string) {
  fireEvent.mouseDown(combobox);
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (el) => el.textContent === option,
    );
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
}

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('OutreachRulesPage', () => {
  it('shows a card per rule with its switch, its numbers with units, and the segments', async () => {
    stubApi({ 'GET /api/outreach/rules': () => ({ status: 200, body: state }) });
    renderWithApp(<OutreachRulesPage user={me} />, '/supervisor/outreach');
    expect(screen.getByTestId('page-title').textContent).toBe('Outreach rules');
    await screen.findByTestId('outreach-rule-paymentReminder');
    expect(
      [...document.querySelectorAll('[data-testid^="outreach-rule-"]')].map((c) =>
        c.getAttribute('data-testid'),
      ),
    ).toEqual([
      'outreach-rule-paymentReminder',
      'outreach-rule-followUp',
      'outreach-rule-memberCare',
      'outreach-rule-winBack',
      'outreach-rule-general',
    ]);
    expect(screen.getByTestId('outreach-version').textContent).toMatch(
      /^Version 3, saved by supervisor2 on /,
    );
    expect(
      card('memberCare')
        .getByRole('switch', { name: 'Member care: on or off' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    const delay = card('paymentReminder').getByLabelText('Unpaid for') as HTMLInputElement;
    expect(delay.value).toBe('30');
    expect(card('paymentReminder').getByText('min')).toBeTruthy();
    expect(
      (card('followUp').getByLabelText('Follow up after delivery') as HTMLInputElement).value,
    ).toBe('3');
    expect((card('memberCare').getByLabelText('Within') as HTMLInputElement).value).toBe('500.00');
    expect(card('memberCare').getByText('CNY')).toBeTruthy();
    // The win-back segments by their names in the user's language.
    expect(card('winBack').getByText('Important to keep')).toBeTruthy();
    expect(card('winBack').getByText('Important to win back')).toBeTruthy();
    expect((card('general').getByLabelText('Quiet hours from') as HTMLInputElement).value).toBe(
      '21:00',
    );
    expect(
      (card('general').getByLabelText('At most per customer in 7 days') as HTMLInputElement).value,
    ).toBe('2');
    expect((card('general').getByLabelText('Attribution window') as HTMLInputElement).value).toBe(
      '48',
    );
    expect(card('general').getByText('hours')).toBeTruthy();
    expect(saveButton().hasAttribute('disabled')).toBe(true);
  });

  it('saves switches, numbers and segments from the version it loaded', async () => {
    const fetchMock = stubApi({
      'GET /api/outreach/rules': () => ({ status: 200, body: state }),
      'PUT /api/outreach/rules': (body) => ({
        status: 200,
        body: {
          ...state,
          version: 4,
          updatedBy: 'supervisor1',
          rules: (body as { rules: OutreachRules }).rules,
        },
      }),
    });
    renderWithApp(<OutreachRulesPage user={me} />, '/supervisor/outreach');
    await screen.findByTestId('outreach-rule-paymentReminder');

    fireEvent.click(screen.getByRole('switch', { name: 'Member care: on or off' }));
    fireEvent.change(card('paymentReminder').getByLabelText('Unpaid for'), {
      target: { value: '45' },
    });
    fireEvent.change(card('general').getByLabelText('Attribution window'), {
      target: { value: '72' },
    });
    await chooseOption(
      card('winBack').getByRole('combobox', { name: 'Customer classes' }),
      'General to win back',
    );
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    expect(saveButton().hasAttribute('disabled')).toBe(false);
    fireEvent.click(saveButton());
    await waitFor(() => expect(bodiesOf(fetchMock, 'PUT /api/outreach/rules')).toHaveLength(1));

    await screen.findByText('Outreach rules saved as version 4.');
    expect(bodiesOf(fetchMock, 'PUT /api/outreach/rules')).toEqual([
      {
        version: 3,
        rules: {
          ...rules,
          paymentReminder: { enabled: true, delayMinutes: 45 },
          memberCare: { enabled: false, withinAmount: 500 },
          winBack: { ...rules.winBack, segments: ['重要保持', '重要挽留', '一般挽留'] },
          attributionHours: 72,
        },
      },
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('outreach-version').textContent).toMatch(/^Version 4/),
    );
    expect(saveButton().hasAttribute('disabled')).toBe(true);
  });

  it('dry-runs the edited rules with a progress indicator, then a row per rule', async () => {
    let finish: (reply: Reply) => void = () => undefined;
    const fetchMock = stubApi({
      'GET /api/outreach/rules': () => ({ status: 200, body: state }),
      'POST /api/outreach/rules/dry-run': () => new Promise<Reply>((resolve) => (finish = resolve)),
    });
    renderWithApp(<OutreachRulesPage user={me} />, '/supervisor/outreach');
    await screen.findByTestId('outreach-rule-paymentReminder');
    fireEvent.change(card('winBack').getByLabelText('No order for'), { target: { value: '90' } });
    fireEvent.click(dryRunButton());

    const progress = await screen.findByTestId('outreach-dry-run-progress');
    expect(progress.getAttribute('role')).toBe('status');
    expect(progress.textContent).toBe('Checking the current orders and customers…');
    // Nothing saved: the dry run carries the edit.
    expect(bodiesOf(fetchMock, 'POST /api/outreach/rules/dry-run')).toEqual([
      { rules: { ...rules, winBack: { ...rules.winBack, silentDays: 90 } } },
    ]);
    finish({ status: 200, body: dryRunResult });

    const table = await screen.findByTestId('outreach-dry-run');
    expect(screen.queryByTestId('outreach-dry-run-progress')).toBeNull();
    const cells = (kind: string) =>
      [...table.querySelectorAll(`tr[data-row-key="${kind}"] td`)].map((td) => td.textContent);
    expect(cells('payment_reminder')).toEqual([
      'Payment reminder',
      'would reach 12 customers / 15 tasks',
      '2',
      '¥3,580.50',
    ]);
    expect(cells('member_care')).toEqual([
      'Member careOff',
      'would reach 0 customers / 0 tasks',
      '0',
      '¥0.00',
    ]);
    expect(
      [...screen.getByTestId('outreach-dry-run-total').querySelectorAll('td')].map(
        (td) => td.textContent,
      ),
    ).toEqual(['All rules', 'would reach 45 customers / 58 tasks', '3', '¥4,780.50']);
    expect(
      screen.getByText(/Customers who opted out of outreach and would not be contacted: 3\./),
    ).toBeTruthy();
    expect(screen.queryByTestId('outreach-dry-run-stale')).toBeNull();

    // Edited after the dry run: the result says it no longer fits.
    fireEvent.change(card('winBack').getByLabelText('No order for'), { target: { value: '120' } });
    expect(await screen.findByTestId('outreach-dry-run-stale')).toBeTruthy();
  });

  it("says a version conflict in the user's language and reloads the latest rules", async () => {
    await setAppLanguage('zh-CN');
    let current = state;
    stubApi({
      'GET /api/outreach/rules': () => ({ status: 200, body: current }),
      'PUT /api/outreach/rules': () => ({
        status: 409,
        body: {
          error: {
            code: 'E_OUTREACH_CONFLICT',
            message: 'The outreach rules changed since version 3; reload them.',
          },
        },
      }),
    });
    renderWithApp(<OutreachRulesPage user={me} />, '/supervisor/outreach');
    await screen.findByTestId('outreach-rule-paymentReminder');
    fireEvent.change(card('general').getByLabelText('归因时长'), { target: { value: '24' } });
    fireEvent.click(screen.getByRole('button', { name: /^保\s?存$/ }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      '规则未保存。 主动营销规则已被其他人修改并保存，请刷新后重新修改。',
    );
    // Someone else's version 4 is what reloading brings.
    current = { ...state, version: 4, rules: { ...rules, weeklyCapPerCustomer: 3 } };
    fireEvent.click(within(alert).getByRole('button', { name: '重新加载最新规则' }));
    await waitFor(() =>
      expect(screen.getByTestId('outreach-version').textContent).toMatch(/^第 4 版/),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect((card('general').getByLabelText('归因时长') as HTMLInputElement).value).toBe('48');
    expect((card('general').getByLabelText('每位顾客 7 天内最多') as HTMLInputElement).value).toBe(
      '3',
    );
  });

  it('refuses to save or dry-run rules that are not valid', async () => {
    stubApi({ 'GET /api/outreach/rules': () => ({ status: 200, body: state }) });
    renderWithApp(<OutreachRulesPage user={me} />, '/supervisor/outreach');
    await screen.findByTestId('outreach-rule-paymentReminder');
    fireEvent.change(card('general').getByLabelText('Quiet hours from'), {
      target: { value: '25:00' },
    });
    expect(card('general').getByText('Use HH:MM, e.g. 21:00')).toBeTruthy();
    expect(
      screen.getByText('Some fields are not valid; correct them to save or run a dry run.'),
    ).toBeTruthy();
    expect(saveButton().hasAttribute('disabled')).toBe(true);
    expect(dryRunButton().hasAttribute('disabled')).toBe(true);
    fireEvent.change(card('general').getByLabelText('Quiet hours from'), {
      target: { value: '22:30' },
    });
    expect(saveButton().hasAttribute('disabled')).toBe(false);
    expect(dryRunButton().hasAttribute('disabled')).toBe(false);
  });
});
