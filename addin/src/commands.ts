// The event runtime's script: built as one classic script (addin/vite.config.ts, mode "commands") because classic
// Outlook on Windows runs it in a bare JavaScript runtime without ES modules or a DOM; Outlook on the web, the new
// Outlook and Mac load it from commands.html. It registers the handler the manifest names (FunctionName).
import { onMessageSendHandlerName } from '../../src/core/addin/names.ts';
import type { SendEvent } from './office.ts';
import { handleSend } from './on-send.ts';
import { sendingMode } from './sending-mode.ts';
import { storedSession, type AddinSession } from './session.ts';

/** The task pane's session; the JavaScript-only runtime of classic Outlook on Windows has no localStorage. */
function session(): AddinSession | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : storedSession(localStorage);
  } catch {
    return undefined;
  }
}

function onMessageSendHandler(event: SendEvent): void {
  const office = globalThis.Office;
  handleSend(event, office?.context.mailbox?.item, sendingMode(), office?.context.displayLanguage ?? 'en', { session: session() });
}

// Office.actions.associate exists from Mailbox 1.10; where it is missing the event never fires for us either.
globalThis.Office?.actions?.associate(onMessageSendHandlerName, onMessageSendHandler);
