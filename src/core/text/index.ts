// Sanitisers for text chosen by someone else: file names (to show and to save) and terminal output.
export { safeFileName, uniqueNames } from './file-name.ts';
export { terminalJson, terminalLine, terminalText } from './terminal.ts';
