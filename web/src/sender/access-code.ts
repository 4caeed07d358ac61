// Generated access codes: the one generator lives with the access-code cryptography (the mail gateway uses it too).
export { generateAccessCode } from '../../../src/crypto/access-code.ts';

export const MIN_ACCESS_CODE_LENGTH = 6;
