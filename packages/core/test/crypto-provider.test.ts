// The two implementations of the crypto port: the same bytes for the same
// inputs, so tokens are the same whichever provider a build uses. This file
// runs in both vitest projects; the provider under test is the build's.
import { createDecipheriv, webcrypto } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { seal, unseal } from "../src/index";
import { webCrypto } from "../src/seal/crypto";
import { nodeCrypto } from "../src/seal/crypto-node";
import { crypto as provider } from "../src/seal/provider";
import { PASSWORD } from "./_helpers";

const random = (size: number) => webcrypto.getRandomValues(new Uint8Array(size));
const text = (size: number) => new TextEncoder().encode("x".repeat(size));

describe("node:crypto and Web Crypto providers", () => {
  it.each(["aes-256-cbc", "aes-128-ctr"] as const)(
    "%s: a derived key encrypts to the same bytes, and each decrypts the other's",
    async (algorithm) => {
      for (const size of [0, 1, 15, 16, 17, 1000]) {
        const salt = Buffer.from(random(32)).toString("hex");
        const [a, b] = await Promise.all(
          [webCrypto, nodeCrypto].map(async (p) =>
            p.deriveKey(await p.importPassword(PASSWORD), salt, 100, algorithm),
          ),
        );
        const iv = random(16);
        const data = random(size);
        const fromWeb = await webCrypto.encrypt(algorithm, a as never, iv, data);
        const fromNode = await nodeCrypto.encrypt(algorithm, b as never, iv, data);
        expect(Buffer.from(fromNode).toString("hex")).toBe(Buffer.from(fromWeb).toString("hex"));
        expect(
          await nodeCrypto.decrypt(algorithm, b as never, iv, new Uint8Array(fromWeb)),
        ).toEqual(data);
        expect(
          new Uint8Array(
            await webCrypto.decrypt(algorithm, a as never, iv, new Uint8Array(fromNode)),
          ),
        ).toEqual(data);
      }
    },
  );

  it("AES-256-GCM: both open what Web Crypto sealed, and both refuse a changed byte", async () => {
    for (const size of [0, 1, 16, 1000]) {
      const raw = random(32);
      const iv = random(12);
      const data = random(size);
      const key = await webcrypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
      const sealed = new Uint8Array(
        await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, data),
      );
      for (const p of [webCrypto, nodeCrypto]) {
        const imported = await p.importGcmKey(raw);
        expect(new Uint8Array(await p.decryptGcm(imported, iv, sealed))).toEqual(data);
        const changed = sealed.slice();
        changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 1;
        await expect(p.decryptGcm(imported, iv, changed)).rejects.toThrow();
      }
    }
  });

  it("AES-256-GCM under HKDF-SHA256 keys: one provider's ciphertext and tag are the other's, AAD included", async () => {
    const salt = new TextEncoder().encode("a".repeat(64));
    const info = new TextEncoder().encode("aes-256-gcm");
    for (const size of [0, 1, 16, 1000]) {
      const secret = random(40);
      const iv = random(12);
      const aad = random(size % 7);
      const data = random(size);
      const [web, node] = await Promise.all(
        [webCrypto, nodeCrypto].map(async (p) =>
          p.deriveGcmKey(await p.importHkdf(secret), salt, info),
        ),
      );
      const sealedWeb = await webCrypto.encryptGcm(web as never, iv, data, aad);
      const sealedNode = await nodeCrypto.encryptGcm(node as never, iv, data, aad);
      expect(new Uint8Array(sealedNode)).toEqual(new Uint8Array(sealedWeb));
      expect(sealedWeb.length).toBe(size + 16);
      expect(
        new Uint8Array(
          await nodeCrypto.decryptGcm(node as never, iv, new Uint8Array(sealedWeb), aad),
        ),
      ).toEqual(data);
      const otherAad = new TextEncoder().encode("other");
      await expect(
        webCrypto.decryptGcm(web as never, iv, new Uint8Array(sealedNode), otherAad),
      ).rejects.toThrow();
      await expect(
        nodeCrypto.decryptGcm(node as never, iv, new Uint8Array(sealedWeb), otherAad),
      ).rejects.toThrow();
    }
  });

  it("HMAC-SHA256 with a derived or a raw key gives the same MAC", async () => {
    const salt = "a-salt";
    const derived = await Promise.all(
      [webCrypto, nodeCrypto].map(async (p) =>
        p.deriveKey(await p.importPassword(PASSWORD), salt, 8192, "sha256"),
      ),
    );
    const raw = random(48);
    const imported = await Promise.all(
      [webCrypto, nodeCrypto].map((p) => p.importKey(raw, "sha256")),
    );
    const data = text(333);
    for (const [w, n] of [derived, imported]) {
      const macs = await Promise.all([
        webCrypto.sign(w as never, data),
        nodeCrypto.sign(n as never, data),
      ]);
      expect(Buffer.from(macs[1]).toString("hex")).toBe(Buffer.from(macs[0]).toString("hex"));
    }
  });

  it("both refuse bad padding and a raw AES key of the wrong size", async () => {
    const key = random(32);
    const iv = random(16);
    // A random ciphertext has valid PKCS#7 padding about once in 256: pick one
    // whose last plaintext byte (read without unpadding) is 0 or over 16, never valid.
    let ciphertext = random(32);
    const lastByte = (c: Uint8Array) => {
      const raw = createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
      const plain = Buffer.concat([raw.update(c), raw.final()]);
      return plain[plain.length - 1] as number;
    };
    while (lastByte(ciphertext) >= 1 && lastByte(ciphertext) <= 16) ciphertext = random(32);
    for (const p of [webCrypto, nodeCrypto]) {
      const k = await p.importKey(key, "aes-256-cbc");
      await expect(p.decrypt("aes-256-cbc", k, iv, ciphertext)).rejects.toThrow();
      await expect(p.importKey(random(16), "aes-256-cbc")).rejects.toThrow();
    }
  });

  it("UTF-8 and base64url: the same text and bytes, and the same refusals", () => {
    for (const sample of [
      "",
      "a",
      "ascii*text",
      "é, ☃, 𝄞 and a lone \ud800 surrogate",
      "x".repeat(5000),
    ]) {
      expect(Buffer.from(nodeCrypto.utf8(sample)).toString("hex")).toBe(
        Buffer.from(webCrypto.utf8(sample)).toString("hex"),
      );
    }
    for (let size = 0; size < 70; size++) {
      const bytes = random(size);
      const encoded = webCrypto.encodeBase64Url(bytes);
      expect(nodeCrypto.encodeBase64Url(bytes)).toBe(encoded);
      expect(encoded).toBe(Buffer.from(bytes).toString("base64url"));
      for (const p of [webCrypto, nodeCrypto])
        expect(Array.from(p.decodeBase64Url(encoded) ?? [0])).toEqual(Array.from(bytes));
    }
    // A view into a larger buffer encodes only its own bytes.
    const view = random(40).subarray(5, 21);
    expect(nodeCrypto.encodeBase64Url(view)).toBe(webCrypto.encodeBase64Url(view));
    // Padding, the standard alphabet, white space, a 4n+1 length, non-ASCII: refused by both.
    for (const bad of ["AAA=", "AA+A", "AA/A", "AA A", "AAAAA", "AAÄA", "A\nAA", "AA*A"]) {
      expect([bad, webCrypto.decodeBase64Url(bad)]).toEqual([bad, undefined]);
      expect([bad, nodeCrypto.decodeBase64Url(bad)]).toEqual([bad, undefined]);
    }
  });

  it("random bytes and ids have the asked size and form", () => {
    for (const p of [webCrypto, nodeCrypto]) {
      expect(p.randomBytes(24)).toHaveLength(24);
      expect(p.randomUUID()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});

describe("the build's provider", () => {
  it("seals through it: node:crypto makes no Web Crypto call, Web Crypto does", async () => {
    const encrypt = vi.spyOn(globalThis.crypto.subtle, "encrypt");
    try {
      const token = await seal({ n: 1 }, PASSWORD, { saltReuse: false });
      expect(await unseal(token, PASSWORD)).toEqual({ n: 1 });
      expect(encrypt.mock.calls.length).toBe(provider === nodeCrypto ? 0 : 1);
    } finally {
      encrypt.mockRestore();
    }
  });
});
