import { describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_MS, parseStorageUrl } from './s3-config.ts';

describe('STORAGE_URL parsing', () => {
  it('reads bucket, endpoint and region, path style and checksums only when required', () => {
    const { bucket, prefix, client } = parseStorageUrl('s3://sealpost-files?endpoint=https://s3.example.org&region=eu-central-1');
    expect(bucket).toBe('sealpost-files');
    expect(prefix).toBe('');
    expect(client).toEqual({
      endpoint: 'https://s3.example.org',
      region: 'eu-central-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    });
  });

  it('takes credentials from the URL first, then from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY', () => {
    const env = { AWS_ACCESS_KEY_ID: 'env-key', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    expect(parseStorageUrl('s3://AK:s%2Fecret@bucket1', env).client.credentials).toEqual({ accessKeyId: 'AK', secretAccessKey: 's/ecret' });
    expect(parseStorageUrl('s3://bucket1', env).client.credentials).toEqual({ accessKeyId: 'env-key', secretAccessKey: 'env-secret' });
    expect(parseStorageUrl('s3://bucket1', { AWS_ACCESS_KEY_ID: 'only-key' }).client.credentials).toBeUndefined();
  });

  it('accepts an object prefix and virtual-hosted addressing', () => {
    const location = parseStorageUrl('s3://shared-bucket/sealpost/prod/?pathStyle=false');
    expect(location.prefix).toBe('sealpost/prod/');
    expect(location.client.forcePathStyle).toBe(false);
    expect(location.client.region).toBe('us-east-1');
  });

  it('refuses malformed URLs without echoing the secret', () => {
    const bad = [
      'http://bucket',
      's3://Upper_Case',
      's3://ab',
      's3://bucket/no-trailing-slash',
      's3://bucket/a.b/',
      's3://bucket/a%2F..%2F/',
      's3://bucket?endpoint=ftp://x',
      's3://bucket?endpoint=https://x/path',
      's3://bucket?pathStyle=maybe',
      's3://bucket?unknown=1',
      's3://onlykey@bucket',
      'not a url',
    ];
    for (const url of bad) expect(() => parseStorageUrl(url), url).toThrow(expect.objectContaining({ code: 'SP_ERR_CONFIG_INVALID' }) as Error);
    try {
      parseStorageUrl('s3://KEY:TOPSECRET@bucket?bogus=1');
    } catch (error) {
      expect(JSON.stringify(error) + String(error)).not.toContain('TOPSECRET');
    }
  });
});
