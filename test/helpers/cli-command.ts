import { cliCommands } from "../../src/app.js";
import { commandHelp, parseCommandLine, usageError } from "../../src/cli-args.js";
import type { CliDeps } from "../../src/cli-deps.js";

/** Runs one CLI command in-process the way `dist/cli.js` does: the shared parser first, then the command. */
export async function runCliCommand(name: string, argv: string[], deps: CliDeps): Promise<number> {
  const command = cliCommands().find((c) => c.name === name);
  if (!command) throw new Error(`no cli command ${name}`);
  const line = parseCommandLine(command, argv);
  if (line.kind === "help") {
    deps.out(commandHelp(command));
    return 0;
  }
  if (line.kind === "error") {
    deps.err(usageError(command, line.message));
    return 2;
  }
  return command.run(line.input, deps);
}
