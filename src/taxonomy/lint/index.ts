export { TermLinter, linter, lint, displayLabel, listRules, severityOf, expandPattern, ALL_RULES, type LintOptions, type FixResult } from './linter.ts';
export { EXEMPTIONS, type Exemption } from './exemptions.ts';
export { fold } from './normalise.ts';
export { Automaton } from './automaton.ts';
export { LINT_LANGS, type Finding, type LintLang, type Severity, type TermRule, type TermVariant, type Usage } from './types.ts';
