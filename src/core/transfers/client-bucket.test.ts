import { expect, it } from 'vitest';
import { clientBucket } from './client-bucket.ts';

it('counts an IPv6 client by its /64, whatever the spelling; IPv4 (also IPv4-mapped) by its address', () => {
  expect(clientBucket('2001:db8:1234:5678:1:2:3:4')).toBe('2001:db8:1234:5678::/64');
  expect(clientBucket('2001:0db8:1234:5678:ffff:ffff:ffff:fffe')).toBe('2001:db8:1234:5678::/64');
  expect(clientBucket('2001:db8:1234:5678::9')).toBe('2001:db8:1234:5678::/64');
  expect(clientBucket('2001:DB8::1')).toBe('2001:db8:0:0::/64');
  expect(clientBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(clientBucket('::1')).toBe('0:0:0:0::/64');
  expect(clientBucket('::ffff:192.0.2.7')).toBe('192.0.2.7');
  expect(clientBucket('192.0.2.7')).toBe('192.0.2.7');
  expect(clientBucket(null)).toBe('unknown');
  // Not an address: counted as it is, never merged with others.
  expect(clientBucket('1:2:3')).toBe('1:2:3');
  expect(clientBucket('1::2::3')).toBe('1::2::3');
});
