// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatRequestError } from '../../chat/chat-socket';
import { SatisfactionPrompt } from './SatisfactionPrompt';
import { widgetText } from './widget-text';

afterEach(cleanup);

describe('SatisfactionPrompt', () => {
  it('sends the star clicked and thanks once a rating is given', async () => {
    const sent: number[] = [];
    const { rerender } = render(
      <SatisfactionPrompt
        text={widgetText('zh-CN')}
        given={null}
        onRate={async (n) => void sent.push(n)}
      />,
    );
    expect(screen.getByText('请为本次服务打个分吧')).toBeTruthy();
    fireEvent.click(screen.getByTestId('widget-star-4'));
    await waitFor(() => expect(sent).toEqual([4]));
    rerender(
      <SatisfactionPrompt text={widgetText('zh-CN')} given={4} onRate={async () => undefined} />,
    );
    expect(screen.getByText('感谢您的评价！')).toBeTruthy();
    expect(screen.getByTestId('widget-star-4').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('widget-star-4').getAttribute('aria-label')).toBe(
      '4 星（满分 5 星） · 满意',
    );
  });

  it("shows a failed rating as a sentence in the shopper's language", async () => {
    render(
      <SatisfactionPrompt
        text={widgetText('en')}
        given={null}
        onRate={() => Promise.reject(new ChatRequestError('E_RATE_LIMITED'))}
      />,
    );
    fireEvent.click(screen.getByTestId('widget-star-2'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(widgetText('en').errorSentence('E_RATE_LIMITED'));
    expect(alert.textContent).not.toMatch(/E_RATE/);
  });
});
