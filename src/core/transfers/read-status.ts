/**
 * The envelope of sent items: nobody, some or all recipients opened the message. One rule for the server's answer
 * (TransferView.readStatus) and for clients that sum several messages into one envelope (the Outlook add-in shows a
 * gateway mail made of several portal messages as one), so both count alike.
 */
export interface ReadStatus {
  state: 'none' | 'some' | 'all';
  opened: number;
  total: number;
}

/** Counts recipients that opened (a first-open time, as a Date on the server or an ISO string in a TransferView). */
export function readStatusOf(recipients: ReadonlyArray<{ firstOpenedAt: Date | string | null }>): ReadStatus {
  const opened = recipients.filter((r) => r.firstOpenedAt !== null).length;
  const total = recipients.length;
  return { state: opened === 0 ? 'none' : opened === total ? 'all' : 'some', opened, total };
}
