// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type { Script } from '../../../../../shared/schemas/script';
import { setAppLanguage } from '../../../app/i18n';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { ScriptsPage } from './ScriptsPage';
import type { LibraryScript, ScriptView } from './scripts-api';

const me: StaffUser = { username: 'supervisor1', displayName: '王主管 Wang', role: 'supervisor' };

const gift: Script = {
  id: 'price-gift',
  locale: 'en',
  scenario: 'bargaining',
  stage: 'handle_objection',
  objection: 'price',
  technique: 'gift_not_discount',
  personalities: ['frugal'],
  title: 'Gift instead of discount',
  text: 'Hi {{customer.name}}, {{product.name}} is already at its lowest price.',
  variants: [],
  tags: ['price'],
};
const hello: Script = {
  id: 'hello',
  locale: 'zh-CN',
  scenario: 'greeting',
  stage: 'greet',
  technique: 'plain',
  personalities: [],
  title: '欢迎语',
  text: '您好，我是{{agent.name}}',
  variants: [],
  tags: [],
};
const library: LibraryScript[] = [
  { ...gift, version: 2 },
  { ...hello, version: 1 },
];
const view: ScriptView = {
  locale: 'en',
  id: 'price-gift',
  draft: null,
  draftUpdatedBy: null,
  draftUpdatedAt: null,
  publishedVersion: 2,
  published: gift,
  latestVersion: 2,
  versions: [
    {
      version: 1,
      publishedBy: 'library',
      publishedAt: '2025-01-01T08:00:00.000Z',
      note: 'seed',
      rolledBackFrom: null,
    },
    {
      version: 2,
      publishedBy: 'supervisor1',
      publishedAt: '2025-02-01T08:00:00.000Z',
      note: 'warmer',
      rolledBackFrom: null,
    },
  ],
};
const path = '/api/scripts/en/price-gift';

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const callsTo = (fetchMock: ReturnType<typeof mockApi>, method: string, url: string) =>
  fetchMock.mock.calls.filter(([input, init]) => String(input) === url && init?.method === method);
const bodyOf = (call: unknown[] | undefined) =>
  JSON.parse(String((call?.[1] as RequestInit | undefined)?.body)) as unknown;
const row = (key: string) => {
  const found = document.querySelector<HTMLElement>(`tr[data-row-key="${key}"]`);
  if (!found) throw new Error(`no row for ${key}`);
  return found;
};
const cells = (key: string) => [...row(key).querySelectorAll('td')].map((c) => c.textContent);

async function choose(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('input') ?? select);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (o) => o.getAttribute('title') === label || o.textContent === label,
    );
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  fireEvent.click(option);
}

async function openEditor() {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit Gift instead of discount' }));
  return screen.findByLabelText('Script text');
}

describe('ScriptsPage', () => {
  it('lists the library and asks the server again with each filter and the search', async () => {
    const fetchMock = mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      'GET /api/scripts?locale=en': { status: 200, body: { scripts: [library[0]] } },
      'GET /api/scripts?locale=en&scenario=bargaining': {
        status: 200,
        body: { scripts: [library[0]] },
      },
      'GET /api/scripts?locale=en&scenario=bargaining&objection=price': {
        status: 200,
        body: { scripts: [library[0]] },
      },
      'GET /api/scripts?locale=en&scenario=bargaining&objection=price&q=lowest': {
        status: 200,
        body: { scripts: [library[0]] },
      },
    });
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    expect(screen.getByTestId('page-title').textContent).toBe('Script library');
    await waitFor(() => row('en/price-gift'));
    expect(cells('en/price-gift').slice(0, 8)).toEqual([
      'Gift instead of discount',
      'Bargaining',
      'Handle objections',
      'Price',
      'Gift instead of discount',
      'Frugal',
      'v2',
      '',
    ]);
    expect(cells('zh-CN/hello')[3]).toBe('—');
    expect(cells('zh-CN/hello')[5]).toBe('Any shopper');

    await choose('filter-locale', 'English');
    await waitFor(() =>
      expect(document.querySelector('tr[data-row-key="zh-CN/hello"]')).toBeNull(),
    );
    await choose('filter-scenario', 'Bargaining');
    await choose('filter-objection', 'Price');
    const search = screen.getByRole('searchbox', { name: 'Search titles and texts' });
    fireEvent.change(search, { target: { value: 'lowest' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() =>
      expect(
        callsTo(
          fetchMock,
          'GET',
          '/api/scripts?locale=en&scenario=bargaining&objection=price&q=lowest',
        ),
      ).toHaveLength(1),
    );
  });

  it('previews the text with example values as it is edited', async () => {
    mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      [`GET ${path}`]: { status: 200, body: { script: view } },
    });
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    const text = await openEditor();
    const preview = await screen.findByTestId('script-preview');
    expect(preview.textContent).toBe(
      'Hi Lily, Ultrasonic Humidifier 4L is already at its lowest price.',
    );
    fireEvent.change(text, { target: { value: 'Thanks {{agent.name}} from {{shop.name}}!' } });
    await waitFor(() =>
      expect(screen.getByTestId('script-preview').textContent).toBe(
        'Thanks Amy from Breeze Home Appliances!',
      ),
    );
    expect(preview.querySelector('mark[data-variable="shop.name"]')).toBeTruthy();
  });

  it('explains an unknown variable and refuses to save before any request', async () => {
    const fetchMock = mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      [`GET ${path}`]: { status: 200, body: { script: view } },
    });
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    const text = await openEditor();
    fireEvent.change(text, { target: { value: 'Hi {{customer.nmae}}' } });
    expect(
      await screen.findByText(
        '"customer.nmae" is not one of the variables a script may use. Did you mean "customer.name"?',
      ),
    ).toBeTruthy();
    const unknown = screen.getByTestId('script-preview').querySelector('mark[data-unknown]');
    expect(unknown?.textContent).toBe('{{customer.nmae}}');
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method !== 'GET')).toHaveLength(0);
  });

  it('saves the draft with PUT, then publishes it with the note', async () => {
    const edited = { ...gift, text: 'Hi {{customer.name}}, a gift for you!' };
    const drafted: ScriptView = {
      ...view,
      draft: edited,
      draftUpdatedBy: 'supervisor1',
      draftUpdatedAt: '2025-03-01T08:00:00.000Z',
    };
    const v3 = {
      version: 3,
      publishedBy: 'supervisor1',
      publishedAt: '2025-03-01T09:00:00.000Z',
      note: 'gift wording',
      rolledBackFrom: null,
    };
    const fetchMock = mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      [`GET ${path}`]: { status: 200, body: { script: view } },
      [`PUT ${path}/draft`]: { status: 200, body: { script: drafted } },
      [`POST ${path}/publish`]: {
        status: 201,
        body: {
          script: {
            ...view,
            published: edited,
            publishedVersion: 3,
            latestVersion: 3,
            versions: [...view.versions, v3],
          },
          version: v3,
        },
      },
    });
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    const text = await openEditor();
    fireEvent.change(text, { target: { value: edited.text } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(callsTo(fetchMock, 'PUT', `${path}/draft`)).toHaveLength(1));
    const { locale: _l, id: _i, ...body } = edited;
    expect(bodyOf(callsTo(fetchMock, 'PUT', `${path}/draft`)[0])).toEqual(body);
    await screen.findByText(/Draft saved by supervisor1/);
    await waitFor(() => expect(within(row('en/price-gift')).getByText('Draft')).toBeTruthy());

    fireEvent.change(screen.getByLabelText('Note for this version (optional)'), {
      target: { value: 'gift wording' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', `${path}/publish`)).toHaveLength(1));
    expect(bodyOf(callsTo(fetchMock, 'POST', `${path}/publish`)[0])).toEqual({
      note: 'gift wording',
    });
    // The draft was saved already: no second PUT.
    expect(callsTo(fetchMock, 'PUT', `${path}/draft`)).toHaveLength(1);
  });

  it('compares a version and rolls back after confirming', async () => {
    const v3 = {
      version: 3,
      publishedBy: 'supervisor1',
      publishedAt: '2025-03-01T09:00:00.000Z',
      note: null,
      rolledBackFrom: 1,
    };
    const fetchMock = mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      [`GET ${path}`]: { status: 200, body: { script: view } },
      [`GET ${path}/diff?from=1&to=2`]: {
        status: 200,
        body: {
          from: 1,
          to: 2,
          changes: [
            { field: 'title', before: 'Old title', after: 'Gift instead of discount' },
            {
              field: 'text',
              before: 'Hello',
              after: 'Hi',
              lines: [
                { op: 'removed', text: 'Hello' },
                { op: 'added', text: 'Hi' },
              ],
            },
          ],
        },
      },
      [`POST ${path}/rollback`]: {
        status: 201,
        body: {
          script: {
            ...view,
            publishedVersion: 3,
            latestVersion: 3,
            versions: [...view.versions, v3],
          },
          version: v3,
        },
      },
    });
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    await openEditor();
    const v1 = await screen.findByTestId('version-1');
    expect(within(v1).getByText('seed')).toBeTruthy();
    fireEvent.click(within(v1).getByRole('button', { name: 'Compare with current' }));
    const diff = await screen.findByTestId('script-diff');
    await within(diff).findByText('Old title');
    expect(diff.querySelector('[data-op="removed"]')?.textContent).toBe('- Hello');
    expect(diff.querySelector('[data-op="added"]')?.textContent).toBe('+ Hi');

    fireEvent.click(within(v1).getByRole('button', { name: 'Roll back to this version' }));
    expect(
      await screen.findByText('Roll back to version 1? It will be published as a new version.'),
    ).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `${path}/rollback`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', `${path}/rollback`)).toHaveLength(1));
    expect(bodyOf(callsTo(fetchMock, 'POST', `${path}/rollback`)[0])).toEqual({ version: 1 });
    expect(await screen.findByText('Rolled back from version 1')).toBeTruthy();
  });

  it('speaks Chinese: columns, labels, buttons and server errors', async () => {
    mockApi({
      'GET /api/scripts': { status: 200, body: { scripts: library } },
      [`GET ${path}`]: { status: 200, body: { script: view } },
      [`PUT ${path}/draft`]: {
        status: 422,
        body: { error: { code: 'E_SCRIPT_TEMPLATE', message: 'bad template' } },
      },
    });
    await setAppLanguage('zh-CN');
    renderWithApp(<ScriptsPage user={me} />, '/supervisor/scripts');
    expect(screen.getByTestId('page-title').textContent).toBe('话术库');
    await waitFor(() => row('zh-CN/hello'));
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      '标题',
      '场景',
      '销售阶段',
      '异议类型',
      '话术技巧',
      '适用顾客类型',
      '版本',
      '草稿',
      '操作',
    ]);
    expect(cells('en/price-gift').slice(1, 6)).toEqual([
      '议价',
      '处理异议',
      '价格异议',
      '送赠品不降价',
      '节约俭朴型',
    ]);
    fireEvent.click(screen.getByRole('button', { name: '编辑Gift instead of discount' }));
    await screen.findByLabelText('话术内容');
    expect(screen.getByTestId('script-preview').textContent).toBe(
      'Hi 小林, 超声波加湿器 4L is already at its lowest price.',
    );
    expect(screen.getByRole('button', { name: '保存草稿' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '发 布' }) ?? null).toBeTruthy();
    expect(screen.getByText('版本记录')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    expect((await screen.findByTestId('script-form-error')).textContent).toBe(
      '话术内容使用了不允许的变量或标记，请只使用列表中的变量。',
    );
  });
});
