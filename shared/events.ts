import type { ApiError } from './errors';
import type { MessageView } from './schemas/chat';
import type { ConversationView } from './schemas/conversation';
import type { OfferResponseValue, OfferUpdate } from './schemas/offer-card';

/** Every acknowledged event answers with exactly this shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckFn<T> = (response: Ack<T>) => void;

export interface ClientToServerEvents {
  'conversation:open': (payload: unknown, ack: AckFn<{ conversation: ConversationView }>) => void;
  'conversation:claim': (payload: unknown, ack: AckFn<{ conversation: ConversationView }>) => void;
  'conversation:transfer': (
    payload: unknown,
    ack: AckFn<{ conversation: ConversationView }>,
  ) => void;
  'conversation:close': (payload: unknown, ack: AckFn<{ conversation: ConversationView }>) => void;
  /** The shopper's 1–5 rating of their closed chat. */
  'conversation:rate': (payload: unknown, ack: AckFn<{ conversation: ConversationView }>) => void;
  'conversation:list': (
    payload: unknown,
    ack: AckFn<{ mine: ConversationView[]; queue: ConversationView[] }>,
  ) => void;
  'message:send': (
    payload: unknown,
    ack: AckFn<{ message: MessageView; duplicate: boolean }>,
  ) => void;
  'message:resync': (payload: unknown, ack: AckFn<{ messages: MessageView[] }>) => void;
  'message:read': (payload: unknown, ack: AckFn<null>) => void;
  'agent:status': (payload: unknown, ack: AckFn<{ status: string }>) => void;
  'offer:send': (
    payload: unknown,
    ack: AckFn<{ message: MessageView; duplicate: boolean }>,
  ) => void;
  'offer:respond': (
    payload: unknown,
    ack: AckFn<{ response: { value: OfferResponseValue; at: string } }>,
  ) => void;
  /** Supervisors' live monitor (shared/schemas/monitor.ts); others get E_FORBIDDEN. */
  'monitor:watch': (payload: unknown, ack: AckFn<{ messages: MessageView[] }>) => void;
  'monitor:unwatch': (payload: unknown, ack: AckFn<null>) => void;
  'monitor:whisper': (
    payload: unknown,
    ack: AckFn<{ message: MessageView; duplicate: boolean }>,
  ) => void;
  'monitor:takeover': (payload: unknown, ack: AckFn<{ conversation: ConversationView }>) => void;
  /** Volatile, unacknowledged. */
  typing: (payload: unknown) => void;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageView) => void;
  'conversation:updated': (conversation: ConversationView) => void;
  'queue:changed': (summary: { waiting: number }) => void;
  typing: (payload: {
    conversationId: string;
    author: { kind: string; name: string };
    isTyping: boolean;
  }) => void;
  read: (payload: { conversationId: string; by: 'shopper' | 'agent'; seq: number }) => void;
  'offer:updated': (update: OfferUpdate) => void;
  /** To supervisors: the queue, an assignment or an agent's status/load changed; refetch. */
  'monitor:changed': (payload: { at: string }) => void;
}
