// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../shared/schemas/auth';
import type { StaffView } from '../../../../shared/schemas/staff';
import { setAppLanguage } from '../../app/i18n';
import { mockApi, renderWithApp } from '../../test-utils/renderWithApp';
import { AdminStaffPage } from './AdminStaffPage';

const me: StaffUser = { username: 'admin1', displayName: '管理员 Admin', role: 'admin' };

const staff: StaffView[] = [
  {
    username: 'admin1',
    displayName: '管理员 Admin',
    role: 'admin',
    skills: ['zh-CN', 'en'],
    maxConcurrentChats: 8,
    active: true,
  },
  {
    username: 'agent1',
    displayName: '小美 Mei',
    role: 'agent',
    skills: ['zh-CN', 'humidifier'],
    maxConcurrentChats: 6,
    active: true,
  },
  {
    username: 'trainer1',
    displayName: '林老师 Lin',
    role: 'trainer',
    skills: [],
    maxConcurrentChats: 1,
    active: false,
  },
];

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const row = (username: string) => {
  const found = document.querySelector<HTMLElement>(`tr[data-row-key="${username}"]`);
  if (!found) throw new Error(`no row for ${username}`);
  return found;
};
const cells = (username: string) =>
  [...row(username).querySelectorAll('td')].map((cell) => cell.textContent);
const bodyOf = (call: unknown[] | undefined) =>
  JSON.parse(String((call?.[1] as RequestInit | undefined)?.body)) as unknown;
const callsTo = (fetchMock: ReturnType<typeof mockApi>, method: string, url: string) =>
  fetchMock.mock.calls.filter(([input, init]) => String(input) === url && init?.method === method);

async function openCreateForm() {
  fireEvent.click(await screen.findByRole('button', { name: /New account/ }));
  const username = await screen.findByLabelText('Username');
  await waitFor(() => expect(document.activeElement).toBe(username));
}

function typeInto(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function chooseOption(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
}

describe('AdminStaffPage', () => {
  it('lists every account with its role, skills, capacity and status', async () => {
    mockApi({ 'GET /api/admin/staff': { status: 200, body: { staff } } });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');

    expect(screen.getByTestId('page-title').textContent).toBe('Staff accounts');
    await screen.findByText('小美 Mei');
    expect(cells('agent1').slice(0, 5)).toEqual([
      'agent1',
      '小美 Mei',
      'Agent',
      'zh-CNhumidifier',
      '6',
    ]);
    expect(cells('admin1').slice(0, 3)).toEqual(['admin1You', '管理员 Admin', 'Administrator']);
    expect(cells('trainer1').slice(2, 5)).toEqual(['Trainer', 'None', '1']);
    const status = (username: string) =>
      within(row(username)).getByRole('switch').getAttribute('aria-checked');
    expect([status('admin1'), status('agent1'), status('trainer1')]).toEqual([
      'true',
      'true',
      'false',
    ]);
    // The header links admins to this page, marked as the current one.
    const nav = screen.getByRole('navigation', { name: 'Staff pages' });
    expect(
      within(nav)
        .getByRole('link', { name: /Staff accounts/ })
        .getAttribute('href'),
    ).toBe('/admin');
    expect(within(nav).getByRole('link').getAttribute('aria-current')).toBe('page');
  });

  it('says in the user language why the list failed, and retries', async () => {
    let up = false;
    const fetchMock = mockApi({
      'GET /api/admin/staff': () =>
        up
          ? { status: 200, body: { staff } }
          : { status: 403, body: { error: { code: 'E_FORBIDDEN', message: 'Forbidden' } } },
    });
    await setAppLanguage('zh-CN');
    renderWithApp(<AdminStaffPage user={me} />, '/admin');

    await screen.findByText('员工账号加载失败。');
    expect(screen.getByText('您没有执行此操作的权限。')).toBeTruthy();
    up = true;
    fireEvent.click(screen.getByRole('button', { name: /^重\s?试$/ }));
    await screen.findByText('小美 Mei');
    expect(callsTo(fetchMock, 'GET', '/api/admin/staff')).toHaveLength(2);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      '用户名',
      '显示名称',
      '角色',
      '技能',
      '接待上限',
      '状态',
      '操作',
    ]);
  });

  it('creates an account: posts the normalized JSON, then shows the new row', async () => {
    const created: StaffView = {
      username: 'li.na',
      displayName: 'Li Na',
      role: 'supervisor',
      skills: ['zh-CN', 'en'],
      maxConcurrentChats: 5,
      active: true,
    };
    let list = staff;
    const fetchMock = mockApi({
      'GET /api/admin/staff': () => ({ status: 200, body: { staff: list } }),
      'POST /api/admin/staff': () => {
        list = [...staff, created];
        return { status: 201, body: { staff: created } };
      },
    });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');
    await screen.findByText('小美 Mei');

    await openCreateForm();
    typeInto('Username', ' Li.Na ');
    typeInto('Display name', 'Li Na ');
    await chooseOption('Role', 'Supervisor');
    typeInto('Password', 'correct-horse');
    typeInto('Skills', 'zh-CN,en,');
    typeInto('Max concurrent chats', '5');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/admin/staff')).toHaveLength(1));
    expect(bodyOf(callsTo(fetchMock, 'POST', '/api/admin/staff')[0])).toEqual({
      username: 'li.na',
      displayName: 'Li Na',
      role: 'supervisor',
      password: 'correct-horse',
      skills: ['zh-CN', 'en'],
      maxConcurrentChats: 5,
    });
    await waitFor(() =>
      expect(cells('li.na').slice(0, 5)).toEqual(['li.na', 'Li Na', 'Supervisor', 'zh-CNen', '5']),
    );
  });

  it("checks the schema's rules before sending anything", async () => {
    const fetchMock = mockApi({ 'GET /api/admin/staff': { status: 200, body: { staff } } });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');
    await screen.findByText('小美 Mei');

    await openCreateForm();
    typeInto('Username', 'Agent1');
    typeInto('Password', 'short');
    typeInto('Skills', '售后,');
    fireEvent.submit(screen.getByTestId('create-staff-form'));

    expect(await screen.findByText('This username is already taken.')).toBeTruthy();
    expect(screen.getByText('Please enter a display name.')).toBeTruthy();
    expect(screen.getByText('Use at least 10 characters.')).toBeTruthy();
    expect(
      screen.getByText(
        'The skill “售后” may only use letters, digits, hyphens (-) and underscores (_).',
      ),
    ).toBeTruthy();

    typeInto('Username', 'a b');
    expect(
      await screen.findByText(
        'Use only letters, digits, dots (.), hyphens (-) and underscores (_).',
      ),
    ).toBeTruthy();
    typeInto('Username', 'ab');
    expect(await screen.findByText('Use 3–32 characters.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/admin/staff')).toHaveLength(0);
  });

  it.each([
    ['The username wang is taken.', 'The username wang is already taken. Please choose another.'],
    [
      'Invalid input: skills.0: letters, digits, - and _ only',
      'Some of the information is not valid. Please check it and try again.Invalid input: skills.0: letters, digits, - and _ only',
    ],
  ])('shows the server refusing a new account (%s)', async (message, shown) => {
    mockApi({
      'GET /api/admin/staff': { status: 200, body: { staff } },
      'POST /api/admin/staff': { status: 400, body: { error: { code: 'E_VALIDATION', message } } },
    });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');
    await screen.findByText('小美 Mei');

    await openCreateForm();
    typeInto('Username', 'wang');
    typeInto('Display name', '王 Wang');
    typeInto('Password', 'correct-horse');
    fireEvent.submit(screen.getByTestId('create-staff-form'));

    expect((await screen.findByTestId('staff-form-error')).textContent).toBe(shown);
    expect(document.querySelector('tr[data-row-key="wang"]')).toBeNull();
  });

  it('keeps the signed-in admin from deactivating or demoting themself', async () => {
    const fetchMock = mockApi({
      'GET /api/admin/staff': { status: 200, body: { staff } },
      'PATCH /api/admin/staff/admin1': {
        status: 200,
        body: { staff: { ...staff[0], displayName: 'Admin' } },
      },
    });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');
    await screen.findByText('小美 Mei');

    const own = within(row('admin1')).getByRole('switch');
    expect(own).toHaveProperty('disabled', true);
    expect(within(row('agent1')).getByRole('switch')).toHaveProperty('disabled', false);
    fireEvent.click(own);

    fireEvent.click(screen.getByRole('button', { name: 'Edit 管理员 Admin' }));
    const displayName = await screen.findByLabelText('Display name');
    await waitFor(() => expect(document.activeElement).toBe(displayName));
    expect(screen.getByLabelText('Role')).toHaveProperty('disabled', true);
    expect(screen.getByLabelText('Account active')).toHaveProperty('disabled', true);
    expect(screen.getByText("You can't deactivate your own account.")).toBeTruthy();

    typeInto('Display name', 'Admin');
    fireEvent.submit(screen.getByTestId('edit-staff-form'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PATCH', '/api/admin/staff/admin1')).toHaveLength(1),
    );
    // The clicked switch sent nothing; the save sends the name alone.
    expect(bodyOf(callsTo(fetchMock, 'PATCH', '/api/admin/staff/admin1')[0])).toEqual({
      displayName: 'Admin',
    });
  });

  it('deactivates someone else after asking, and edits skills, capacity and password', async () => {
    const fetchMock = mockApi({
      'GET /api/admin/staff': { status: 200, body: { staff } },
      'PATCH /api/admin/staff/agent1': { status: 200, body: { staff: staff[1] } },
    });
    renderWithApp(<AdminStaffPage user={me} />, '/admin');
    await screen.findByText('小美 Mei');

    fireEvent.click(within(row('agent1')).getByRole('switch'));
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PATCH', '/api/admin/staff/agent1')).toHaveLength(1),
    );
    expect(bodyOf(callsTo(fetchMock, 'PATCH', '/api/admin/staff/agent1')[0])).toEqual({
      active: false,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Edit 小美 Mei' }));
    await screen.findByLabelText('Display name');
    await chooseOption('Role', 'Supervisor');
    typeInto('Max concurrent chats', '12');
    typeInto('Reset password', 'new-password-1');
    fireEvent.submit(screen.getByTestId('edit-staff-form'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PATCH', '/api/admin/staff/agent1')).toHaveLength(2),
    );
    expect(bodyOf(callsTo(fetchMock, 'PATCH', '/api/admin/staff/agent1')[1])).toEqual({
      role: 'supervisor',
      maxConcurrentChats: 12,
      password: 'new-password-1',
    });
  });
});
