// Bounded page memory in the default run: a 256 MiB download may grow the page's JS heap by at most 64 MiB (holding
// the file would grow it by 256). The 1 GiB run is in test/soak.
import { largeDownloadTest } from './recipient-support/large-download.ts';

largeDownloadTest(256 * 1024 * 1024, 64 * 1024 * 1024);
