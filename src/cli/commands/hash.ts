import type { Command } from 'commander';
import { hashFiles, pdqDihedralImage, DEFAULT_MAX_PIXELS } from '../../hashing/index.ts';
import { readFile } from 'node:fs/promises';
import { globalsOf } from '../context.ts';
import { formatProblem, printJsonLine } from '../output.ts';
import { createProgress } from '../progress.ts';

interface HashOptions {
  json?: boolean;
  exactOnly?: boolean;
  applyOrientation?: boolean;
  maxPixels?: string;
  dihedral?: boolean;
}

/**
 * `tessera hash FILES...`: exact hashes and PDQ per file, one line each. Image bytes are read,
 * hashed in memory and dropped; nothing is stored.
 */
export function register(program: Command): void {
  program
    .command('hash')
    .description('hash files: PDQ (images) plus MD5, SHA-1, SHA-256; one line per file')
    .argument('<files...>', 'files to hash')
    .option('--json', 'one JSON object per line: file, pdq, quality, md5, sha1, sha256 (or error)')
    .option('--exact-only', 'only MD5, SHA-1 and SHA-256 (no image decoding)')
    .option('--apply-orientation', 'apply the EXIF Orientation tag before PDQ (the reference does not)')
    .option('--dihedral', 'also print the PDQ hashes of the 7 rotations/reflections')
    .option('--max-pixels <n>', `refuse images larger than this many pixels (default ${DEFAULT_MAX_PIXELS})`)
    .addHelpText('after', '\nOutput (text): pdq quality md5 sha1 sha256 file, tab-separated; errors go to stderr.\nExit status 1 when any file could not be hashed completely.')
    .action(async (files: string[], _o, cmd: Command) => {
      const opts = globalsOf<HashOptions>(cmd);
      const maxPixels = opts.maxPixels ? Number(opts.maxPixels) : undefined;
      const progress = createProgress('hashing', files.length);
      let failed = 0;
      let done = 0;
      for await (const r of hashFiles(files, { exactOnly: !!opts.exactOnly, applyOrientation: !!opts.applyOrientation, ...(maxPixels ? { maxPixels } : {}) })) {
        done++;
        progress.tick(done);
        if (!r.ok) {
          failed++;
          if (opts.json) printJsonLine({ file: r.file, error: r.error });
          else process.stderr.write(formatProblem(r.error) + '\n');
          continue;
        }
        const h = r.hashes;
        const pdqError = h.pdqError;
        if (pdqError) failed++;
        let dihedral: Record<string, string> | undefined;
        if (opts.dihedral && !pdqError && !opts.exactOnly) {
          const d = await pdqDihedralImage(await readFile(r.file), { applyOrientation: !!opts.applyOrientation, ...(maxPixels ? { maxPixels } : {}) });
          dihedral = { rot90: d.rot90, rot180: d.rot180, rot270: d.rot270, flipx: d.flipx, flipy: d.flipy, flipplus1: d.flipplus1, flipminus1: d.flipminus1 };
        }
        if (opts.json) {
          printJsonLine({
            file: r.file, pdq: h.pdq ?? null, quality: h.quality ?? null, md5: h.md5, sha1: h.sha1, sha256: h.sha256, bytes: h.bytes,
            ...(h.width ? { width: h.width, height: h.height } : {}),
            ...(dihedral ? { dihedral } : {}),
            ...(pdqError ? { error: pdqError } : {}),
          });
        } else {
          process.stdout.write([h.pdq ?? '-', h.quality ?? '-', h.md5, h.sha1, h.sha256, r.file].join('\t') + '\n');
          if (dihedral) for (const [k, v] of Object.entries(dihedral)) process.stdout.write(`  ${k}\t${v}\n`);
          if (pdqError) process.stderr.write(formatProblem(pdqError) + '\n');
        }
      }
      progress.done(`${done} file${done === 1 ? '' : 's'}, ${failed} with errors`);
      if (failed) process.exitCode = 1;
    });
}
