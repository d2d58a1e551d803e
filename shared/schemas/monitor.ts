import { z } from 'zod';
import { clientIdSchema, conversationIdSchema, messageTextSchema } from './chat';
import { conversationViewSchema } from './conversation';

/*
 * The supervisors' live monitor: GET /api/monitor (a snapshot) and the socket events
 * monitor:watch / monitor:unwatch / monitor:whisper / monitor:takeover.
 */

export const monitorWatchSchema = z.strictObject({
  conversationId: conversationIdSchema,
  /** Messages after this seq are returned (0: from the start); a reconnect passes its last. */
  afterSeq: z.number().int().min(0).optional(),
});
export type MonitorWatchInput = z.infer<typeof monitorWatchSchema>;

export const monitorUnwatchSchema = z.strictObject({ conversationId: conversationIdSchema });

export const monitorWhisperSchema = z.strictObject({
  conversationId: conversationIdSchema,
  clientMessageId: clientIdSchema,
  text: messageTextSchema,
});
export type MonitorWhisperInput = z.infer<typeof monitorWhisperSchema>;

export const monitorTakeoverSchema = z.strictObject({ conversationId: conversationIdSchema });

export const monitorQueueItemSchema = z.object({
  conversationId: conversationIdSchema,
  shopperName: z.string(),
  skill: z.string(),
  priority: z.number(),
  queuedAt: z.string(),
  /** How long the chat had waited when the snapshot was taken. */
  waitingMs: z.number(),
});
export type MonitorQueueItem = z.infer<typeof monitorQueueItemSchema>;

export const monitorAgentStatusSchema = z.enum(['online', 'away', 'offline']);

export const monitorAgentSchema = z.object({
  agentId: z.string(),
  displayName: z.string(),
  role: z.string(),
  status: monitorAgentStatusSchema,
  /** Disconnected, chats kept for a grace period. */
  inGrace: z.boolean(),
  load: z.number(),
  capacity: z.number(),
  skills: z.array(z.string()),
});
export type MonitorAgent = z.infer<typeof monitorAgentSchema>;

export const monitorStatsSchema = z.object({
  queued: z.number(),
  longestWaitMs: z.number(),
  online: z.number(),
  away: z.number(),
  totalLoad: z.number(),
  totalCapacity: z.number(),
});
export type MonitorStats = z.infer<typeof monitorStatsSchema>;

export const monitorSnapshotSchema = z.object({
  /** When the snapshot was taken (ISO); waits tick on from here. */
  at: z.string(),
  queue: z.array(monitorQueueItemSchema),
  agents: z.array(monitorAgentSchema),
  /** Assigned and active chats; each view carries its assignee, last message time and preview. */
  live: z.array(conversationViewSchema),
  stats: monitorStatsSchema,
});
export type MonitorSnapshot = z.infer<typeof monitorSnapshotSchema>;
