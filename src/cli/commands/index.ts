import type { Command } from 'commander';

/** Every sub-command of `tessera`. Add a new command file here. */
export const commands: Array<(program: Command) => void> = [];
