// Access codes as the sending clients handle them: the one generator lives with the access-code cryptography (the
// mail gateway uses it too); the shortest code a sender may type is a client rule.
export { generateAccessCode } from '../crypto/access-code-generator.ts';

export const MIN_ACCESS_CODE_LENGTH = 6;
