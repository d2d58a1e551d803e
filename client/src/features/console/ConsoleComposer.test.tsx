// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAppLanguage } from '../../app/i18n';
import { renderWithApp } from '../../test-utils/renderWithApp';
import { filterCannedReplies, type CannedReply } from './canned-replies';
import { ConsoleComposer } from './ConsoleComposer';

function Harness({ onSend }: { onSend: (text: string) => void }) {
  const [value, setValue] = useState('');
  return <ConsoleComposer value={value} onChange={setValue} onSend={onSend} />;
}

function setup() {
  const onSend = vi.fn();
  renderWithApp(<Harness onSend={onSend} />);
  const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.change(input, { target: { value } });
  const press = (key: string, init: Partial<KeyboardEventInit> = {}) =>
    fireEvent.keyDown(input, { key, ...init });
  const options = () => screen.queryAllByTestId('canned-option');
  const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true');
  return { onSend, input, type, press, options, selected };
}

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(cleanup);

describe('console composer', () => {
  it('sends on Enter, breaks the line on Shift+Enter, and never sends blank', () => {
    const { onSend, input, type, press } = setup();
    type('   ');
    press('Enter');
    expect(onSend).not.toHaveBeenCalled();
    expect((screen.getByTestId('composer-send') as HTMLButtonElement).disabled).toBe(true);

    type('Hello');
    press('Enter', { shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    press('Enter');
    expect(onSend).toHaveBeenCalledWith('Hello');
    expect(input.value).toBe('');
  });

  it('opens quick replies on "/", filters as you type, and inserts with ↑ ↓ Enter', () => {
    const { onSend, input, type, press, options, selected } = setup();
    type('/');
    expect(screen.getByTestId('canned-picker')).toBeTruthy();
    expect(options().length).toBeGreaterThan(3);
    expect(selected()?.textContent).toContain('/Greeting');

    press('ArrowDown');
    expect(selected()?.textContent).toContain('/Checking');
    press('ArrowUp');
    press('ArrowUp'); // wraps around to the last one
    expect(selected()?.textContent).toContain('/Goodbye');

    type('/ship');
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining('/Shipping')]);
    press('Enter');
    expect(onSend).not.toHaveBeenCalled();
    expect(input.value).toMatch(/^We'll ship your order/);
    expect(screen.queryByTestId('canned-picker')).toBeNull();

    press('Enter');
    expect(onSend).toHaveBeenCalledWith(expect.stringMatching(/^We'll ship your order/));
  });

  it('closes the list on Esc and then sends the text as typed', () => {
    const { onSend, type, press } = setup();
    type('/nothing-like-this');
    expect(screen.getByText('No quick reply matches')).toBeTruthy();
    press('Escape');
    expect(screen.queryByTestId('canned-picker')).toBeNull();
    press('Enter');
    expect(onSend).toHaveBeenCalledWith('/nothing-like-this');
  });

  it('inserts a reply clicked with the mouse', () => {
    const { input, type } = setup();
    type('/any');
    fireEvent.click(screen.getAllByTestId('canned-option')[0]!);
    expect(input.value).toBe('Is there anything else I can help you with?');
  });

  it('shows the replies in Chinese and finds them by Chinese words', async () => {
    await setAppLanguage('zh-CN');
    const { input, type, press, options } = setup();
    type('/发货');
    expect(options()).toHaveLength(1);
    press('Tab');
    expect(input.value).toContain('安排发货');
  });
});

describe('filterCannedReplies', () => {
  const replies: CannedReply[] = [
    { id: 'greeting', label: 'Greeting', text: 'Hi there!' },
    { id: 'goodbye', label: 'Goodbye', text: 'Thanks, bye. Greeting again soon' },
  ];

  it('puts replies whose label starts with the query first', () => {
    expect(filterCannedReplies(replies, 'greet').map((r) => r.id)).toEqual(['greeting', 'goodbye']);
    expect(filterCannedReplies(replies, 'GOOD bye').map((r) => r.id)).toEqual(['goodbye']);
    expect(filterCannedReplies(replies, '')).toHaveLength(2);
  });
});
