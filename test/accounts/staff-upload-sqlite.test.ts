import { defineStaffUploadSuite } from './staff-upload.suite.ts';

defineStaffUploadSuite('SQLite', () => undefined);
