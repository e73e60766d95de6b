/**
 * Privacy: pseudonymised identifiers keyed per agreement, private set intersection between
 * nodes, and disclosure control for statistics and microdata (suppression, differential
 * privacy, k-anonymity risk). Access is decided by the policy module; every read here goes
 * through `withAccess` and is audited.
 */
export { IDENTIFIER_KINDS, normaliseIdentifier, pseudonymise, pseudonymOfNormalised, pseudonymiser, type IdentifierKind, type PseudonymKind, type NormaliseOptions, type Pseudonymiser } from './identifiers.ts';
export { CryptoRandom, LaplaceNoise, bernoulliExp, sampleDiscreteLaplace, epsilonFraction, discreteLaplaceTheory } from './dlaplace.ts';
export { protectTable, populationKey, cellKey, TOTAL, type ProtectedTable, type PublishedEntry, type TableInput, type ProtectOptions, type EntryStatus } from './disclosure.ts';
export { runStats, parseStatsQuery, setPrivacyBudget, StatsRequest, BudgetRequest, DIMENSIONS, DEFAULT_THRESHOLD, DEFAULT_BUDGET, type StatsResult, type Dimension } from './stats.ts';
export { assessRisk, parseJsonLines, QUASI_IDENTIFIERS, HIERARCHIES, type RiskReport, type RiskOptions, type QuasiIdentifier } from './risk.ts';
export {
  runPsi, PsiResponder, responderFor, localTransport, httpTransport, psiLimits, identifiersUnder, PsiOpenRequest, PSI_KINDS, DOUBLE_BYTES,
  type PsiTransport, type PsiResult, type PsiRunOptions, type PsiLimits, type PsiOpenResponse, type PsiKind,
} from './psi/protocol.ts';
export { CurvePool, sharedCurvePool, closeSharedCurvePool } from './psi/pool.ts';
export { hashToCurveBatch } from './psi/h2c.ts';
export { PSI_DST, PSI_GROUPS, GROUP_DST, hashToCurve, hashAndBlind, blindAll, hashAndBlindIn, blindIn, randomKey, Scalar, type PsiGroup } from './psi/curve.ts';
export { X25519_DST, hashToCurve25519Batch, blindAll25519, randomX25519Key } from './psi/x25519.ts';
export type { PrivacyTables } from './tables.ts';
