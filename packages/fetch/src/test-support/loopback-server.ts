import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, for tests that must not mock the network. */
export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from the shared agent would hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
