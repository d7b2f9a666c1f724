import { describe, expect, it } from 'vitest';
import { addressRefusal, compileAllowList, destinationRefusal } from './destination.ts';

// Where a webhook may go: public addresses only, unless an operator allows more.

const none = compileAllowList([]);

describe('addressRefusal', () => {
  it('refuses loopback, private, link-local, unique-local, CGNAT, unspecified, multicast and metadata addresses', () => {
    const internal = {
      '127.0.0.1': /loopback/,
      '127.9.9.9': /loopback/,
      '::1': /loopback/,
      '::ffff:127.0.0.1': /loopback/,
      '10.0.0.5': /private/,
      '172.16.3.4': /private/,
      '192.168.1.1': /private/,
      'fd12::1': /private/,
      '169.254.169.254': /link-local/,
      'fe80::1': /link-local/,
      'fd00:ec2::254': /private/,
      '100.64.0.1': /carrier-grade NAT/,
      '100.100.100.200': /carrier-grade NAT/,
      '0.0.0.0': /unspecified/,
      '::': /unspecified/,
      '224.0.0.1': /multicast/,
      'ff02::1': /multicast/,
      '255.255.255.255': /broadcast/,
      '168.63.129.16': /metadata/,
      // IPv4 wrapped in IPv6 by NAT64 or 6to4 could reach inside: refused whatever they wrap.
      '64:ff9b::a00:1': /special-purpose/,
      '2002:7f00:1::': /special-purpose/,
      '192.0.2.1': /reserved/,
    };
    for (const [address, reason] of Object.entries(internal)) expect(addressRefusal(address, none), address).toMatch(reason);
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(addressRefusal(address, none), address).toBeUndefined();
  });

  it('lets an operator allow addresses and ranges, nothing wider', () => {
    const allow = compileAllowList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(addressRefusal('127.0.0.1', allow)).toBeUndefined();
    expect(addressRefusal('::ffff:127.0.0.1', allow)).toBeUndefined();
    expect(addressRefusal('127.0.0.2', allow)).toMatch(/loopback/);
    expect(addressRefusal('10.200.0.1', allow)).toBeUndefined();
    expect(addressRefusal('192.168.0.1', allow)).toMatch(/private/);
    expect(addressRefusal('fd00:ec2::254', allow)).toBeUndefined();
  });
});

describe('destinationRefusal', () => {
  it('checks a literal address without DNS, and a name by what it resolves to', async () => {
    expect(await destinationRefusal('http://[::1]:22/', none)).toMatch(/^::1 is a loopback address/);
    expect(await destinationRefusal('http://169.254.169.254/latest/meta-data/', none)).toMatch(/169\.254\.169\.254 is a link-local address/);
    expect(await destinationRefusal('http://localhost:8080/hooks', none)).toMatch(/^localhost resolves to 127\.0\.0\.1, a loopback address/);
    expect(await destinationRefusal('https://93.184.215.14/hooks', none)).toBeUndefined();
  });

  it('lets an operator allow a host by name, whatever it resolves to', async () => {
    expect(await destinationRefusal('http://LocalHost:8080/hooks', compileAllowList(['localhost']))).toBeUndefined();
    expect(await destinationRefusal('http://localhost:8080/hooks', compileAllowList(['127.0.0.1']))).toBeUndefined();
  });
});
