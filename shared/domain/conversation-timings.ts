import type { OutcomeTimings } from '../schemas/outcome';

export interface TimedMessage {
  author: { kind: 'shopper' | 'agent' | 'system' };
  createdAt: Date;
  /** 'staff': a supervisor's whisper, not part of the conversation with the shopper. */
  visibility?: string | undefined;
}

/**
 * The timings a conversation adds to the service KPIs, from its messages in order:
 * - first response: the first shopper message → the first agent message after it;
 * - response time: each shopper turn the agent answered, from the turn's first message (the
 *   shopper may write several before a reply) to the reply; a turn left unanswered at close
 *   counts nowhere here (the quality checks flag it);
 * - handle time: assigned → closed.
 * System messages and whispers are left out.
 */
export function conversationTimings(
  messages: readonly TimedMessage[],
  span: { assignedAt: Date | null; closedAt: Date },
): OutcomeTimings {
  let shopperMessages = 0;
  let agentMessages = 0;
  let firstShopperAt: number | null = null;
  let firstResponseMs: number | null = null;
  let waitingSince: number | null = null;
  let responseMsTotal = 0;
  let responses = 0;
  for (const message of messages) {
    if (message.visibility === 'staff') continue;
    const at = message.createdAt.getTime();
    if (message.author.kind === 'shopper') {
      shopperMessages++;
      firstShopperAt ??= at;
      waitingSince ??= at;
    } else if (message.author.kind === 'agent') {
      agentMessages++;
      if (waitingSince !== null) {
        const took = Math.max(0, at - waitingSince);
        if (firstResponseMs === null && firstShopperAt !== null) firstResponseMs = took;
        responseMsTotal += took;
        responses++;
        waitingSince = null;
      }
    }
  }
  const handleMs =
    span.assignedAt === null
      ? null
      : Math.max(0, span.closedAt.getTime() - span.assignedAt.getTime());
  return {
    shopperMessages,
    agentMessages,
    firstResponseMs,
    responseMsTotal,
    responses,
    handleMs,
  };
}
