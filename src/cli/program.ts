import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { formatProblem, toProblem } from './output.ts';

/**
 * The `tessera` command. Each sub-command lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`; commands are thin: they parse options, call a module, print.
 */
export function buildProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera node: Common Data Model and federated exchange against online child sexual exploitation and abuse')
    .version('0.1.0')
    .option('--data <dir>', 'folder of the embedded store (default: $TESSERA_DATA or ./.tessera/data); ignored when DATABASE_URL is set')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const problem = toProblem(e);
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({ error: problem }, null, 2) + '\n');
    else process.stderr.write(formatProblem(problem) + '\n');
    if (problem.code === 'internal_error' && process.env.TESSERA_DEBUG && e instanceof Error) process.stderr.write(String(e.stack) + '\n');
    return 1;
  }
}
