import type { TermRule } from '../types.ts';

export const pt: TermRule[] = [
  {
    id: 'pt.pornografia-infantil',
    lang: 'pt',
    terms: [{ pattern: 'pornografia infantil', replacement: 'material de abuso sexual infantil' }, { pattern: 'pornô infantil', replacement: 'material de abuso sexual infantil' }, 'pornografia {de menores|de crianças}'],
    preferred: ['material de abuso sexual infantil'],
    reason: 'Como em inglês: «pornografia» apresenta um crime contra uma criança como conteúdo adulto consentido. A edição portuguesa das Diretrizes não foi encontrada: regra não verificada [U], emitida como aviso.',
    usage: 'avoid',
    confidence: 'U',
    sources: [],
  },
  {
    id: 'pt.prostituicao-infantil',
    lang: 'pt',
    terms: ['prostituição {infantil|de crianças|de menores}', '{criança|crianças|menor|menores} prostituíd*'],
    preferred: ['exploração sexual de crianças e adolescentes'],
    reason: 'Estigmatiza a criança. Regra não verificada [U] (a página PT da ECPAT Luxemburgo ainda usa «prostituição infantil»).',
    usage: 'avoid',
    confidence: 'U',
    sources: ['L42'],
  },
  {
    id: 'pt.pornografia-de-vinganca',
    lang: 'pt',
    terms: ['pornografia de vingança', 'pornô de vingança', 'porn de vingança'],
    preferred: ['compartilhamento não consensual de imagens íntimas'],
    reason: '«Vingança» sugere que a vítima provocou; «pornografia» sugere consentimento. Termo preferido verificado num formulário de linha de ajuda brasileira [V]; não é uma entrada das Diretrizes de 2016 [NF].',
    usage: 'avoid',
    confidence: 'NF',
    preferredConfidence: 'V',
    sources: ['L41'],
  },
];
