/**
 * The baseline: a bare Socket.IO server with no authentication, no validation, no database and
 * no Redis. It speaks the same two events as the product for the measured path (`message:send`
 * acknowledged, `message:new` fanned out to the whole room, sender included, as the product
 * does) so the load process runs the very same code against both. Pairs join their room with
 * `relay:join` during setup.
 *
 * Started by bench/chat.ts with `fork`; reports its port over IPC.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { RelayMessage } from './chat-shared';

type Ack = (response: unknown) => void;

const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });

io.on('connection', (socket) => {
  socket.on('relay:join', (payload: { room?: unknown }, ack: Ack) => {
    if (typeof payload?.room !== 'string') return ack({ ok: false });
    void socket.join(payload.room);
    ack({ ok: true, data: null });
  });
  socket.on(
    'message:send',
    (
      payload: { conversationId?: unknown; clientMessageId?: unknown; text?: unknown },
      ack: Ack,
    ) => {
      if (typeof ack !== 'function') return;
      const { conversationId, clientMessageId, text } = payload ?? {};
      if (typeof conversationId !== 'string' || typeof clientMessageId !== 'string')
        return ack({ ok: false, error: { code: 'E_VALIDATION', message: 'bad payload' } });
      const message = { id: clientMessageId, conversationId, text };
      io.to(conversationId).emit('message:new', message);
      ack({ ok: true, data: { message, duplicate: false } });
    },
  );
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const message: RelayMessage = { type: 'listening', port };
  process.send?.(message);
});

const stop = () => {
  io.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the orchestrator.
process.on('disconnect', stop);
