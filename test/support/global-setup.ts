import { execFileSync } from "node:child_process";

/**
 * Builds the service once before the suite: end-to-end tests start the compiled process the
 * way `npm start` does, and every test imports the generated Prisma client.
 */
export default function setup(): void {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}
