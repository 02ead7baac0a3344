import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUnsealError, seal, unseal } from "../src/index";
import { decodeBase64Url, encodeBase64Url } from "../src/seal/base64";
import { mutateAt, PASSWORD } from "./_helpers";

// JSON values survive a JSON round trip except -0 (it becomes 0); compare on that basis.
const jsonValue = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

describe("seal() / unseal() properties", () => {
  it("round-trips arbitrary JSON values", async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, async (value) => {
        expect(await unseal(await seal(value, PASSWORD), PASSWORD)).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it("changing any single character of any part makes unseal throw a typed error", async () => {
    const tokens = await Promise.all([
      seal({ user: "ada", n: 1 }, PASSWORD, { ttl: 3_600_000 }),
      seal(["x".repeat(100)], { id: "4", secret: PASSWORD }),
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tokens),
        fc.nat(),
        fc.integer({ min: 1, max: 63 }),
        async (token, position, shift) => {
          const index = position % token.length;
          const tampered = mutateAt(token, index, shift);
          fc.pre(tampered !== token);
          const error = await unseal(tampered, { 4: PASSWORD, default: PASSWORD }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isUnsealError(error)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("every character position of a token is covered by tampering", async () => {
    // Exhaustive over one short token: no position escapes the MAC or the parser.
    const token = await seal(1, { id: "4", secret: PASSWORD }, { ttl: 3_600_000 });
    for (let index = 0; index < token.length; index++) {
      const error = await unseal(mutateAt(token, index), { 4: PASSWORD, default: PASSWORD }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([index, isUnsealError(error)]).toEqual([index, true]);
    }
  });

  it("arbitrary strings never return data", async () => {
    const near = fc
      .array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 9 })
      .map((parts) => ["Fe26.2", ...parts].join("*"));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), near),
        async (text) => {
          const error = await unseal(text, PASSWORD).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isUnsealError(error)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("base64url", () => {
  it("matches the platform encoder and round-trips", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64url"));
        expect(decodeBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it("refuses characters outside the alphabet and impossible lengths", () => {
    for (const text of ["A", "AAAAA", "AA=", "A+A/", "AAé", " AAA"])
      expect(decodeBase64Url(text)).toBeUndefined();
  });
});
