// "Answer securely" (docs/recipient-inbox.md): the sent item hands compose the replier's address, the subject and the
// conversation to continue. Kept in memory for the one navigation only, never in the address bar: the subject is
// confidential (it lives inside the encrypted manifest) and a URL ends up in history and logs.

export interface Answer {
  /** The message answered (root or follow-up): the server resolves it to the conversation's root. */
  threadOf: string;
  to: string;
  subject: string;
}

let handedOver: Answer | null = null;

export function startAnswer(answer: Answer): void {
  handedOver = answer;
}

/** The answer compose was opened for, if any; read during render (React may render twice), cleared once mounted. */
export function peekAnswer(): Answer | null {
  return handedOver;
}

export function clearAnswer(): void {
  handedOver = null;
}

/** "Re: subject", without stacking "Re: Re:" along a conversation. */
export function answerSubject(subject: string, prefix: (subject: string) => string): string {
  const bare = subject.replace(/^(\s*(re|aw|antw)\s*:\s*)+/i, '');
  return prefix(bare);
}
