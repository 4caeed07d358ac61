import { defineSenderControlsStaffSuite } from './sender-controls-staff.suite.ts';

defineSenderControlsStaffSuite('SQLite', () => undefined);
