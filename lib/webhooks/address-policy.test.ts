// The SSRF rule for webhook URLs: every address form that reaches this machine or a private network
// is refused (with the reason in words), public addresses pass, and the escape hatch for local
// development lifts only the address rule.
import { afterEach, describe, expect, it } from 'vitest';
import { blockedAddressReason, ipv6Bytes, resolveWebhookTarget, WebhookUrlError } from './address-policy.ts';

const refused = async (url: string) => {
  const error = await resolveWebhookTarget(url, { allowPrivate: false }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, url).toBeInstanceOf(WebhookUrlError);
  return (error as WebhookUrlError).message;
};

describe('webhook URLs that resolve to this machine or a private network are refused', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://127.1.2.3:8080/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://172.31.255.255/hook', 'private'],
    ['https://192.168.1.20/hook', 'private'],
    ['https://100.64.0.1/hook', 'carrier-grade NAT'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[::]/hook', 'unspecified'],
    ['https://224.0.0.1/hook', 'multicast'],
    ['https://[ff02::1]/hook', 'multicast'],
    ['https://[fc00::1]/hook', 'unique-local'],
    ['https://[fd12:3456::1]/hook', 'unique-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://255.255.255.255/hook', 'broadcast'],
    // IPv4 inside IPv6: mapped (dotted and hex), NAT64, 6to4
    ['http://[::ffff:127.0.0.1]:8080/hook', 'loopback'],
    ['http://[::ffff:7f00:1]:8080/hook', 'loopback'],
    ['https://[::ffff:10.0.0.1]/hook', 'private'],
    ['https://[::ffff:169.254.169.254]/hook', 'link-local'],
    ['https://[64:ff9b::a00:1]/hook', 'private'],
    ['https://[2002:c0a8:0101::1]/hook', 'private'],
    // Decimal, octal and hexadecimal spellings of 127.0.0.1 (the URL parser normalises them)
    ['http://2130706433:8080/hook', 'loopback'],
    ['http://0177.0.0.1:8080/hook', 'loopback'],
    ['http://0x7f.0.0.1:8080/hook', 'loopback'],
    ['http://017700000001:8080/hook', 'loopback'],
    ['http://127.1:8080/hook', 'loopback'],
    // A host name that resolves to loopback
    ['http://localhost:8080/hook', 'loopback'],
  ])('%s (%s)', async (url, reason) => {
    const message = await refused(url);
    expect(message).toContain(reason);
    expect(message).toMatch(/^Webhooks cannot be sent to /);
  });

  it('says which address a name resolved to', async () => {
    expect(await refused('http://localhost:9999/x')).toMatch(/localhost: it resolves to (127\.0\.0\.1|::1), a loopback address\./);
  });
});

describe('URL rules besides the address', () => {
  it.each([
    ['ftp://example.com/hook', 'https://'],
    ['file:///etc/passwd', 'https://'],
    ['gopher://example.com/', 'https://'],
    ['https://user:pass@example.com/hook', 'user name and password'],
    ['https://token@example.com/hook', 'user name and password'],
    ['https://8.8.8.8:22/hook', 'port'],
    ['https://8.8.8.8:25/hook', 'port'],
    ['not a url', 'not a valid URL'],
  ])('%s is refused (%s)', async (url, words) => {
    expect(await refused(url)).toContain(words);
  });

  it('public addresses and ports from 1024 up pass', async () => {
    for (const url of [
      'https://8.8.8.8/hook',
      'https://1.1.1.1:8443/hook',
      'http://93.184.216.34/hook',
      'https://[2606:4700:4700::1111]/hook',
      'https://[::ffff:8.8.8.8]/x',
    ]) {
      const target = await resolveWebhookTarget(url, { allowPrivate: false });
      expect(target.address, url).toMatch(/^[0-9a-f.:]+$/);
    }
  });
});

describe('QF_WEBHOOKS_ALLOW_PRIVATE=1 (local development and tests)', () => {
  afterEach(() => {
    delete process.env.QF_WEBHOOKS_ALLOW_PRIVATE;
  });

  it('lifts the address rule only', async () => {
    process.env.QF_WEBHOOKS_ALLOW_PRIVATE = '1';
    expect((await resolveWebhookTarget('http://127.0.0.1:8080/hook')).address).toBe('127.0.0.1');
    await expect(resolveWebhookTarget('ftp://127.0.0.1/hook')).rejects.toThrow(/https:\/\//);
    await expect(resolveWebhookTarget('http://a:b@127.0.0.1:8080/hook')).rejects.toThrow(/user name/);
    delete process.env.QF_WEBHOOKS_ALLOW_PRIVATE;
    await expect(resolveWebhookTarget('http://127.0.0.1:8080/hook')).rejects.toThrow(/loopback/);
  });
});

describe('address parsing', () => {
  it('expands IPv6 forms', () => {
    expect(ipv6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(ipv6Bytes('::ffff:127.0.0.1').slice(10)).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect(ipv6Bytes('fe80::1%eth0').slice(0, 2)).toEqual([0xfe, 0x80]);
  });

  it('passes public unicast and names the rest', () => {
    expect(blockedAddressReason('8.8.8.8')).toBeNull();
    expect(blockedAddressReason('2606:4700:4700::1111')).toBeNull();
    expect(blockedAddressReason('172.32.0.1')).toBeNull(); // just outside 172.16/12
    expect(blockedAddressReason('100.128.0.1')).toBeNull(); // just outside 100.64/10
    expect(blockedAddressReason('172.15.255.255')).toBeNull();
    expect(blockedAddressReason('::ffff:192.168.0.1')).toBe('a private address');
  });
});
