import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TesseraError } from '../../shared/errors.ts';
import { principalOf } from '../context.ts';
import { ProblemSchema } from '../errors.ts';
import {
  BAND_SYSTEMS,
  LANGUAGES,
  LINT_LANGS,
  bandToRange,
  conceptsIn,
  crosswalk,
  exportCrosswalkSkos,
  exportSchemeSkos,
  importScheme,
  linter,
  listRules,
  rangeToStages,
  registry,
  saveImportedScheme,
  stageToRange,
  translationView,
  type Language,
} from '../../taxonomy/index.ts';

const Relation = z.enum(['exact', 'broader', 'narrower', 'related', 'none']);
const SchemeId = z.string().min(1).max(64).meta({ description: 'Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes).' });
const Jurisdiction = z.string().min(2).max(3).meta({ description: 'ISO 3166-1 alpha-2 country (or EU) whose law a jurisdiction-relative value refers to.' });
const Lang = z.enum(LANGUAGES as unknown as [Language, ...Language[]]);
const LintLang = z.enum(LINT_LANGS as unknown as [string, ...string[]]);

const TargetCode = z.object({ scheme: z.string(), code: z.string(), relation: Relation.exclude(['none']), label: z.string(), jurisdiction: z.string().optional(), condition: z.string().optional() }).meta({ id: 'TaxonomyTargetCode' });
const Translation = z
  .object({
    from: z.object({ scheme: z.string(), code: z.string() }),
    to: z.string(),
    jurisdiction: z.string().optional(),
    relation: Relation.meta({ description: 'SKOS relation from source to target: exact, broader (target broader), narrower (target narrower), related, none.' }),
    codes: z.array(z.string()),
    targets: z.array(TargetCode),
    lost: z.array(z.string()).meta({ description: 'What the source holds that the target cannot, as "axis: note".' }),
    assumed: z.array(z.string()).meta({ description: 'What the result assumes or cannot know, as "axis: note".' }),
    warnings: z.array(z.string()).meta({ description: 'Unverified facts the result relies on: warnings, not hard rules.' }),
    review: z.boolean(),
  })
  .meta({ id: 'TaxonomyTranslation' });
const SchemeSummary = z
  .object({ id: z.string(), version: z.string(), kind: z.string(), title: z.string(), publisher: z.string(), codes: z.number(), confidence: z.string(), imported: z.boolean(), languages: z.array(z.string()), warnings: z.array(z.string()), digest: z.string() })
  .meta({ id: 'TaxonomySchemeSummary' });
const Finding = z
  .object({
    line: z.number(),
    column: z.number(),
    endLine: z.number(),
    endColumn: z.number(),
    offset: z.number(),
    length: z.number(),
    term: z.string(),
    preferred: z.array(z.string()),
    severity: z.enum(['error', 'warning', 'info']),
    reason: z.string(),
    rule: z.string(),
    lang: z.string(),
    confidence: z.string(),
    exempt: z.string().optional(),
    fixable: z.boolean(),
    replacement: z.string().optional(),
    sources: z.array(z.string()),
  })
  .meta({ id: 'TerminologyFinding' });
const AgeRange = z.object({ min: z.number().nullable(), max: z.number().nullable(), basis: z.enum(['documented', 'reported', 'estimated', 'developmental-stage']), stage: z.string().optional() }).meta({ id: 'TaxonomyAgeRange' });

/** Schemes, crosswalks, SKOS, age conversions and the terminology linter: thin routes over src/taxonomy. */
const ImportBody = z.object({ text: z.string().min(1).max(8_000_000), format: z.enum(['skos', 'csv', 'auto']).default('auto'), id: z.string().optional(), version: z.string().optional(), file: z.string().max(200).optional() });

export const taxonomyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/taxonomy/schemes', { schema: { tags: ['taxonomy'], summary: 'The classification schemes known to this node', response: { 200: z.object({ schemes: z.array(SchemeSummary) }) } } }, async () => ({ schemes: registry().summaries() }));

  app.get(
    '/taxonomy/schemes/:id',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'One scheme with its codes, labels in a language (English fallback marked)',
        params: z.object({ id: SchemeId }),
        querystring: z.object({ lang: Lang.default('en') }),
        response: {
          200: z.object({
            id: z.string(),
            version: z.string(),
            title: z.string(),
            description: z.string(),
            warnings: z.array(z.string()),
            codes: z.array(z.object({ code: z.string(), label: z.string(), labelLang: z.string(), fallback: z.boolean(), broader: z.string().optional(), sourceLabel: z.string().optional(), definition: z.string().optional(), confidence: z.string(), warnings: z.array(z.string()) })),
          }),
        },
      },
    },
    async (req) => {
      const s = registry().get(req.params.id);
      return { id: s.id, version: s.version, title: s.title[req.query.lang] ?? s.title.en, description: s.description, warnings: s.warnings ?? [], codes: conceptsIn(s, req.query.lang) };
    },
  );

  app.get('/taxonomy/schemes/:id/skos', { schema: { tags: ['taxonomy'], summary: 'A scheme as SKOS JSON-LD', params: z.object({ id: SchemeId }) } }, async (req, reply) => {
    void reply.type('application/ld+json');
    return exportSchemeSkos(registry().get(req.params.id));
  });

  app.post(
    '/taxonomy/schemes/validate',
    {
      schema: {
        tags: ['taxonomy'],
        summary: "Validate an organisation's scheme and crosswalk (SKOS JSON-LD or CSV); returns what would be registered, stores nothing",
        body: ImportBody,
        response: { 200: z.object({ valid: z.literal(true), id: z.string(), version: z.string(), digest: z.string(), format: z.string(), concepts: z.number(), mappings: z.number(), alreadyRegistered: z.boolean(), warnings: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const b = req.body;
      const r = importScheme({ text: b.text, format: b.format, ...(b.id ? { id: b.id } : {}), ...(b.version ? { version: b.version } : {}), ...(b.file ? { file: b.file } : {}) });
      return { valid: true as const, id: r.scheme.id, version: r.scheme.version, digest: r.digest, format: r.format, concepts: r.concepts, mappings: r.mappings, alreadyRegistered: r.alreadyRegistered, warnings: r.warnings };
    },
  );

  app.post(
    '/taxonomy/schemes',
    {
      schema: {
        tags: ['taxonomy'],
        summary: "Import your organisation's own scheme and crosswalk (SKOS JSON-LD or CSV): validated, registered and kept by the node (steward or admin)",
        body: ImportBody,
        response: { 201: z.object({ id: z.string(), version: z.string(), digest: z.string(), concepts: z.number(), mappings: z.number(), warnings: z.array(z.string()) }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = importScheme({ text: b.text, format: b.format, ...(b.id ? { id: b.id } : {}), ...(b.version ? { version: b.version } : {}), ...(b.file ? { file: b.file } : {}) });
      await saveImportedScheme(app.tessera.store, principalOf(req), r);
      return reply.status(201).send({ id: r.scheme.id, version: r.scheme.version, digest: r.digest, concepts: r.concepts, mappings: r.mappings, warnings: r.warnings });
    },
  );

  app.get(
    '/taxonomy/crosswalk',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'Translate one code into another scheme: relation, target codes, what is lost and what is assumed',
        querystring: z.object({ from: SchemeId, to: SchemeId, code: z.string().min(1).max(200), jurisdiction: Jurisdiction.optional() }),
        response: { 200: Translation },
      },
    },
    async (req) => {
      const q = req.query;
      return translationView(crosswalk().translate(q.from, q.code, q.to, q.jurisdiction ? { jurisdiction: q.jurisdiction } : {}));
    },
  );

  app.post(
    '/taxonomy/crosswalk/batch',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'Translate many codes (ingest); an unknown code is an error value in its slot, not a failed request',
        body: z.object({ to: SchemeId, jurisdiction: Jurisdiction.optional(), items: z.array(z.object({ scheme: SchemeId, code: z.string().min(1).max(200) })).min(1).max(100_000) }),
        response: { 200: z.object({ results: z.array(z.union([Translation, z.object({ error: ProblemSchema })])) }) },
      },
    },
    async (req) => {
      const b = req.body;
      const out = crosswalk().translateBatch(b.items, b.to, b.jurisdiction ? { jurisdiction: b.jurisdiction } : {});
      return { results: out.map((r) => ('error' in r ? r : translationView(r))) };
    },
  );

  app.get('/taxonomy/crosswalk/skos', { schema: { tags: ['taxonomy'], summary: 'A crosswalk as SKOS mapping relations (JSON-LD)', querystring: z.object({ from: SchemeId, to: SchemeId }) } }, async (req, reply) => {
    void reply.type('application/ld+json');
    return exportCrosswalkSkos(req.query.from, req.query.to);
  });

  app.get(
    '/taxonomy/age',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'Convert a developmental stage or an age band to a range (with its uncertainty), or a range to candidate stages',
        querystring: z.object({ stage: z.string().max(40).optional(), system: z.string().max(20).optional(), band: z.string().max(20).optional(), min: z.coerce.number().int().min(0).max(25).optional(), max: z.coerce.number().int().min(0).max(25).optional() }),
        response: { 200: z.object({ range: AgeRange.optional(), uncertainty: z.string().optional(), confidence: z.string().optional(), note: z.string(), warnings: z.array(z.string()), candidates: z.array(z.string()).optional(), determinate: z.boolean().optional() }) },
      },
    },
    async (req) => {
      const q = req.query;
      if (q.stage) return stageToRange(q.stage);
      if (q.system || q.band) {
        if (!q.system || !q.band) throw new TesseraError('missing_parameter', `Give both system (${BAND_SYSTEMS.map((b) => b.id).join(', ')}) and band.`);
        return bandToRange(q.system, q.band);
      }
      if (q.min !== undefined || q.max !== undefined) {
        const r = rangeToStages({ min: q.min ?? null, max: q.max ?? null, basis: 'estimated' });
        return { note: r.note, warnings: [], candidates: r.candidates, determinate: r.determinate };
      }
      throw new TesseraError('missing_parameter', 'Give stage, or system and band, or min/max.');
    },
  );

  app.post(
    '/terminology/lint',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Check text for discouraged terminology (Luxembourg Guidelines); with fix, also return the text rewritten where safe',
        body: z.object({ text: z.string().max(16_000_000), lang: LintLang.optional(), fix: z.boolean().default(false) }),
        response: { 200: z.object({ findings: z.array(Finding), errors: z.number(), text: z.string().optional(), fixed: z.array(Finding).optional() }) },
      },
    },
    async (req) => {
      const b = req.body;
      const o = b.lang ? { lang: b.lang as (typeof LINT_LANGS)[number] } : {};
      if (b.fix) {
        const r = linter().fix(b.text, o);
        return { findings: r.remaining, errors: r.remaining.filter((f) => f.severity === 'error').length, text: r.text, fixed: r.applied };
      }
      const findings = linter().lint(b.text, o);
      return { findings, errors: findings.filter((f) => f.severity === 'error').length };
    },
  );

  app.post(
    '/terminology/display-labels',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Preferred display labels for ingested source labels; the original text is kept beside them',
        body: z.object({ labels: z.array(z.string().max(1000)).min(1).max(10_000), lang: LintLang.optional() }),
        response: { 200: z.object({ labels: z.array(z.object({ original: z.string(), display: z.string(), changed: z.boolean(), rules: z.array(z.string()) })) }) },
      },
    },
    async (req) => {
      const o = req.body.lang ? { lang: req.body.lang as (typeof LINT_LANGS)[number] } : {};
      return { labels: req.body.labels.map((l) => {
        const d = linter().displayLabel(l, o);
        return { original: d.original, display: d.display, changed: d.changed, rules: d.findings.map((f) => f.rule) };
      }) };
    },
  );

  app.get('/terminology/rules', { schema: { tags: ['terminology'], summary: 'The terminology rules with severity and confidence', querystring: z.object({ lang: LintLang.optional() }) } }, async (req) => ({
    rules: listRules(req.query.lang as (typeof LINT_LANGS)[number] | undefined),
  }));
};
