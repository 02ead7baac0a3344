/**
 * @module The secret policy: what a secret must be before it seals — long
 * enough for its key options, not one character or byte repeated, and, where
 * `weakSecrets` says "refuse", no repeated pattern or placeholder word.
 */
import { PasswordInvalidError, PasswordShortError, PasswordWeakError } from "../errors";
import { warnOnce } from "../warn";
import { ALGORITHMS, type EncryptionAlgorithm, type IntegrityAlgorithm } from "./algorithms";
import type { KeyOptions } from "./key-options";
import { Lru } from "./lru";
import type { Secret, SecretPair } from "./password";

type CheckedOptions = {
  readonly encryption: KeyOptions<EncryptionAlgorithm>;
  readonly integrity: KeyOptions<IntegrityAlgorithm>;
  readonly weakSecrets: "refuse" | "warn";
};

// The options each pair of raw keys last passed its checks with: a session
// config's pairs and resolved options are the same objects on every request.
const checkedKeys = new WeakMap<SecretPair, CheckedOptions>();
// The terms each password string last passed under: a one-off seal() or
// unseal() makes a new pair on every call, and checking one costs about 1 µs.
const checkedPasswords = new Lru<string, string>(64);

/** Throws the configuration error a seal with these secrets and key options would hit. */
export function checkSecrets(pair: SecretPair, options: CheckedOptions): void {
  const { encryption, integrity } = pair;
  if (typeof encryption === "string" && typeof integrity === "string") {
    checkPassword(encryption, options.encryption, options.weakSecrets);
    if (integrity !== encryption) checkPassword(integrity, options.integrity, options.weakSecrets);
    return;
  }
  if (checkedKeys.get(pair) === options) return;
  checkSecret(encryption, options.encryption, options.weakSecrets);
  if (integrity !== encryption) checkSecret(integrity, options.integrity, options.weakSecrets);
  checkedKeys.set(pair, options);
}

// A password's checks depend on these terms alone; its warnings are said once anyway.
function checkPassword(
  secret: string,
  options: KeyOptions<EncryptionAlgorithm | IntegrityAlgorithm>,
  weak: "refuse" | "warn",
): void {
  const terms = `${options.minPasswordlength}:${weak}`;
  if (checkedPasswords.get(secret) === terms) return;
  checkSecret(secret, options, weak);
  checkedPasswords.set(secret, terms);
}

function checkSecret(
  secret: Secret,
  options: KeyOptions<EncryptionAlgorithm | IntegrityAlgorithm>,
  weak: "refuse" | "warn",
): void {
  if (typeof secret === "string") {
    if (secret.length < options.minPasswordlength)
      throw new PasswordShortError(secret.length, options.minPasswordlength);
    if (secret.trim() !== secret) {
      // Used as it is, as h3 and iron do: tokens already sealed with it keep opening.
      warnOnce(
        "SEALED_SESSION_PASSWORD_WHITESPACE",
        "The password starts or ends with white space (a newline from a .env file or `echo`?). It is used as it is; to drop it, rotate (`npx sealed-session rotate`) so that tokens sealed with it still open.",
      );
    }
    const repeats = period(secret, (i) => secret.charCodeAt(i));
    if (repeats === 1) {
      throw new PasswordInvalidError(
        `The password is one character repeated: anyone could guess it. ${GENERATE}`,
      );
    }
    const word = repeats ? undefined : PLACEHOLDER.exec(secret)?.[1];
    if (repeats || word) {
      const why = repeats
        ? `repeats a ${repeats}-long pattern throughout`
        : `holds the placeholder word "${word}"`;
      weakSecret(weak, `The password ${why}: it looks written by hand, not generated. ${GENERATE}`);
    }
    return;
  }
  const repeats = period(secret, (i) => secret[i] as number);
  if (repeats === 1) {
    throw new PasswordInvalidError(
      `The raw key is one byte repeated (as new Uint8Array(32), all zeros, is): anyone could forge tokens. ${RANDOM_KEY}`,
    );
  }
  if (repeats)
    weakSecret(
      weak,
      `The raw key repeats a ${repeats}-byte pattern throughout: it is not random. ${RANDOM_KEY}`,
    );
  const bytes = ALGORITHMS[options.algorithm].keyBits / 8;
  // AES takes exactly its key size; HMAC takes any key of at least its size.
  if (options.algorithm === "sha256" ? secret.length < bytes : secret.length !== bytes) {
    const size = options.algorithm === "sha256" ? `${bytes} bytes or more` : `${bytes} bytes`;
    throw new PasswordInvalidError(
      `A raw key for ${options.algorithm} must be ${size}, not ${secret.length}.`,
    );
  }
}

const GENERATE = "Generate one with `npx sealed-session gen-password`.";
const RANDOM_KEY = "Use random bytes: crypto.getRandomValues(new Uint8Array(32)).";

// Words that stand in for a secret in examples and templates, as whole words
// (a random secret holds one with odds of about 1 in 10^7).
const PLACEHOLDER =
  /(?:^|[^a-z])(change[-_ ]?me|replace[-_ ]?me|secret|password|example|placeholder|your[-_ ][a-z]+)(?![a-z])/i;

// Weak but not worthless: refused where the options say so (production by
// default), else said once per secret's reason.
function weakSecret(weak: "refuse" | "warn", message: string): void {
  if (weak === "refuse")
    throw new PasswordWeakError(
      `${message} (weakSecrets: "warn" turns this refusal into a warning.)`,
    );
  warnOnce("SEALED_SESSION_WEAK_PASSWORD", message);
}

// The length of the shortest pattern the secret repeats throughout at least
// twice ("a".repeat(32), "changeme".repeat(4)), if any. A random secret has
// none; a mismatch ends each try at once, so this costs about one pass.
function period(
  secret: { readonly length: number },
  at: (index: number) => number,
): number | undefined {
  for (let p = 1; p <= secret.length / 2; p++) {
    let repeats = true;
    for (let i = p; i < secret.length && repeats; i++) repeats = at(i) === at(i - p);
    if (repeats) return p;
  }
  return undefined;
}
