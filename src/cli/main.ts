// Entry point of the `tessera` command (bin/tessera.js imports this module).
import { run } from './program.ts';

const code = await run(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
