import type { Command } from 'commander';
import { register as crosswalk } from './crosswalk.ts';
import { register as demo } from './demo.ts';
import { register as init } from './init.ts';
import { register as lint } from './lint.ts';
import { register as model } from './model.ts';
import { register as schemes } from './schemes.ts';
import { register as serve } from './serve.ts';
import { register as status } from './status.ts';
import { register as users } from './users.ts';
import { register as generate } from './generate.ts';
import { register as hash } from './hash.ts';
import { register as match } from './match.ts';
import { register as hashset } from './hashset.ts';
import { register as ingest } from './ingest.ts';
import { register as quarantine } from './quarantine.ts';
import { register as agreement } from './agreement.ts';
import { register as consent } from './consent.ts';
import { register as exportCmd } from './export.ts';
import { register as retention } from './retention.ts';
import { register as audit } from './audit.ts';
import { register as link } from './link.ts';
import { register as caseCmd } from './case.ts';
import { register as psi } from './psi.ts';
import { register as stats } from './stats.ts';
import { register as risk } from './risk.ts';

/** Every sub-command of `tessera`. Add a new command file here. */
export const commands: Array<(program: Command) => void> = [init, serve, demo, status, users, model, schemes, crosswalk, lint, generate, hash, match, hashset, ingest, quarantine, agreement, consent, exportCmd, retention, audit, link, caseCmd, psi, stats, risk];
