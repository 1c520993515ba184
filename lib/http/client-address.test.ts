import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, NO_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from "./client-address";

function trust(value: string): TrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.trust;
}

describe("the client address", () => {
  it("is the connection's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    for (const header of ["203.0.113.9", "1.1.1.1, 2.2.2.2", "", undefined, "not an address"]) {
      expect(clientAddress("10.1.2.3", header, NO_TRUSTED_PROXIES)).toBe("10.1.2.3");
    }
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.9", NO_TRUSTED_PROXIES)).toBe("127.0.0.1");
  });

  it("takes the entry the trusted hops added, never one further left", () => {
    // client 198.51.100.7 → load balancer (adds the client) → app; an attacker's own entries sit further left.
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7", trust("1"))).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", trust("2"))).toBe("198.51.100.7");
    // Fewer entries than hops: the furthest one there is.
    expect(clientAddress("10.0.0.2", "198.51.100.7", trust("3"))).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", undefined, trust("1"))).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.7"], trust("1"))).toBe("198.51.100.7");
  });

  it("skips only the named proxies, from the connection outwards", () => {
    const proxies = trust("10.0.0.1, 10.0.0.2");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", proxies)).toBe("198.51.100.7");
    // A peer that is not a named proxy is the client, whatever it forwards.
    expect(clientAddress("192.0.2.50", "198.51.100.7", proxies)).toBe("192.0.2.50");
    expect(clientAddress("10.0.0.1", "10.0.0.2", proxies)).toBe("10.0.0.2");
  });

  it("falls back to the connection when a trusted entry is not an address", () => {
    expect(clientAddress("10.0.0.2", "garbage", trust("1"))).toBe("10.0.0.2");
  });

  it("normalises the ways addresses are written", () => {
    expect(normaliseAddress("[::1]:4321")).toBe("::1");
    expect(normaliseAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normaliseAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normaliseAddress("example.com")).toBeNull();
  });
});

describe("the TRUSTED_PROXIES setting", () => {
  it("is off by default, and reads a hop count or addresses", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ ok: true, trust: NO_TRUSTED_PROXIES });
    expect(parseTrustedProxies(" ")).toEqual({ ok: true, trust: NO_TRUSTED_PROXIES });
    expect(parseTrustedProxies("0")).toEqual({ ok: true, trust: NO_TRUSTED_PROXIES });
    expect(parseTrustedProxies("2")).toEqual({ ok: true, trust: { kind: "hops", hops: 2 } });
    expect(parseTrustedProxies("10.0.0.1,::ffff:10.0.0.2")).toEqual({
      ok: true,
      trust: { kind: "addresses", addresses: new Set(["10.0.0.1", "10.0.0.2"]) },
    });
  });

  it("names what is wrong", () => {
    expect(parseTrustedProxies("11")).toMatchObject({ ok: false });
    expect(parseTrustedProxies("10.0.0.1, lb.internal")).toEqual({ ok: false, message: 'TRUSTED_PROXIES: "lb.internal" is not an IP address' });
  });
});
