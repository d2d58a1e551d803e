/** Every room name is built here, named after what it holds. */
export const rooms = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  agent: (username: string) => `agent:${username}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every visitor socket signed in as this shop customer (outreach reaches them live). */
  customer: (customerId: string) => `customer:${customerId}`,
  /** Supervisors watching a chat from the live monitor: whispers go here, never to the shopper. */
  conversationStaff: (conversationId: string) => `conversation-staff:${conversationId}`,
  /** Agents and supervisors who watch the queue. */
  queueWatchers: 'queue-watchers',
  supervisors: 'supervisors',
};
