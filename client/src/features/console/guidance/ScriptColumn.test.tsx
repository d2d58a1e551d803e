// @vitest-environment jsdom
import { templateVariables } from '../../../../../shared/domain/template';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationStage } from '../../../../../shared/domain/scripts';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { ProfileResponse } from '../../../../../shared/schemas/profile';
import { setAppLanguage } from '../../../app/i18n';
import { messageView } from '../../../test-utils/fakeChatSocket';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { ConsoleComposer } from '../ConsoleComposer';
import {
  testConversation,
  testConversationId,
  testObjections,
  testScripts,
} from './guidance-fixtures';
import { ScriptColumn } from './ScriptColumn';
import { draftWithScript, keepScriptRef, type ScriptRef } from './script-ref';
import { useScriptPickerItems } from './useScriptPickerItems';

const profile = {
  customer: { id: 'C000007', name: '李雷', tier: 'gold', points: 6120 },
  rfm: null,
  class8: null,
  clv: {
    value: 0,
    profit: 0,
    formula: { en: '', 'zh-CN': '' },
    computation: { en: '', 'zh-CN': '' },
  },
  valueClass: { name: 'ordinary', label: { en: 'Ordinary', 'zh-CN': '普通' }, reasons: [] },
  orders: [],
  personality: {
    name: 'frugal',
    label: { en: 'Frugal', 'zh-CN': '节约俭朴型' },
    advice: { en: '', 'zh-CN': '' },
  },
  notes: '',
  offers: [],
} satisfies ProfileResponse;

const products = [
  {
    sku: 'HUM-001',
    name: { zhCN: '超声波加湿器', en: 'Ultrasonic Humidifier' },
    category: 'humidifier',
    price: 199,
    stock: 12,
    imageUrl: '',
    description: { zhCN: '', en: '' },
  },
];

function api() {
  return mockApi({
    'GET /api/scripts?locale=zh-CN': { status: 200, body: { scripts: testScripts['zh-CN'] } },
    'GET /api/scripts?locale=en': { status: 200, body: { scripts: testScripts.en } },
    [`GET /api/conversations/${testConversationId}/profile`]: { status: 200, body: profile },
    'GET /api/products': { status: 200, body: { products } },
  });
}

const objections = testObjections();
const shopperSays = (text: string): MessageView[] => [messageView(testConversationId, 1, { text })];

/** The console's draft handling around the column and the composer, as ConsolePage does it. */
function Harness({
  messages,
  onSend,
  onStage,
}: {
  messages: MessageView[];
  onSend: (text: string, ref: ScriptRef | null) => void;
  onStage?: (stage: ConversationStage) => void;
}) {
  const [draft, setDraft] = useState('');
  const [ref, setRef] = useState<ScriptRef | null>(null);
  const [stage, setStage] = useState<ConversationStage>('handle_objection');
  const scripts = useScriptPickerItems(testConversation, 'Amy');
  const insert = (choice: {
    scriptId: string;
    scriptVersion: number;
    scriptVariant: string;
    title: string;
    text: string;
  }) => {
    setDraft((d) => draftWithScript(d, ref, choice.text));
    setRef({ ...choice, inserted: choice.text });
  };
  return (
    <>
      <ScriptColumn
        conversation={testConversation}
        messages={messages}
        objections={objections}
        stage={stage}
        onStageChange={(s) => {
          setStage(s);
          onStage?.(s);
        }}
        agentName="Amy"
        onInsert={insert}
      />
      <ConsoleComposer
        value={draft}
        onChange={(value) => {
          setDraft(value);
          setRef((r) => keepScriptRef(r, value));
        }}
        onSend={(text) => onSend(text, keepScriptRef(ref, text))}
        scripts={scripts}
        onInsertScript={(reply) => reply.script && insert({ ...reply.script, text: reply.text })}
        scriptTitle={keepScriptRef(ref, draft)?.title}
      />
    </>
  );
}

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ScriptColumn', () => {
  it('shows the objection, the technique and the best three scripts filled in, missing values marked', async () => {
    api();
    renderWithApp(
      <Harness messages={shopperSays('这个太贵了，能便宜点吗')} onSend={() => undefined} />,
      '/console',
    );
    await waitFor(() => expect(screen.getAllByTestId('suggested-script')).toHaveLength(3));
    await screen.findByText(/超声波加湿器/);

    expect(within(screen.getByTestId('latest-objection')).getByText('Price')).toBeTruthy();
    const ids = screen.getAllByTestId('suggested-script').map((s) => s.dataset.scriptId);
    expect(ids).toEqual(['price-value-per-day', 'price-acknowledge', 'greet-hello']);

    const technique = screen.getByTestId('technique');
    expect(technique.textContent).toContain('Value reframe');
    expect(
      within(technique)
        .getAllByTestId('technique-step')
        .map((s) => s.textContent),
    ).toEqual([
      'Accept: Agree price matters.',
      'Break down: Spread the price over its lifetime or use.',
      'Compare: Set it against the cost of a cheaper option or of doing without.',
    ]);

    const best = screen.getAllByTestId('suggested-script')[0]!;
    expect(best.textContent).toContain('李雷，这款超声波加湿器¥199，用三年摊到每天很少。');
    expect(within(best).getByTestId('missing-value').textContent).toBe('{{offer.validTo}}');
    expect(best.textContent).toContain('Fill in before sending: Offer ends');
    const greeting = screen.getAllByTestId('suggested-script')[2]!;
    expect(greeting.textContent).toContain('李雷您好，我是Amy，欢迎光临');

    await setAppLanguage('zh-CN');
    await screen.findByText('话术引导');
    expect(within(screen.getByTestId('latest-objection')).getByText('价格异议')).toBeTruthy();
    expect(screen.getByTestId('technique').textContent).toContain('价值重塑');
  });

  it('inserts a script by button or Alt+Shift+2, keeps it editable, and sends it with its id and version', async () => {
    api();
    const onSend = vi.fn();
    renderWithApp(<Harness messages={shopperSays('太贵了')} onSend={onSend} />, '/console');
    await screen.findByText(/超声波加湿器/);
    const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;

    fireEvent.click(screen.getAllByTestId('insert-script')[0]!);
    expect(input.value).toMatch(/^李雷，这款超声波加湿器¥199/);
    expect(screen.getByTestId('script-attached').textContent).toContain('按天算更划算');

    fireEvent.keyDown(window, { key: '@', code: 'Digit2', altKey: true, shiftKey: true });
    expect(input.value).toBe('理解您，¥199确实不是小数目。');

    fireEvent.change(input, { target: { value: '理解您，¥199确实不是小数目。今天下单送滤芯。' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenLastCalledWith(
      '理解您，¥199确实不是小数目。今天下单送滤芯。',
      expect.objectContaining({ scriptId: 'price-acknowledge', scriptVersion: 2 }),
    );
    expect(input.value).toBe('');

    // Rewritten from the start: the agent's own message, no script recorded.
    fireEvent.click(screen.getAllByTestId('insert-script')[1]!);
    fireEvent.change(input, { target: { value: '我再帮您问问价格' } });
    expect(screen.queryByTestId('script-attached')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenLastCalledWith('我再帮您问问价格', null);
  });

  it('searches every script in both languages from "/" and inserts the one chosen', async () => {
    api();
    const onSend = vi.fn();
    renderWithApp(<Harness messages={shopperSays('你好')} onSend={onSend} />, '/console');
    await screen.findAllByTestId('suggested-script');
    const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;

    fireEvent.change(input, { target: { value: '/free shipping' } });
    const options = screen.getAllByTestId('canned-option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('/Free shipping over ¥99'),
    ]);
    expect(options[0]!.textContent).toContain('Scripts · English');

    fireEvent.change(input, { target: { value: '/性价比' } });
    expect(screen.getAllByTestId('canned-option')[0]!.textContent).toContain('/按天算更划算');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toMatch(/^李雷，这款超声波加湿器¥199/);
    // The offer's end date was not known: the reply cannot go out with {{offer.validTo}} in it.
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByTestId('unfilled-values').textContent).toContain(
      templateVariables['offer.validTo'].label.en,
    );
    expect(input.value.slice(input.selectionStart, input.selectionEnd)).toBe('{{offer.validTo}}');
    fireEvent.change(input, {
      target: { value: input.value.replace('{{offer.validTo}}', '周日') },
    });
    expect(screen.queryByTestId('unfilled-values')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenLastCalledWith(
      expect.stringMatching(/^李雷/),
      expect.objectContaining({ scriptId: 'price-value-per-day', scriptVersion: 4 }),
    );
  });

  it('lets the agent set the stage by clicking a step', async () => {
    api();
    const onStage = vi.fn();
    renderWithApp(
      <Harness messages={shopperSays('你好')} onSend={() => undefined} onStage={onStage} />,
      '/console',
    );
    await screen.findAllByTestId('suggested-script');
    expect(
      screen.getByText('Find the real objection behind the words and answer that one.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByText('Close'));
    expect(onStage).toHaveBeenCalledWith('close');
    await screen.findByText('Confirm the order, address and payment; no pressure.');
  });

  it('says so in the UI language when the scripts cannot be loaded', async () => {
    await setAppLanguage('zh-CN');
    mockApi({
      'GET /api/scripts?locale=zh-CN': {
        status: 403,
        body: { error: { code: 'E_FORBIDDEN', message: 'x' } },
      },
      'GET /api/scripts?locale=en': { status: 200, body: { scripts: [] } },
      [`GET /api/conversations/${testConversationId}/profile`]: { status: 200, body: profile },
      'GET /api/products': { status: 200, body: { products } },
    });
    renderWithApp(<Harness messages={[]} onSend={() => undefined} />, '/console');
    await screen.findByText(/话术加载失败。/);
  });
});
