/**
 * The data catalogue: who holds which dataset, with which CDM fields, covering what, updated
 * how often, on which terms (agreement templates), whom to ask; full-text search to find who
 * holds what by field and by topic; the data dictionary as HTML in several languages.
 */
export {
  UPDATE_FREQUENCIES, AccessTermsTemplate, Coverage, CatalogueContact, CatalogueEntryInput, CatalogueEntry, CatalogueSearch,
  publishEntry, getEntry, searchCatalogue, dictionaryFieldNames, fieldsForRecordType, type CatalogueTables,
} from './catalogue.ts';
export { dataDictionaryHtml, isDictionaryLanguage } from './dictionary-html.ts';
