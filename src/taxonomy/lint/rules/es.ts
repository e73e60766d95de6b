import type { TermRule } from '../types.ts';

export const es: TermRule[] = [
  {
    id: 'es.pornografia-infantil',
    lang: 'es',
    terms: [
      { pattern: 'pornografía infantil', replacement: 'material de abuso sexual infantil' },
      { pattern: 'la pornografía infantil', replacement: 'el material de abuso sexual infantil' },
      { pattern: 'de la pornografía infantil', replacement: 'del material de abuso sexual infantil' },
      { pattern: 'a la pornografía infantil', replacement: 'al material de abuso sexual infantil' },
      { pattern: 'porno infantil', replacement: 'material de abuso sexual infantil' },
      { pattern: 'pornografía de {menores|niños|niñas}', replacement: 'material de abuso sexual infantil' },
    ],
    preferred: ['material de abuso sexual infantil', 'MASI'],
    reason: '«Pornografía» presenta un delito contra un niño o una niña como contenido adulto consentido; INTERPOL pide no usar «porno infantil». El acrónimo MASI no está verificado [U].',
    usage: 'avoid',
    confidence: 'V',
    sources: ['L37', 'L38'],
  },
  {
    id: 'es.prostitucion-infantil',
    lang: 'es',
    terms: ['prostitución {infantil|de menores|de niños|de niñas|de niñas y niños|de niños y niñas}', '{niño|niña|niños|niñas|menor|menores} prostituid*'],
    preferred: ['explotación sexual de niñas, niños y adolescentes en la prostitución', 'explotación sexual comercial (ESCNNA)'],
    reason: 'Estigmatiza al niño o la niña. Evitar según el marco de las Orientaciones [V]; formulación preferida no verificada [U].',
    usage: 'avoid',
    confidence: 'V',
    preferredConfidence: 'U',
    sources: ['L39'],
  },
  {
    id: 'es.turismo-sexual',
    lang: 'es',
    terms: ['turismo sexual {infantil|con menores|con niños|con niñas|de menores}'],
    preferred: ['explotación sexual de niñas, niños y adolescentes en el contexto de los viajes y el turismo'],
    reason: 'Normaliza el delito como un producto de ocio. Fuente secundaria [S]; formulación no verificada [U].',
    usage: 'avoid',
    confidence: 'S',
    sources: ['L40'],
  },
];
