/**
 * Version of the Common Data Model. Bump the minor version for additive changes and the
 * major version for anything that changes the meaning or shape of an existing field.
 * The generated files in `docs/model/` carry this version; a test fails when they drift.
 */
export const CDM_VERSION = '1.0.0';
export const CDM_NAMESPACE_URI = 'https://tessera.example.org/cdm/v1';
