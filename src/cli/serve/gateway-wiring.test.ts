import { expect, it } from 'vitest';
import { noReplyAddress } from './gateway-wiring.ts';

it('the replies sender is a valid address for every PUBLIC_URL host: a name, or an address literal for an IP', () => {
  expect(noReplyAddress('https://sealpost.praxis.example')).toBe('no-reply@sealpost.praxis.example');
  expect(noReplyAddress('http://127.0.0.1:8080')).toBe('no-reply@[127.0.0.1]');
  expect(noReplyAddress('http://[::1]:8080')).toBe('no-reply@[IPv6:::1]');
});
