// Opening a message in the browser: the client core's (src/client/open-message.ts), which `sealpost get` uses too.
export { openMessage, type OpenedMessage } from '../../../src/client/open-message.ts';
