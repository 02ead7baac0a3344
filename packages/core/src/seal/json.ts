/**
 * @module JSON in and out of a token: `data` serialized (or the `encode`
 * option applied), and the decrypted text parsed (or `decode` applied), each
 * failure typed.
 */
import { SealDataError, SealDecryptError } from "../errors";

/** The decrypted text as data: `JSON.parse`, or the `decode` option; `SealDecryptError` when it fails. */
export function parseJson(json: string, decode: ((text: string) => unknown) | undefined): unknown {
  try {
    return decode ? decode(json) : JSON.parse(json);
  } catch (cause) {
    throw new SealDecryptError({ cause });
  }
}

/** `data` as JSON, or `SealDataError`. */
export function serialize(data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (cause) {
    throw new SealDataError(
      "The data cannot be serialized to JSON (it holds a BigInt or a cycle).",
      { cause },
    );
  }
  if (json === undefined)
    throw new SealDataError(
      `The data cannot be serialized to JSON (${typeof data} is not a JSON value).`,
    );
  return json;
}

/** `data` through the `encode` option, which must give a string; `SealDataError` otherwise. */
export function encodeWith(encode: (data: unknown) => string, data: unknown): string {
  let text: unknown;
  try {
    text = encode(data);
  } catch (cause) {
    throw new SealDataError("The encode option could not encode the data.", { cause });
  }
  if (typeof text !== "string")
    throw new SealDataError(`The encode option must return a string, not ${typeof text}.`);
  return text;
}
