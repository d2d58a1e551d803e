import type { ObjectionCategory } from './objection-categories';
import { conversationStages, type ConversationStage } from './scripts';

/** What the stage is read from: a message as stored or as presented. */
export interface StageMessage {
  seq: number;
  author: { kind: string };
  offer?: { response?: { value: string } | null } | null;
  /** 'staff': a supervisor's whisper, which the shopper never saw; no signal. */
  visibility?: string | undefined;
}

export interface StageSignalOptions<M extends StageMessage = StageMessage> {
  /** The objection categories a shopper message raises (empty: none). */
  objections?: (message: M) => readonly ObjectionCategory[];
  /** The conversation is closed. */
  closed?: boolean;
}

const order = (stage: ConversationStage) => conversationStages.indexOf(stage);
const later = (a: ConversationStage, b: ConversationStage) => (order(b) > order(a) ? b : a);

/**
 * The conversation stage after `messages` (the ones not looked at yet, in order), starting from
 * `current`. Signals only move the stage forward, never back, so a stage the agent set by hand
 * holds until a later signal:
 * - a shopper message → discover needs;
 * - an offer card from the agent → recommend;
 * - a shopper message raising an objection → handle objections;
 * - an offer the shopper accepted → close;
 * - the conversation closed → after-sales.
 */
export function stageFromSignals<M extends StageMessage>(
  messages: readonly M[],
  current: ConversationStage,
  options: StageSignalOptions<M> = {},
): ConversationStage {
  let stage = current;
  for (const message of messages) {
    if (message.visibility === 'staff') continue;
    if (message.author.kind === 'shopper') {
      stage = later(stage, 'discover');
      if ((options.objections?.(message).length ?? 0) > 0) stage = later(stage, 'handle_objection');
    }
    if (message.offer) {
      if (message.author.kind === 'agent') stage = later(stage, 'recommend');
      if (message.offer.response?.value === 'accepted') stage = later(stage, 'close');
    }
  }
  if (options.closed) stage = later(stage, 'after_sales');
  return stage;
}

/**
 * The objection the shopper raised most recently, looking at their last `lookBack` messages:
 * the strongest category of the newest one that raised any. Null when none did.
 */
export function latestObjection<M extends StageMessage>(
  messages: readonly M[],
  objections: (message: M) => readonly ObjectionCategory[],
  lookBack = 3,
): ObjectionCategory | null {
  let looked = 0;
  for (let i = messages.length - 1; i >= 0 && looked < lookBack; i--) {
    const message = messages[i]!;
    if (message.author.kind !== 'shopper') continue;
    looked++;
    const found = objections(message)[0];
    if (found) return found;
  }
  return null;
}

/** A chat's stage and which signals it has taken in (kept per conversation, see useStage). */
export interface StageState {
  stage: ConversationStage;
  /** Messages up to this seq were looked at. */
  seq: number;
  /** Seqs of offers already seen accepted (an acceptance changes an old message). */
  accepted: number[];
  /** The close was seen. */
  closed: boolean;
}

export const initialStageState: StageState = {
  stage: 'greet',
  seq: 0,
  accepted: [],
  closed: false,
};

const isAccepted = (message: StageMessage) => message.offer?.response?.value === 'accepted';

/**
 * Takes in the signals that came since `state` was made: messages after its seq, offers
 * accepted since, the close. Returns `state` itself when nothing new came.
 */
export function advanceStage<M extends StageMessage>(
  state: StageState,
  messages: readonly M[],
  options: StageSignalOptions<M> = {},
): StageState {
  const seen = new Set(state.accepted);
  const fresh = messages.filter((m) => m.seq > state.seq || (isAccepted(m) && !seen.has(m.seq)));
  const closing = Boolean(options.closed) && !state.closed;
  if (fresh.length === 0 && !closing) return state;
  return {
    stage: stageFromSignals(fresh, state.stage, { ...options, closed: closing }),
    seq: Math.max(state.seq, ...messages.map((m) => m.seq)),
    accepted: messages.filter(isAccepted).map((m) => m.seq),
    closed: state.closed || Boolean(options.closed),
  };
}

/** The agent picked the stage: it holds until the next signal. */
export function setStage(state: StageState, stage: ConversationStage): StageState {
  return { ...state, stage };
}

/**
 * Every stage the signals of a whole conversation pass through, in order (a chat can skip some:
 * an offer straight after the greeting never went through needs discovery).
 */
export function stagesReached<M extends StageMessage>(
  messages: readonly M[],
  options: StageSignalOptions<M> = {},
): ConversationStage[] {
  const reached = new Set<ConversationStage>(['greet']);
  let stage: ConversationStage = 'greet';
  for (const message of messages) {
    stage = stageFromSignals([message], stage, { objections: options.objections });
    reached.add(stage);
    // A signal reaches its own stage even when the chat had moved further (an offer made while
    // handling an objection is still a recommendation).
    if (message.author.kind === 'shopper' && (options.objections?.(message).length ?? 0) > 0)
      reached.add('handle_objection');
    if (message.offer && message.author.kind === 'agent') reached.add('recommend');
    if (message.offer?.response?.value === 'accepted') reached.add('close');
  }
  if (options.closed) reached.add('after_sales');
  return conversationStages.filter((s) => reached.has(s));
}
