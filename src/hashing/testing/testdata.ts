/** Locates the shared PDQ test vectors (`../shared/testdata/pdq` beside the repository, or $TESSERA_PDQ_TESTDATA). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PDQ_TESTDATA = process.env.TESSERA_PDQ_TESTDATA ?? resolve(process.cwd(), '../shared/testdata/pdq');
export const HAVE_PDQ_TESTDATA = existsSync(join(PDQ_TESTDATA, 'expected/pdq-fullres.tsv'));

/** Rows of a TSV file with a header, as objects. */
export function readTsv(path: string): Array<Record<string, string>> {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = (head ?? '').split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
