import { describe, expect, it } from 'vitest';
import { rankOutreachScripts } from './outreach-scripts';

const s = (id: string, stage: string, locale = 'zh-CN', scenario = 'payment_reminder') => ({
  id,
  stage,
  locale,
  scenario,
});

describe('rankOutreachScripts', () => {
  it('offers the scenario’s complete opening lines first, then gaps, then objection answers', () => {
    const library = [
      s('greet', 'greet', 'zh-CN', 'greeting'), // another scenario: never offered
      s('pay-gentle', 'close'), // missing product.name
      s('pay-deadline', 'close'), // missing offer.validTo
      s('pay-explore', 'handle_objection'), // complete, but answers an objection
      s('pay-auto-close', 'close'), // complete opener
      s('pay-gentle', 'close', 'en'), // same id in English: the chat is zh-CN
    ];
    const missing = new Set(['pay-gentle', 'pay-deadline']);
    const ranked = rankOutreachScripts(library, {
      scenario: 'payment_reminder',
      locale: 'zh-CN',
      missing: (script) => (missing.has(script.id) ? 1 : 0),
    });
    // Complete: pay-auto-close (opener) before pay-explore (objection); then the first with gaps.
    expect(ranked.map((x) => x.id)).toEqual(['pay-auto-close', 'pay-explore', 'pay-gentle']);
    expect(ranked[2]!.locale).toBe('zh-CN');
  });

  it('falls back to the other language when the chat’s has no such script', () => {
    const ranked = rankOutreachScripts([s('only-en', 'close', 'en')], {
      scenario: 'payment_reminder',
      locale: 'zh-CN',
      missing: () => 0,
    });
    expect(ranked.map((x) => `${x.id}/${x.locale}`)).toEqual(['only-en/en']);
  });
});
