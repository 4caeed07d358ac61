// The event runtime's script: built as one classic script (addin/vite.config.ts, mode "commands") because classic
// Outlook on Windows runs it in a bare JavaScript runtime without ES modules or a DOM; Outlook on the web, the new
// Outlook and Mac load it from commands.html. It registers the handler the manifest names (FunctionName).
import { onMessageSendHandlerName } from '../../src/core/addin/names.ts';
import type { SendEvent } from './office.ts';
import { handleSend } from './on-send.ts';
import { sendRuntimeSendingMode, type SendingMode } from './sending-mode.ts';
import { sendRuntimeSession, type AddinSession } from './session.ts';

/**
 * The task pane's session and the organisation's mode: from localStorage in browser runtimes, from
 * OfficeRuntime.storage in the JavaScript-only runtime of classic Outlook on Windows (shared-storage.ts). Whatever
 * cannot be read counts as not signed in and the gateway mode, the safe defaults.
 */
async function sharedState(): Promise<{ session: AddinSession | undefined; mode: SendingMode }> {
  const [session, mode] = await Promise.all([sendRuntimeSession().catch(() => undefined), sendRuntimeSendingMode().catch((): SendingMode => 'gateway')]);
  return { session, mode };
}

function onMessageSendHandler(event: SendEvent): void {
  const office = globalThis.Office;
  void sharedState().then(({ session, mode }) => {
    handleSend(event, office?.context.mailbox?.item, mode, office?.context.displayLanguage ?? 'en', { session });
  });
}

// Office.actions.associate exists from Mailbox 1.10; where it is missing the event never fires for us either.
globalThis.Office?.actions?.associate(onMessageSendHandlerName, onMessageSendHandler);
