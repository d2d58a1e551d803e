import type { ApiError } from './errors';
import type { MessageView } from './schemas/chat';
import type { ConversationView } from './schemas/conversation';

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
}
