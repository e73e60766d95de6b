import countries from 'i18n-iso-countries';
import enNames from 'i18n-iso-countries/langs/en.json';
import esNames from 'i18n-iso-countries/langs/es.json';
import frNames from 'i18n-iso-countries/langs/fr.json';

countries.registerLocale(enNames);
countries.registerLocale(frNames);
countries.registerLocale(esNames);

/** A country's name in the console's language (ISO 3166-1 alpha-2 in, name out; the code if unknown). */
export function countryName(alpha2: string, lang: string): string {
  return countries.getName(alpha2, lang) ?? alpha2;
}
export function alpha2OfNumeric(n: string | number): string | undefined {
  return countries.numericToAlpha2(n);
}
