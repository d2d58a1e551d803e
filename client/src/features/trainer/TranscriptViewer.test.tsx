// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QualityFlag } from '../../../../shared/schemas/outcome';
import type { Annotation, TranscriptLine } from '../../../../shared/schemas/review';
import { setAppLanguage } from '../../app/i18n';
import { renderWithApp } from '../../test-utils/renderWithApp';
import { TranscriptViewer, VIRTUALISE_FROM, type TranscriptViewerProps } from './TranscriptViewer';

const at = '2026-11-01T09:50:00.000Z';
const lines: TranscriptLine[] = [
  {
    seq: 1,
    author: { kind: 'shopper', name: '买家' },
    // What the server sends: masked, and here with markup a shopper typed.
    text: '<img src=x onerror="alert(1)"> 电话138****5678，地址上海市浦东新区****',
    createdAt: at,
    masked: true,
  },
  {
    seq: 2,
    author: { kind: 'agent', name: '小美' },
    text: '可以全额退款的',
    createdAt: at,
    masked: false,
  },
  {
    seq: 3,
    author: { kind: 'shopper', name: '买家' },
    text: '好的谢谢',
    createdAt: at,
    masked: false,
  },
];
const flags: QualityFlag[] = [
  {
    rule: 'false-promise',
    severity: 'critical',
    reason: {
      'zh-CN': '承诺了不存在的退款政策',
      en: 'Promised a refund policy that does not exist',
    },
    seq: 2,
  },
  {
    rule: 'no-greeting',
    severity: 'info',
    reason: { 'zh-CN': '未问候', en: 'No greeting' },
    seq: null,
  },
];
const note: Annotation = { id: 'n1', seq: 3, text: '结尾可以再推荐滤芯', by: 'trainer1', at };

function renderViewer(props: Partial<TranscriptViewerProps> = {}) {
  return renderWithApp(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 60 }}>
      <TranscriptViewer lines={lines} flags={flags} annotations={[note]} {...props} />
    </VirtuosoMockContext.Provider>,
  );
}
const row = (seq: number) => document.querySelector<HTMLElement>(`[data-seq="${seq}"]`)!;
const lineOf = (seq: number) => row(seq).querySelector<HTMLElement>('[data-transcript-line]')!;

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(cleanup);

describe('TranscriptViewer', () => {
  it('renders masked lines as text, never as markup, and marks them masked', () => {
    renderViewer();
    const text = within(row(1)).getByTestId('line-text');
    expect(text.textContent).toBe(lines[0]!.text);
    expect(document.querySelector('img')).toBeNull();
    expect(within(row(1)).getByText('masked')).toBeTruthy();
    expect(within(row(2)).queryByText('masked')).toBeNull();
  });

  it('highlights a flagged line with its reason; a flag on the whole chat marks no line', () => {
    renderViewer();
    const warning = within(row(2)).getByRole('img', { name: /Quality flag on this line/ });
    expect(warning.getAttribute('aria-label')).toContain(
      'Promised a refund policy that does not exist',
    );
    expect(within(row(1)).queryByRole('img', { name: /Quality flag/ })).toBeNull();
    expect(within(row(3)).queryByRole('img', { name: /Quality flag/ })).toBeNull();
  });

  it('shows notes under the line they are about', () => {
    renderViewer();
    expect(within(row(3)).getByTestId('annotation').textContent).toContain('结尾可以再推荐滤芯');
    expect(within(row(1)).queryByTestId('annotation')).toBeNull();
  });

  it('annotates a clicked line, and the line focused when A is pressed', async () => {
    const onAnnotate = vi.fn(async () => undefined);
    renderViewer({ onAnnotate });

    fireEvent.click(lineOf(2));
    const box = within(row(2)).getByRole('textbox', { name: 'Your note on this line' });
    fireEvent.change(box, { target: { value: '  不能承诺做不到的退款  ' } });
    await act(async () => {
      fireEvent.click(within(row(2)).getByRole('button', { name: 'Save note' }));
    });
    expect(onAnnotate).toHaveBeenCalledWith(2, '不能承诺做不到的退款');
    await waitFor(() => expect(within(row(2)).queryByRole('textbox')).toBeNull());

    lineOf(1).focus();
    fireEvent.keyDown(lineOf(1), { key: 'a' });
    const second = within(row(1)).getByRole('textbox', { name: 'Your note on this line' });
    // Ctrl+Enter saves; an empty note is not sent.
    fireEvent.keyDown(second, { key: 'Enter', ctrlKey: true });
    expect(onAnnotate).toHaveBeenCalledTimes(1);
    fireEvent.change(second, { target: { value: '先确认身份再复述地址' } });
    await act(async () => {
      fireEvent.keyDown(second, { key: 'Enter', ctrlKey: true });
    });
    expect(onAnnotate).toHaveBeenLastCalledWith(1, '先确认身份再复述地址');
  });

  it('moves between lines with the arrow keys and closes the note box with Escape', () => {
    renderViewer({ onAnnotate: vi.fn(async () => undefined) });
    lineOf(1).focus();
    fireEvent.keyDown(lineOf(1), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(lineOf(2));
    fireEvent.keyDown(lineOf(2), { key: 'A' });
    const box = within(row(2)).getByRole('textbox');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(within(row(2)).queryByRole('textbox')).toBeNull();
  });

  it('is read-only without onAnnotate: no note box, no delete button', () => {
    renderViewer();
    fireEvent.click(lineOf(2));
    fireEvent.keyDown(lineOf(2), { key: 'a' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete note' })).toBeNull();
  });

  it('offers to delete a note when the reviewer may', () => {
    const onDeleteAnnotation = vi.fn();
    renderViewer({ onAnnotate: vi.fn(async () => undefined), onDeleteAnnotation });
    fireEvent.click(within(row(3)).getByRole('button', { name: 'Delete note' }));
    expect(onDeleteAnnotation).toHaveBeenCalledWith(note);
  });

  it('renders only the lines in view of a long transcript', () => {
    const long: TranscriptLine[] = Array.from({ length: VIRTUALISE_FROM + 120 }, (_, i) => ({
      seq: i + 1,
      author: { kind: i % 2 ? 'agent' : 'shopper', name: 'x' },
      text: `line ${i + 1}`,
      createdAt: at,
      masked: false,
    }));
    renderViewer({ lines: long, annotations: [] });
    const shown = document.querySelectorAll('[data-transcript-line]').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(long.length);
  });
});
