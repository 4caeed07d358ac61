/** This browser (or context, e.g. a private window without service workers) cannot stream this file to disk. */
export class SaveUnsupportedError extends Error {
  constructor() {
    super('This browser cannot save large files from this page');
    this.name = 'SaveUnsupportedError';
  }
}
