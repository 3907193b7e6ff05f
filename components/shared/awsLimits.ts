/**
 * AWS values and bounds that both the configuration schema and the components check, kept in
 * one place so that the two never disagree.
 */
import { shown } from "./validation";

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The problem with a log-retention argument `key`, or undefined when CloudWatch accepts it. */
export function logRetentionProblem(key: string, days: number): string | undefined {
    return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
        ? undefined
        : `${key}: expected a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(", ")}), got ${shown(days)}`;
}

/** Fargate task CPU units and the task memory (MiB) each allows: [min, max, step]. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly [min: number, max: number, step: number]>> = {
    256: [512, 2048, 512],
    512: [1024, 4096, 1024],
    1024: [2048, 8192, 1024],
    2048: [4096, 16384, 1024],
    4096: [8192, 30720, 1024],
    8192: [16384, 61440, 4096],
    16384: [32768, 122880, 8192],
};

/** A container image reference: `[registry/]repository[:tag][@sha256:digest]`. */
export const IMAGE_REFERENCE =
    /^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * A URL path an ALB path pattern matches literally (`*` and `?` are wildcards there), at most
 * 128 characters: the health-check path, which a listener rule lets through without the
 * origin-verify header, must match that one path only. It also goes, single-quoted, into the
 * container's `CMD-SHELL` health check, so `'`, `"` and `$` (which an ALB pattern would accept)
 * are left out: no allowed character can end the quoting or expand.
 */
export const LITERAL_ALB_PATH = /^\/[A-Za-z0-9_./~@:+-]{0,127}$/;

/**
 * A CloudFront cache-behaviour path pattern: at most 255 characters of A-Z, a-z, 0-9,
 * `_ - . $ / ~ " ' @ : + &` and the wildcards `*` (0 or more characters) and `?` (exactly one).
 * Case-sensitive; a leading `/` is optional and makes no difference to CloudFront.
 */
export const CLOUDFRONT_PATH_PATTERN = /^[A-Za-z0-9_.$/~"'@:+&*?-]{1,255}$/;

/**
 * Most write path patterns the edge takes: each becomes an ordered cache behaviour. A project
 * bound, well below CloudFront's default quota of cache behaviours per distribution (75).
 */
export const MAX_WRITE_PATH_PATTERNS = 25;

/** One problem with a list of write path patterns: what is expected, and the offending value. */
export interface PathPatternProblem {
    readonly message: string;
    readonly input: unknown;
}

/**
 * Problems with write path patterns (empty when CloudFront accepts them and they leave reads to
 * the default behaviour): 1 to {@link MAX_WRITE_PATH_PATTERNS} patterns, each a
 * {@link CLOUDFRONT_PATH_PATTERN}, none matching every path (`*`, `/*`: the default behaviour, which
 * fails reads over, would never be used), and no two the same once the optional leading `/` is
 * dropped. Shared by the configuration schema and the edge component, which render them as
 * `<key>: <message>, got <input>`.
 */
export function writePathPatternProblems(patterns: readonly string[]): PathPatternProblem[] {
    const problems: PathPatternProblem[] = [];
    if (patterns.length < 1 || patterns.length > MAX_WRITE_PATH_PATTERNS) {
        problems.push({ message: `expected 1 to ${MAX_WRITE_PATH_PATTERNS} path patterns (one cache behaviour each)`, input: patterns });
    }
    const invalid = patterns.filter((p) => !CLOUDFRONT_PATH_PATTERN.test(p));
    if (invalid.length > 0) {
        problems.push({
            message: `expected CloudFront path patterns: 1-255 characters from A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ?`,
            input: invalid,
        });
    }
    const catchAll = patterns.filter((p) => /^\/?\*+$/.test(p));
    if (catchAll.length > 0) {
        problems.push({
            message: "expected patterns narrower than every path (the default behaviour serves reads, with origin failover)",
            input: catchAll,
        });
    }
    const canonical = patterns.map((p) => p.replace(/^\//, ""));
    const repeated = patterns.filter((_p, i) => canonical.indexOf(canonical[i]!) !== canonical.lastIndexOf(canonical[i]!));
    if (repeated.length > 0) {
        problems.push({ message: "expected distinct patterns (a leading / makes no difference to CloudFront)", input: repeated });
    }
    return problems;
}
