import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface SlowLink {
  /** The `postgresql://` URL through the link. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of PostgreSQL that holds every chunk for `delayMs` each way: a database
 * in another data centre, for what only shows when statements take real time.
 */
export async function slowLinkTo(databaseUrl: string, delayMs: number): Promise<SlowLink> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) =>
    from.on("data", (chunk) => setTimeout(() => to.write(chunk), delayMs));
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the relay has no port");
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
