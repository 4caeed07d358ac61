// Every verification method end to end on SQLite: real server, real SMTP, SMS webhook, the CLI on both sides.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startWorld } from './harness.ts';
import { roundTrip, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('send and get through the CLI (SQLite)', () => {
  it('e-mail code: the CLI requests the code, the recipient reads it from the mail', async () => {
    await roundTrip(world, 'email');
  });
  it('SMS code: the code arrives at the SMS webhook', async () => {
    await roundTrip(world, 'sms');
  });
  it('access code chosen by the sender', async () => {
    await roundTrip(world, 'code');
  });
  it('link only', async () => {
    await roundTrip(world, 'none');
  });
});
