export { audit, type AuditEntryInput } from './audit.ts';
export { AUDIT_FORMAT_VERSION, eventFromBody, exportLine, linkEntry, linkPending, pendingBody } from './chain.ts';
export { exportAuditLog } from './export.ts';
export { verifyAuditExport, type AuditProblem, type AuditProblemKind, type AuditVerifyResult } from './verify.ts';
export { DEFAULT_ORG_ID, type AuditAction, type AuditDraft, type AuditEvent, type AuditHead, type ChainedAuditEntry } from './model.ts';
