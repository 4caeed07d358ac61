/** Public API of the security-notice (DLP) engine. */
export { scanDraft } from './scan-draft.ts';
export { ruleSetSchema, defaultRuleSet, parseRuleSet, type RuleSet, type RuleSetInput, type CustomRule } from './rule-set.ts';
export { renderNotice, renderNoticeText, describeLocation, type RenderedNotice, type Lang } from './render-notice.ts';
export { extractAttachmentText } from './extract/extract-text.ts';
export { extractLimitsSchema, defaultExtractLimits, type ExtractLimits } from './extract/limits.ts';
export type * from './types.ts';
export { levels, detectorIds } from './types.ts';
