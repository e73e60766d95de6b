/**
 * Streaming JSON object reader for STIX: the objects of a bundle's `objects` array, or the
 * objects of a JSON Lines file, one at a time with their exact raw text and line — constant
 * memory whatever the bundle size (JSON.parse of a whole bundle would hold all of it). The
 * scanner only tracks strings, escapes and nesting; each object's text is then JSON.parse'd on
 * its own, so a malformed object is quarantined alone.
 */
import type { ErrorLocation, Problem } from '../shared/errors.ts';
import type { RawRecord } from './types.ts';

const MAX_OBJECT_CHARS = 16 * 1024 * 1024;

export async function* readJsonObjects(text: AsyncIterable<string>, opts: { file: string }): AsyncIterable<RawRecord<Record<string, unknown>>> {
  let buf = '';
  let base = 0; // absolute offset of buf[0]
  let pos = 0; // absolute offset of the next char to scan
  let line = 1;
  let depth = 0;
  let inString = false;
  let escape = false;
  let keyText = '';
  let collectingKey = false;
  let lastKeyAtDepth1 = '';
  // Where records live: depth 0 objects (JSON Lines) or depth 2 objects inside "objects": [ … ].
  let recordDepth = 0;
  let bundle = false;
  let start = -1;
  let startLine = 0;
  let index = 0;
  const file = opts.file;
  const out: Array<RawRecord<Record<string, unknown>>> = [];
  const problems: Problem[] = [];
  const emit = (end: number) => {
    const raw = buf.slice(start - base, end - base);
    const where: ErrorLocation = { file, line: startLine, path: bundle ? `objects[${index}]` : `line ${startLine}` };
    try {
      const v = JSON.parse(raw) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) out.push({ index: index++, raw, where, problems: [{ code: 'not_an_object', message: 'expected a JSON object', where }] });
      else out.push({ index: index++, raw, where, parsed: v as Record<string, unknown>, problems: [] });
    } catch (e) {
      out.push({ index: index++, raw, where, problems: [{ code: 'invalid_json', message: `not valid JSON: ${(e as Error).message}`, where }] });
    }
    start = -1;
  };
  const scan = () => {
    const end = base + buf.length;
    while (pos < end) {
      const ch = buf.charCodeAt(pos - base);
      if (ch === 10) line++;
      if (inString) {
        if (escape) escape = false;
        else if (ch === 92) escape = true;
        else if (ch === 34) {
          inString = false;
          if (collectingKey) {
            collectingKey = false;
            if (depth === 1) lastKeyAtDepth1 = keyText;
          }
        } else if (collectingKey && keyText.length < 64) keyText += String.fromCharCode(ch);
        pos++;
        continue;
      }
      if (ch === 34) {
        inString = true;
        if (depth === 1 && recordDepth === 0) {
          collectingKey = true;
          keyText = '';
        }
      } else if (ch === 123 || ch === 91) {
        if (ch === 91 && depth === 1 && recordDepth === 0 && lastKeyAtDepth1 === 'objects') {
          // The object being read is a bundle: its elements are the records, not itself.
          bundle = true;
          recordDepth = 2;
          start = -1;
        }
        if (ch === 123 && depth === recordDepth && start < 0 && (recordDepth === 0 || bundle)) {
          start = pos;
          startLine = line;
        }
        depth++;
      } else if (ch === 125 || ch === 93) {
        depth--;
        if (depth < 0) {
          problems.push({ code: 'invalid_json', message: `unbalanced ${String.fromCharCode(ch)}`, where: { file, line } });
          depth = 0;
        }
        if (ch === 125 && start >= 0 && depth === recordDepth) emit(pos + 1);
        if (ch === 93 && bundle && depth === 1) {
          bundle = false;
          recordDepth = 0;
        }
      } else if (start < 0 && depth === 0 && ch > 32 && ch !== 44) {
        // Something other than an object at the top level of a JSON Lines file.
        problems.push({ code: 'invalid_json', message: `unexpected ${JSON.stringify(String.fromCharCode(ch))} outside any object`, where: { file, line } });
      }
      pos++;
    }
  };
  for await (const chunk of text) {
    const keep = start >= 0 ? start : pos;
    buf = buf.slice(keep - base) + chunk;
    base = keep;
    scan();
    if (start >= 0 && pos - start > MAX_OBJECT_CHARS) {
      out.push({ index: index++, raw: buf.slice(start - base, start - base + 65536), truncated: true, where: { file, line: startLine }, problems: [{ code: 'object_too_large', message: `an object larger than ${MAX_OBJECT_CHARS} characters; only its beginning is kept`, where: { file, line: startLine } }] });
      start = -1;
      depth = recordDepth;
      inString = false;
    }
    for (const p of problems.splice(0, problems.length)) out.push({ index: index++, raw: '', where: p.where ?? { file }, problems: [p] });
    for (const r of out) yield r;
    out.length = 0;
  }
  if (start >= 0) out.push({ index: index++, raw: buf.slice(start - base), where: { file, line: startLine }, problems: [{ code: 'json_truncated', message: `the input ends inside the object that starts on line ${startLine}`, where: { file, line: startLine } }] });
  else if (inString || depth !== 0) out.push({ index: index++, raw: '', where: { file, line }, problems: [{ code: 'json_truncated', message: 'the input ends inside a string, array or object: the file is truncated', where: { file, line } }] });
  for (const p of problems) out.push({ index: index++, raw: '', where: p.where ?? { file }, problems: [p] });
  if (index === 0) out.push({ index: index++, raw: '', where: { file, line: 1 }, problems: [{ code: 'no_records', message: 'no STIX object found (expected a bundle with "objects" or JSON Lines of objects)', where: { file, line: 1 } }] });
  for (const r of out) yield r;
}
