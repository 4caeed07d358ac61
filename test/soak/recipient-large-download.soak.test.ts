// A 1 GiB file downloaded in Chromium, decrypted in the page and streamed to disk: byte-identical, and the page's
// JS heap stays far below the file size.
import { largeDownloadTest } from '../web/recipient-support/large-download.ts';

largeDownloadTest(1024 * 1024 * 1024, 128 * 1024 * 1024);
