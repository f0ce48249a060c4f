import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { connectionProblem } from "../../src/infra/startup.js";
import { freePort } from "../support/services.js";

/** The error node gives a connection to nobody. */
async function refusedConnection(): Promise<Error> {
  const port = await freePort();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("error", resolve);
  });
}

describe("what an operator reads of a connection that failed", () => {
  it("is the system call and the code, whether the server refused or its name did not resolve", async () => {
    expect(connectionProblem(await refusedConnection())).toBe("connect ECONNREFUSED");
    // As node reports a DNS server that did not answer in time: the name is in the line already.
    const lateDns = Object.assign(new Error("getaddrinfo EAI_AGAIN redis.internal"), {
      code: "EAI_AGAIN",
      errno: -3001,
      syscall: "getaddrinfo",
      hostname: "redis.internal",
    });
    expect(connectionProblem(lateDns)).toBe("getaddrinfo EAI_AGAIN");
  });

  it("is the message of any other failure", () => {
    expect(connectionProblem(new Error("  password authentication failed  "))).toBe(
      "password authentication failed",
    );
    expect(connectionProblem("socket closed")).toBe("socket closed");
  });
});
