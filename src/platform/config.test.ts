import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const trust = (value: string) => loadConfig({ TOUCHPOINT_TRUST_PROXY: value }).trustProxy;

describe('TOUCHPOINT_TRUST_PROXY', () => {
  it('is off by default, a number of hops, or the proxies’ addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.2')).toEqual(['10.0.0.2']);
    expect(trust(' 10.0.0.0/8, fd00::/8 ,loopback')).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
  });

  it('refuses true, which trusted every hop, saying what to write instead', () => {
    expect(() => trust('true')).toThrow(/TOUCHPOINT_TRUST_PROXY: true would trust every hop.*number of proxies.*addresses/);
    expect(() => trust('10.0.0.0/33, proxy')).toThrow(/TOUCHPOINT_TRUST_PROXY: not a number of hops nor proxy addresses: 10.0.0.0\/33, proxy/);
  });
});

describe('TOUCHPOINT_WEBHOOK_ALLOW', () => {
  it('takes host names, addresses and ranges; nothing by default', () => {
    expect(loadConfig({}).webhookAllow).toEqual([]);
    expect(loadConfig({ TOUCHPOINT_WEBHOOK_ALLOW: 'Hooks.Internal, 127.0.0.1,10.0.0.0/8, ::1' }).webhookAllow).toEqual(['hooks.internal', '127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ TOUCHPOINT_WEBHOOK_ALLOW: 'http://x/, 300.1.1.1/8' })).toThrow(/TOUCHPOINT_WEBHOOK_ALLOW: not a host name, address or CIDR range: http:\/\/x\/, 300.1.1.1\/8/);
  });
});
