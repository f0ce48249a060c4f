import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { DataFileError, readDataFile } from "../../config/data-file.js";
import { flowSchema, type Flow } from "./schema.js";

function describeIssuePath(path: readonly PropertyKey[], data: unknown): string {
  const [first, index, ...rest] = path;
  if (first === "steps" && typeof index === "number") {
    const steps = (data as { steps?: unknown } | null)?.steps;
    const id = Array.isArray(steps)
      ? (steps[index] as { id?: unknown } | undefined)?.id
      : undefined;
    const step = typeof id === "string" ? `step '${id}'` : `step ${index + 1}`;
    return [step, ...rest.map(String)].join(".");
  }
  return path.map(String).join(".");
}

/** The flows of this deployment, by id and by the commands that start them. */
export class FlowSet {
  private readonly byId: ReadonlyMap<string, Flow>;
  private readonly byCommand: ReadonlyMap<string, Flow>;

  constructor(readonly flows: readonly Flow[]) {
    this.byId = new Map(flows.map((flow) => [flow.id, flow]));
    this.byCommand = new Map(
      flows.flatMap((flow) => flow.commands.map((command) => [command, flow])),
    );
  }

  get(id: string): Flow | undefined {
    return this.byId.get(id);
  }

  forCommand(command: string): Flow | undefined {
    return this.byCommand.get(command);
  }

  get commands(): readonly string[] {
    return [...this.byCommand.keys()];
  }
}

/**
 * Loads and validates every `*.yaml` flow in `dir`. All problems are collected, so an operator
 * fixes a broken flow file in one round.
 */
export function loadFlows(dir: string, reservedCommands: readonly string[] = []): FlowSet {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
  if (files.length === 0) {
    throw DataFileError.in(relative(process.cwd(), dir) || dir, ["no flow files (*.yaml) found"]);
  }
  const flows: Flow[] = [];
  const problems: DataFileError[] = [];
  const owners = new Map<string, string>();
  for (const name of files) {
    const path = join(dir, name);
    try {
      const flow = readDataFile(path, flowSchema, describeIssuePath);
      const clashes: string[] = [];
      const claim = (key: string, what: string) => {
        const owner = owners.get(key);
        if (owner) clashes.push(`${what} is also used by ${owner}`);
        else owners.set(key, name);
      };
      claim(`id:${flow.id}`, `flow id '${flow.id}'`);
      for (const command of flow.commands) {
        if (reservedCommands.includes(command)) clashes.push(`command /${command} is built in`);
        else claim(`command:${command}`, `command /${command}`);
      }
      if (clashes.length > 0) throw DataFileError.in(relative(process.cwd(), path), clashes);
      flows.push(flow);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length > 0) throw new DataFileError(problems.flatMap((problem) => problem.lines));
  return new FlowSet(flows);
}
