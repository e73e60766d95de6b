import { dataDictionary, labelIn, LANGUAGES, type DataDictionary, type Language } from '../model/index.ts';
import { TesseraError } from '../shared/errors.ts';

/**
 * The data dictionary as one self-contained HTML page in a chosen language: every entity and
 * field with its type, whether it is required, its meaning, allowed values and its label in
 * that language (an English fallback is marked, never hidden). No scripts, no external assets,
 * so it can be mailed or opened offline.
 */
const UI: Record<Language, { title: string; entity: string; field: string; type: string; required: string; description: string; label: string; values: string; yes: string; no: string; identity: string; fallback: string; languages: string }> = {
  en: { title: 'Data dictionary', entity: 'Entity', field: 'Field', type: 'Type', required: 'Required', description: 'Description', label: 'Label', values: 'Allowed values', yes: 'yes', no: 'no', identity: 'Identified by', fallback: 'no settled translation: English shown', languages: 'Languages' },
  fr: { title: 'Dictionnaire des données', entity: 'Entité', field: 'Champ', type: 'Type', required: 'Obligatoire', description: 'Description', label: 'Libellé', values: 'Valeurs admises', yes: 'oui', no: 'non', identity: 'Identifié par', fallback: 'pas de traduction établie : anglais affiché', languages: 'Langues' },
  es: { title: 'Diccionario de datos', entity: 'Entidad', field: 'Campo', type: 'Tipo', required: 'Obligatorio', description: 'Descripción', label: 'Etiqueta', values: 'Valores admitidos', yes: 'sí', no: 'no', identity: 'Identificado por', fallback: 'sin traducción establecida: se muestra el inglés', languages: 'Idiomas' },
  pt: { title: 'Dicionário de dados', entity: 'Entidade', field: 'Campo', type: 'Tipo', required: 'Obrigatório', description: 'Descrição', label: 'Rótulo', values: 'Valores permitidos', yes: 'sim', no: 'não', identity: 'Identificado por', fallback: 'sem tradução estabelecida: mostrado em inglês', languages: 'Idiomas' },
  de: { title: 'Datenwörterbuch', entity: 'Entität', field: 'Feld', type: 'Typ', required: 'Pflicht', description: 'Beschreibung', label: 'Bezeichnung', values: 'Zulässige Werte', yes: 'ja', no: 'nein', identity: 'Identifiziert durch', fallback: 'keine gesicherte Übersetzung: Englisch angezeigt', languages: 'Sprachen' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function isDictionaryLanguage(lang: string): lang is Language {
  return (LANGUAGES as readonly string[]).includes(lang);
}

/** The dictionary page in `lang`; `linkFor` builds the links to the other languages (default: `?lang=xx`). */
export function dataDictionaryHtml(lang: string = 'en', opts: { linkFor?: (lang: Language) => string; dictionary?: DataDictionary } = {}): string {
  if (!isDictionaryLanguage(lang)) throw new TesseraError('unknown_language', `The data dictionary is available in ${LANGUAGES.join(', ')}, not "${lang}".`, { status: 400, where: { field: 'lang' } });
  const t = UI[lang];
  const dict = opts.dictionary ?? dataDictionary();
  const link = opts.linkFor ?? ((l: Language) => `?lang=${l}`);
  const label = (labels: Parameters<typeof labelIn>[0]) => {
    const { text, fallback } = labelIn(labels, lang);
    return fallback ? `<span lang="en" title="${esc(t.fallback)}">${esc(text)}</span> <small>(en)</small>` : esc(text);
  };
  const out: string[] = [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(t.title)} — Tessera CDM ${esc(dict.version)}</title>`,
    '<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin:.5rem 0 2rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}code{font-size:90%}nav a{margin-right:.7rem}small{color:#666}</style>',
    '</head><body>',
    `<h1>${esc(t.title)} — Tessera Common Data Model ${esc(dict.version)}</h1>`,
    `<nav aria-label="${esc(t.languages)}">${dict.languages.map((l) => (l === lang ? `<strong>${l}</strong>` : `<a href="${esc(link(l))}" hreflang="${l}" lang="${l}">${l}</a>`)).join(' ')}</nav>`,
    `<ul>${dict.entities.map((e) => `<li><a href="#${esc(e.name.toLowerCase())}">${label(e.labels)}</a> <code>${esc(e.idPrefix)}--&lt;uuid&gt;</code></li>`).join('')}</ul>`,
  ];
  for (const e of dict.entities) {
    out.push(`<section id="${esc(e.name.toLowerCase())}"><h2>${label(e.labels)} <small><code>${esc(e.name)}</code></small></h2>`);
    out.push(`<p lang="en">${esc(e.description)}</p><p>${esc(t.identity)}: ${e.identity.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>`);
    out.push(`<table><thead><tr><th>${esc(t.field)}</th><th>${esc(t.label)}</th><th>${esc(t.type)}</th><th>${esc(t.required)}</th><th>${esc(t.description)}</th></tr></thead><tbody>`);
    for (const f of e.fields) {
      const values = f.allowedValues ? `<br><small>${esc(t.values)}: ${f.allowedValues.map((v) => `<code>${esc(v)}</code>`).join(', ')}</small>` : '';
      out.push(`<tr id="${esc(`${e.name}.${f.name}`)}"><td><code>${esc(f.name)}</code></td><td>${label(f.labels)}</td><td>${esc(f.type)}</td><td>${f.required ? esc(t.yes) : esc(t.no)}</td><td lang="en">${esc(f.description)}${values}</td></tr>`);
    }
    out.push('</tbody></table></section>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
