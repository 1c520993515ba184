import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { ACTION_BODY_LIMIT, declaredOver, readBodyWithin, readFormWithin } from "./body-limit";

function chunked(parts: number, size: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= parts) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("request body limits", () => {
  it("is the limit next.config.js gives server actions", async () => {
    // @ts-expect-error next.config.js is plain JavaScript, checked with its own JSDoc type.
    const nextConfig = (await import("@/next.config.js")).default as NextConfig;
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe(ACTION_BODY_LIMIT.nextConfig);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const request = new Request("http://x/", { method: "POST", body: "abc", headers: { "content-length": "999999" } });
    expect(declaredOver(request.headers, 1000)).toBe(true);
    const error = await readBodyWithin(request, 1000, "Too big: 1 KB at most").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "TOO_LARGE", status: 413, message: "Too big: 1 KB at most" });
  });

  it("stops reading a body without a length as soon as it passes the limit", async () => {
    const error = await readBodyWithin(chunked(100, 1024), 10 * 1024, "Too big").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_LARGE" });
    expect((await readBodyWithin(chunked(3, 1024), 10 * 1024, "Too big")).byteLength).toBe(3072);
  });

  it("reads a form within the limit, and gives no fields for something that is not a form", async () => {
    const form = new FormData();
    form.set("staffEmail", "gp@example.nhs.uk");
    const posted = new Request("http://x/", { method: "POST", body: form });
    expect((await readFormWithin(posted, 10_000, "Too big")).get("staffEmail")).toBe("gp@example.nhs.uk");
    const garbage = new Request("http://x/", { method: "POST", body: "}{", headers: { "content-type": "multipart/form-data; boundary=x" } });
    expect([...(await readFormWithin(garbage, 10_000, "Too big")).keys()]).toEqual([]);
  });
});
