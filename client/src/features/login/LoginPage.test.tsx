// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAppLanguage } from '../../app/i18n';
import { mockApi, renderWithApp } from '../../test-utils/renderWithApp';
import { LoginPage } from './LoginPage';

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const field = (autocomplete: string) =>
  document.querySelector(`input[autocomplete="${autocomplete}"]`) as HTMLInputElement;

function signIn(username = 'wang', password = 'secret') {
  fireEvent.change(field('username'), { target: { value: username } });
  fireEvent.change(field('current-password'), { target: { value: password } });
  fireEvent.submit(field('current-password').closest('form') as HTMLFormElement);
}

describe('LoginPage', () => {
  it('focuses the username and posts the credentials as JSON', async () => {
    const fetchMock = mockApi({
      'POST /api/auth/login': {
        status: 200,
        body: { user: { username: 'wang', displayName: '小王', role: 'agent' } },
      },
    });
    renderWithApp(<LoginPage />, '/login');
    expect(screen.getByTestId('page-title').textContent).toBe('Sign in');
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));

    signIn();
    await waitFor(() => expect(screen.getByTestId('current-path').textContent).toBe('/console'));
    const [, init] = fetchMock.mock.calls[0] ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'wang', password: 'secret' });
  });

  it.each([
    ['supervisor', '/supervisor'],
    ['admin', '/supervisor'],
    ['trainer', '/trainer'],
  ])('sends a %s to %s', async (role, path) => {
    mockApi({
      'POST /api/auth/login': {
        status: 200,
        body: { user: { username: 'x', displayName: 'X', role } },
      },
    });
    renderWithApp(<LoginPage />, '/login');
    signIn();
    await waitFor(() => expect(screen.getByTestId('current-path').textContent).toBe(path));
  });

  it.each([
    [
      { status: 401, body: { error: { code: 'E_BAD_CREDENTIALS' } } },
      'Wrong username or password.',
    ],
    [
      { status: 429, body: { error: { code: 'E_RATE_LIMITED' } } },
      'Too many attempts. Please wait a minute and try again.',
    ],
    [
      { status: 418, body: { error: { code: 'E_SOMETHING_NEW' } } },
      'Something went wrong. Please check your connection and try again.',
    ],
    ['network-error' as const, 'Something went wrong. Please check your connection and try again.'],
  ])('explains a failure (%j) in a sentence', async (reply, sentence) => {
    mockApi({ 'POST /api/auth/login': reply });
    renderWithApp(<LoginPage />, '/login');
    signIn();
    expect((await screen.findByTestId('login-error')).textContent).toBe(sentence);
    expect(screen.getByTestId('current-path').textContent).toBe('/login');
  });

  it('says the same in Chinese', async () => {
    mockApi({
      'POST /api/auth/login': { status: 401, body: { error: { code: 'E_BAD_CREDENTIALS' } } },
    });
    await setAppLanguage('zh-CN');
    renderWithApp(<LoginPage />, '/login');
    expect(screen.getByTestId('page-title').textContent).toBe('登录');
    signIn();
    expect((await screen.findByTestId('login-error')).textContent).toBe('用户名或密码错误。');
  });
});
