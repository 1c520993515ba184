import { describe, expect, it } from "vitest";
import { envSchema, oidcSettings } from "./index";

const base = { DATABASE_URL: "postgresql://clinic@localhost:5432/clinic", NEXTAUTH_SECRET: "x".repeat(32) };

describe("OpenID Connect settings", () => {
  it("leave OIDC off when none is given, including empty strings", () => {
    const parsed = envSchema.parse({ ...base, OIDC_ISSUER: "", OIDC_CLIENT_ID: "", OIDC_TOKEN_AUTH_METHOD: "" });
    expect(oidcSettings(parsed)).toBeNull();
  });

  it("turn OIDC on with issuer, client id and secret, with sensible defaults", () => {
    const parsed = envSchema.parse({
      ...base,
      OIDC_ISSUER: "https://login.example.nhs.uk/",
      OIDC_CLIENT_ID: "clinic-day",
      OIDC_CLIENT_SECRET: "s3cret",
    });
    expect(oidcSettings(parsed)).toEqual({
      issuer: "https://login.example.nhs.uk",
      clientId: "clinic-day",
      clientSecret: "s3cret",
      name: "single sign-on",
      scopes: "openid email profile",
      tokenAuthMethod: "client_secret_basic",
      idTokenAlg: undefined,
      requireVerifiedEmail: true,
    });
  });

  it("name every missing setting when OIDC is half configured", () => {
    const parsed = envSchema.safeParse({ ...base, OIDC_ISSUER: "https://login.example.nhs.uk" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]);
  });

  it("refuse a plain-http issuer except on this machine", () => {
    const oidc = { OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" };
    expect(envSchema.safeParse({ ...base, ...oidc, OIDC_ISSUER: "http://login.example.nhs.uk" }).success).toBe(false);
    expect(envSchema.safeParse({ ...base, ...oidc, OIDC_ISSUER: "http://127.0.0.1:4799" }).success).toBe(true);
  });

  it("check the optional settings", () => {
    const oidc = { OIDC_ISSUER: "https://login.example.nhs.uk", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" };
    expect(envSchema.safeParse({ ...base, ...oidc, OIDC_SCOPES: "email profile" }).success).toBe(false);
    expect(envSchema.safeParse({ ...base, ...oidc, OIDC_TOKEN_AUTH_METHOD: "none" }).success).toBe(false);
    const parsed = envSchema.parse({
      ...base,
      ...oidc,
      OIDC_NAME: "NHS Care Identity",
      OIDC_REQUIRE_VERIFIED_EMAIL: "false",
      OIDC_ID_TOKEN_ALG: "RS512",
    });
    expect(oidcSettings(parsed)).toMatchObject({ name: "NHS Care Identity", requireVerifiedEmail: false, idTokenAlg: "RS512" });
  });
});

describe("TRUSTED_PROXIES", () => {
  it("is off when unset, and takes a hop count or addresses", () => {
    expect(envSchema.parse(base).TRUSTED_PROXIES).toBeUndefined();
    expect(envSchema.parse({ ...base, TRUSTED_PROXIES: "" }).TRUSTED_PROXIES).toBeUndefined();
    expect(envSchema.parse({ ...base, TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toBe("1");
    expect(envSchema.parse({ ...base, TRUSTED_PROXIES: "10.0.0.5, 2001:db8::1" }).TRUSTED_PROXIES).toBe("10.0.0.5, 2001:db8::1");
  });

  it("refuses anything else at start-up", () => {
    for (const value of ["11", "lb.internal", "10.0.0.5,", "-1"])
      expect(envSchema.safeParse({ ...base, TRUSTED_PROXIES: value }).success, value).toBe(false);
  });
});
