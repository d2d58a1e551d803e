import { parseTemplate, type TemplateVariable } from '../../../../../shared/domain/template';

/**
 * The script values still written as `{{name}}` in a reply: they were missing when the script
 * was inserted and the agent has not filled them in. Text that is not a valid template (an
 * agent typing braces of their own) has none.
 */
export function unfilledVariables(text: string): TemplateVariable[] {
  if (!text.includes('{{')) return [];
  const parsed = parseTemplate(text);
  if (!parsed.ok) return [];
  const names = parsed.parts.flatMap((p) => (p.kind === 'variable' ? [p.name] : []));
  return [...new Set(names)];
}

/** Selects the first `{{…}}` in the box, so typing replaces it. */
export function selectFirstPlaceholder(
  textarea: { focus(): void; setSelectionRange(start: number, end: number): void } | undefined,
  text: string,
): void {
  const start = text.indexOf('{{');
  const end = text.indexOf('}}', start);
  if (!textarea || start < 0 || end < 0) return;
  textarea.focus();
  textarea.setSelectionRange(start, end + 2);
}
