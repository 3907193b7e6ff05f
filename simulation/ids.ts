/**
 * Deterministic fake identifiers for the simulated cloud.
 *
 * Every id is derived from a stable seed (stack, type, logical name), so two runs of the
 * offline preview write byte-identical files and tests can assert exact values.
 */
import { createHash } from "node:crypto";

/** The AWS account the simulated cloud pretends to be. */
export const SIMULATED_ACCOUNT_ID = "123456789012";

/** Lower-case hex digest of `seed`, `length` characters long (max 64). */
export function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Upper-case alphanumeric id such as CloudFront's `E2ABC...` or Route 53's `Z1ABC...`. */
export function upperId(seed: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const digest = createHash("sha256").update(seed).digest();
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[digest[i % digest.length]! % alphabet.length];
    return out;
}

/** A UUID-shaped id (KMS key ids, health-check ids, WAF ids). */
export function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Pulumi auto-naming: the logical name plus a 7-character random-looking suffix. */
export function autoName(logicalName: string, seed: string, separator = "-"): string {
    return `${logicalName}${separator}${hex(seed, 7)}`;
}
