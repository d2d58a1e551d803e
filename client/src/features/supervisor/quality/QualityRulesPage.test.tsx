// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type {
  QualityDryRunResult,
  QualityRules,
  QualityRulesState,
} from '../../../../../shared/schemas/quality-rules';
import { setAppLanguage } from '../../../app/i18n';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { QualityRulesPage } from './QualityRulesPage';

const me: StaffUser = { username: 'supervisor1', displayName: '王主管 Wang', role: 'supervisor' };

const none = { 'zh-CN': [], en: [] };
const rules: QualityRules = {
  slow_first_response: { enabled: true, severity: 'warning', thresholdSeconds: 60 },
  slow_reply: { enabled: true, severity: 'warning', thresholdSeconds: 180 },
  long_silence: { enabled: true, severity: 'info', thresholdSeconds: 600 },
  risky_phrase: {
    enabled: true,
    severity: 'critical',
    lists: {
      absolute_claims: {
        phrases: { 'zh-CN': ['最好', '第一'], en: ['the best'] },
        except: { 'zh-CN': ['第一次'], en: ['at first'] },
      },
      unkeepable_promises: { phrases: { 'zh-CN': ['保证有效'], en: [] }, except: none },
      off_platform_payment: {
        phrases: { 'zh-CN': ['加微信转账'], en: ['PayPal me'] },
        except: none,
      },
    },
  },
  shopper_frustration: {
    enabled: true,
    severity: 'warning',
    phrases: { 'zh-CN': ['太慢了'], en: ['ridiculous'] },
    except: none,
    repeatedPunctuation: { enabled: true, minRun: 3 },
  },
  unanswered_objection: { enabled: true, severity: 'warning' },
};
const state: QualityRulesState = {
  version: 4,
  rules,
  updatedBy: 'supervisor2',
  updatedAt: '2025-01-06T02:00:00.000Z',
};

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const card = (rule: string) => screen.getByTestId(`quality-rule-${rule}`);
const callsTo = (fetchMock: ReturnType<typeof mockApi>, method: string, url: string) =>
  fetchMock.mock.calls.filter(([input, init]) => String(input) === url && init?.method === method);
// A real key press ends with its key up (the input takes one Enter per press).
const pressEnter = (input: HTMLElement) => {
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  fireEvent.keyUp(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
};
const bodyOf = (call: unknown[] | undefined) =>
  JSON.parse(String((call?.[1] as RequestInit | undefined)?.body)) as unknown;

describe('QualityRulesPage', () => {
  it('shows a card per rule with its switch, severity, limit and phrase lists', async () => {
    mockApi({ 'GET /api/quality/rules': { status: 200, body: state } });
    renderWithApp(<QualityRulesPage user={me} />, '/supervisor/quality');
    expect(screen.getByTestId('page-title').textContent).toBe('Quality rules');
    await screen.findByText('Slow first response');
    expect(
      [...document.querySelectorAll('[data-testid^="quality-rule-"]')].map((c) =>
        c.getAttribute('data-testid'),
      ),
    ).toEqual([
      'quality-rule-slow_first_response',
      'quality-rule-slow_reply',
      'quality-rule-long_silence',
      'quality-rule-risky_phrase',
      'quality-rule-shopper_frustration',
      'quality-rule-unanswered_objection',
    ]);
    expect(screen.getByTestId('quality-version').textContent).toMatch(
      /^Version 4, saved by supervisor2 on /,
    );
    const slowReply = within(card('slow_reply'));
    expect(
      slowReply.getByRole('switch', { name: 'Slow reply: on or off' }).getAttribute('aria-checked'),
    ).toBe('true');
    expect((slowReply.getByLabelText('Limit') as HTMLInputElement).value).toBe('180');
    expect(slowReply.getByText('= 3 min')).toBeTruthy();
    const absolute = within(
      screen.getByRole('group', {
        name: 'Absolute claims (advertising law) · Phrases that flag, Chinese chats',
      }),
    );
    expect(absolute.getByText('最好')).toBeTruthy();
    expect(absolute.getByText('第一')).toBeTruthy();
    expect(
      within(
        screen.getByRole('group', {
          name: 'Absolute claims (advertising law) · Exceptions, Chinese chats',
        }),
      ).getByText('第一次'),
    ).toBeTruthy();
    // Nothing changed yet: nothing to save.
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });

  it('saves switches, limits and phrase edits from the version it loaded', async () => {
    const saved: QualityRulesState = { ...state, version: 5, updatedBy: 'supervisor1' };
    const fetchMock = mockApi({
      'GET /api/quality/rules': { status: 200, body: state },
      'PUT /api/quality/rules': () => ({
        status: 200,
        body: {
          ...saved,
          rules: (bodyOf(fetchMock.mock.calls.at(-1)) as { rules: QualityRules }).rules,
        },
      }),
    });
    renderWithApp(<QualityRulesPage user={me} />, '/supervisor/quality');
    await screen.findByText('Slow first response');

    fireEvent.click(screen.getByRole('switch', { name: 'Long silence: on or off' }));
    fireEvent.change(within(card('slow_reply')).getByLabelText('Limit'), {
      target: { value: '120' },
    });
    const zhPhrases = 'Absolute claims (advertising law) · Phrases that flag, Chinese chats';
    const input = screen.getByLabelText(`${zhPhrases}: Type a phrase, press Enter`);
    fireEvent.change(input, { target: { value: '国家级' } });
    pressEnter(input);
    // A phrase already listed is refused, whatever its case or width.
    fireEvent.change(input, { target: { value: '第一' } });
    pressEnter(input);
    expect(within(screen.getByRole('group', { name: zhPhrases })).getByText('国家级')).toBeTruthy();
    expect(await screen.findByText('“第一” is already in this list.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove “最好”' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Count a run of ? or ! as frustration' }));
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsTo(fetchMock, 'PUT', '/api/quality/rules')).toHaveLength(1));
    const puts = callsTo(fetchMock, 'PUT', '/api/quality/rules');
    expect(bodyOf(puts[0])).toEqual({
      version: 4,
      rules: {
        ...rules,
        slow_reply: { ...rules.slow_reply, thresholdSeconds: 120 },
        long_silence: { ...rules.long_silence, enabled: false },
        risky_phrase: {
          ...rules.risky_phrase,
          lists: {
            ...rules.risky_phrase.lists,
            absolute_claims: {
              ...rules.risky_phrase.lists.absolute_claims,
              phrases: { 'zh-CN': ['第一', '国家级'], en: ['the best'] },
            },
          },
        },
        shopper_frustration: {
          ...rules.shopper_frustration,
          repeatedPunctuation: { enabled: false, minRun: 3 },
        },
      },
    });
    await waitFor(() =>
      expect(screen.getByTestId('quality-version').textContent).toMatch(
        /^Version 5, saved by supervisor1/,
      ),
    );
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(
      await screen.findByText('Quality rules saved (version 5).', undefined, { timeout: 3000 }),
    ).toBeTruthy();
  });

  it("shows the server's sentence when a save fails, in Chinese, and reloads after a conflict", async () => {
    await setAppLanguage('zh-CN');
    let conflict = true;
    const newer: QualityRulesState = { ...state, version: 6, updatedBy: 'admin1' };
    const fetchMock = mockApi({
      'GET /api/quality/rules': () => ({ status: 200, body: conflict ? state : newer }),
      'PUT /api/quality/rules': () =>
        conflict
          ? {
              status: 409,
              body: { error: { code: 'E_QUALITY_CONFLICT', message: 'version 6, not 4' } },
            }
          : {
              status: 400,
              body: { error: { code: 'E_VALIDATION', message: 'Invalid input: slow_reply' } },
            },
    });
    renderWithApp(<QualityRulesPage user={me} />, '/supervisor/quality');
    await screen.findByText('首次响应慢');
    fireEvent.click(screen.getByRole('switch', { name: '长时间冷场：启用或停用' }));
    fireEvent.click(screen.getByRole('button', { name: /^保\s?存$/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      '质检规则未保存。 质检规则已被其他人修改并保存，请刷新后重新修改。',
    );

    conflict = false;
    fireEvent.click(within(alert).getByRole('button', { name: '载入最新规则' }));
    await waitFor(() =>
      expect(screen.getByTestId('quality-version').textContent).toMatch(/^版本 6，由 admin1/),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    // The reload dropped the edit: the switch is back on.
    expect(
      screen.getByRole('switch', { name: '长时间冷场：启用或停用' }).getAttribute('aria-checked'),
    ).toBe('true');

    fireEvent.click(screen.getByRole('switch', { name: '回复慢：启用或停用' }));
    fireEvent.click(screen.getByRole('button', { name: /^保\s?存$/ }));
    const invalid = await screen.findByRole('alert');
    expect(invalid.textContent).toContain('Invalid input: slow_reply');
    expect(bodyOf(callsTo(fetchMock, 'PUT', '/api/quality/rules').at(-1))).toMatchObject({
      version: 6,
    });
  });

  it('dry-runs the edited rules with a progress indicator, then shows the counts per rule', async () => {
    const result: QualityDryRunResult = {
      days: 14,
      conversations: 120,
      truncated: false,
      rules: [
        { rule: 'slow_first_response', conversations: 12, flags: 12, currentConversations: 12 },
        { rule: 'slow_reply', conversations: 30, flags: 41, currentConversations: 18 },
        { rule: 'long_silence', conversations: 0, flags: 0, currentConversations: 4 },
        { rule: 'risky_phrase', conversations: 7, flags: 9, currentConversations: 7 },
        { rule: 'shopper_frustration', conversations: 5, flags: 6, currentConversations: 5 },
        { rule: 'unanswered_objection', conversations: 3, flags: 3, currentConversations: 3 },
      ],
    };
    const fetchMock = mockApi({
      'GET /api/quality/rules': { status: 200, body: state },
      'POST /api/quality/dry-run': { status: 200, body: result },
    });
    // Hold the dry run's answer until the test lets it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answer = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (input, init) => {
      if (String(input) === '/api/quality/dry-run') await gate;
      return answer(input, init);
    });

    renderWithApp(<QualityRulesPage user={me} />, '/supervisor/quality');
    await screen.findByText('Slow first response');
    fireEvent.click(screen.getByRole('switch', { name: 'Long silence: on or off' }));
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Period' }));
    fireEvent.click(await screen.findByTitle('Last 14 days'));
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));

    expect((await screen.findByTestId('dry-run-progress')).textContent).toBe(
      'Checking recent conversations…',
    );
    expect(bodyOf(callsTo(fetchMock, 'POST', '/api/quality/dry-run')[0])).toEqual({
      rules: { ...rules, long_silence: { ...rules.long_silence, enabled: false } },
      days: 14,
    });
    release();

    expect((await screen.findByTestId('dry-run-summary')).textContent).toBe(
      '120 conversations closed in the last 14 days checked with the rules as edited above.',
    );
    expect(screen.queryByText('Checking recent conversations…')).toBeNull();
    const row = (rule: string) =>
      [...document.querySelectorAll(`tr[data-row-key="${rule}"] td`)].map((c) => c.textContent);
    expect(row('slow_reply')).toEqual(['Slow reply', '30', '41', '18']);
    expect(row('long_silence')).toEqual(['Long silence', '0', '0', '4']);
  });
});
