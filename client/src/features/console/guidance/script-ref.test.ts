import { describe, expect, it } from 'vitest';
import { highlightPieces } from './highlight';
import { draftWithScript, keepScriptRef, type ScriptRef } from './script-ref';
import { insertShortcutIndex } from './shortcuts';

const ref: ScriptRef = {
  scriptId: 'price-acknowledge',
  scriptVersion: 3,
  scriptVariant: 'base',
  title: 'Acknowledge first',
  inserted: 'I hear you, {{product.price}} is a lot. What part of it feels too much?',
};

describe('keepScriptRef', () => {
  it('keeps the script while the draft still opens with it', () => {
    expect(keepScriptRef(ref, ref.inserted)).toBe(ref);
    expect(keepScriptRef(ref, 'I hear you, ¥199 is a lot. What part of it feels too much?')).toBe(
      ref,
    );
    expect(keepScriptRef(ref, `${ref.inserted} Thanks!`)).toBe(ref);
  });

  it('drops it once the opening is rewritten or the box is cleared', () => {
    expect(keepScriptRef(ref, 'I see, {{product.price}} is a lot.')).toBeNull();
    expect(keepScriptRef(ref, '')).toBeNull();
    expect(keepScriptRef(null, 'anything')).toBeNull();
  });
});

describe('draftWithScript', () => {
  it('replaces an empty draft, a / search or an untouched script, and keeps what the agent typed', () => {
    expect(draftWithScript('', null, 'Script')).toBe('Script');
    expect(draftWithScript('/price', null, 'Script')).toBe('Script');
    expect(draftWithScript(ref.inserted, ref, 'Script')).toBe('Script');
    expect(draftWithScript('My own words', ref, 'Script')).toBe('Script\n\nMy own words');
  });
});

describe('insertShortcutIndex', () => {
  const key = (
    code: string,
    mods: Partial<Record<'alt' | 'ctrl' | 'shift' | 'meta', boolean>>,
  ) => ({
    code,
    altKey: !!mods.alt,
    ctrlKey: !!mods.ctrl,
    shiftKey: !!mods.shift,
    metaKey: !!mods.meta,
  });
  it('reads Alt+Shift+1…3 and Ctrl+1…3, leaving Alt+1…3 to the offers', () => {
    expect(insertShortcutIndex(key('Digit1', { alt: true, shift: true }))).toBe(0);
    expect(insertShortcutIndex(key('Digit3', { ctrl: true }))).toBe(2);
    expect(insertShortcutIndex(key('Numpad2', { ctrl: true }))).toBe(1);
    expect(insertShortcutIndex(key('Digit1', { alt: true }))).toBeNull();
    expect(insertShortcutIndex(key('Digit4', { ctrl: true }))).toBeNull();
    expect(insertShortcutIndex(key('Digit1', { ctrl: true, shift: true }))).toBeNull();
    expect(insertShortcutIndex(key('Digit1', {}))).toBeNull();
  });
});

describe('highlightPieces', () => {
  it('cuts the text at the matches, merging overlaps', () => {
    expect(
      highlightPieces('太贵了吧，能便宜点吗', [
        { start: 0, end: 2 },
        { start: 1, end: 3 },
        { start: 5, end: 8 },
      ]),
    ).toEqual([
      { text: '太贵了', matched: true },
      { text: '吧，', matched: false },
      { text: '能便宜', matched: true },
      { text: '点吗', matched: false },
    ]);
    expect(highlightPieces('hello', [])).toEqual([{ text: 'hello', matched: false }]);
  });
});
