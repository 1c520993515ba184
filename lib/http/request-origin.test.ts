import { describe, expect, it } from "vitest";
import { checkRequestOrigin } from "./request-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("a state-changing request's origin", () => {
  const host = { Host: "clinic.example.nhs.uk" };

  it("is not asked of GET, HEAD or OPTIONS", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(checkRequestOrigin(method, headers({ Origin: "https://evil.example" })).ok).toBe(true);
  });

  it("must be this host, by Origin or, without one, by Sec-Fetch-Site", () => {
    expect(checkRequestOrigin("POST", headers({ ...host, Origin: "https://clinic.example.nhs.uk" })).ok).toBe(true);
    expect(checkRequestOrigin("POST", headers({ ...host, Origin: "https://clinic.example.nhs.uk", "Sec-Fetch-Site": "same-origin" })).ok).toBe(true);
    expect(checkRequestOrigin("POST", headers({ ...host, "Sec-Fetch-Site": "same-origin" })).ok).toBe(true);
    expect(checkRequestOrigin("DELETE", headers({ ...host, Origin: "https://CLINIC.example.nhs.uk" })).ok).toBe(true);
  });

  it("refuses a foreign, null, malformed or missing Origin and cross-site fetch metadata", () => {
    const refused: Array<Record<string, string>> = [
      { Origin: "https://evil.example" },
      { Origin: "https://clinic.example.nhs.uk:8443" },
      { Origin: "null" },
      { Origin: "not a url" },
      {},
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site", Origin: "https://clinic.example.nhs.uk" },
      { "Sec-Fetch-Site": "none" },
    ];
    for (const values of refused) {
      expect(checkRequestOrigin("POST", headers({ ...host, ...values })).ok, JSON.stringify(values)).toBe(false);
    }
  });

  it("compares with X-Forwarded-Host when a proxy set it, as Next.js does for server actions", () => {
    const proxied = { Host: "10.0.0.5:3000", "X-Forwarded-Host": "clinic.example.nhs.uk" };
    expect(checkRequestOrigin("POST", headers({ ...proxied, Origin: "https://clinic.example.nhs.uk" })).ok).toBe(true);
    expect(checkRequestOrigin("POST", headers({ ...proxied, Origin: "http://10.0.0.5:3000" })).ok).toBe(false);
  });
});
