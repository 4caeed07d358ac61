// The read-status envelope, drawn for the web app's sent items and the Outlook add-in's task pane alike:
// closed grey = nobody opened the message yet, open grey = some recipients, open blue = all (styles.css .envelope-*).
// The caller passes the label in its own catalog's words; the server decides the state (TransferView.readStatus).
import type { ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { EnvelopeClosedIcon, EnvelopeOpenIcon } from './icons.tsx';

export type ReadStatus = TransferView['readStatus'];

export function ReadEnvelope(props: { status: ReadStatus; label: string }): ReactNode {
  const { state, opened, total } = props.status;
  return (
    <span className={`envelope envelope-${state}`} role="img" aria-label={props.label} title={props.label}>
      {state === 'none' ? <EnvelopeClosedIcon size={1.5} /> : <EnvelopeOpenIcon size={1.5} />}
      <span className="envelope-count" aria-hidden="true">{opened}/{total}</span>
    </span>
  );
}
