/** Names the manifest and the add-in's scripts must agree on (a leaf module: the send runtime's bundle imports it). */

/** The Office.js event handler for OnMessageSend: the manifest's FunctionName, registered by addin/src/commands.ts. */
export const onMessageSendHandlerName = 'onMessageSendHandler';
