import type { Command } from 'commander';
import { register as init } from './init.ts';
import { register as model } from './model.ts';
import { register as serve } from './serve.ts';
import { register as status } from './status.ts';

/** Every sub-command of `tessera`. Add a new command file here. */
export const commands: Array<(program: Command) => void> = [init, serve, status, model];
