import { io } from 'socket.io-client';
import type { ChatSocketLike } from './chat-socket';

/** The staff link (console, live monitor): same origin, the httpOnly session cookie goes along. */
export function createStaffSocket(): ChatSocketLike {
  return io({ autoConnect: false, transports: ['websocket'], withCredentials: true });
}
