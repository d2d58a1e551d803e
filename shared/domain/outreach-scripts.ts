/** A library script as the outreach composer weighs it. */
export interface OutreachScriptCandidate {
  id: string;
  locale: string;
  scenario: string;
  stage: string;
}

/**
 * The scripts offered for an outreach, best first: only the task's scenario (a 催付 task gets
 * the payment-reminder scripts), one per id in the chat's language where both exist; those
 * whose every value is known (`missing(script)` = 0) before those that would go out with gaps;
 * then opening lines (stage 'close' or 'after_sales') before objection answers, which fit a
 * reply rather than a first message; then library order.
 */
export function rankOutreachScripts<S extends OutreachScriptCandidate>(
  scripts: readonly S[],
  context: { scenario: string; locale: string; missing: (script: S) => number },
  limit = 3,
): S[] {
  const byId = new Map<string, S>();
  for (const script of scripts) {
    if (script.scenario !== context.scenario) continue;
    const seen = byId.get(script.id);
    if (!seen || (seen.locale !== context.locale && script.locale === context.locale))
      byId.set(script.id, script);
  }
  const opener = (s: S) => (s.stage === 'handle_objection' ? 1 : 0);
  return [...byId.values()]
    .map((script, index) => ({
      script,
      index,
      gaps: context.missing(script) > 0 ? 1 : 0,
      opener: opener(script),
    }))
    .sort((a, b) => a.gaps - b.gaps || a.opener - b.opener || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.script);
}
