/**
 * Property paths the way the engine writes them (`origins[0].domainName`, `tags.Name`) and the
 * patterns that match them: `ignoreChanges` and `replaceOnChanges` options (`a.b`, `a[*]`,
 * `a[0]`, `["key.with.dots"]`) and the replacement data (`ingress[].fromPort`, `[]` = any element).
 */

/** The segments of a path or pattern; `*` stands for any segment. */
export function pathSegments(path: string): string[] {
    const segments: string[] = [];
    const re = /\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[(\*|\d*)\]|\.?([^.[\]]+)/g;
    for (const m of path.matchAll(re)) {
        if (m[1] !== undefined) segments.push(m[1]);
        else if (m[2] !== undefined) segments.push(m[2] === "" || m[2] === "*" ? "*" : m[2]);
        else if (m[3] !== undefined) segments.push(m[3] === "*" ? "*" : m[3]);
    }
    return segments;
}

/** Appends a key or an index to a path. */
export function childPath(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    const plain = /^[A-Za-z_$][\w$-]*$/.test(key);
    if (!plain) return `${path}["${key.replace(/"/g, '\\"')}"]`;
    return path === "" ? key : `${path}.${key}`;
}

const segmentMatches = (pattern: string, segment: string) => pattern === "*" || pattern === segment;

/** Whether `pattern` names `path` or one of its ancestors (the pattern covers the path). */
export function coversPath(pattern: string, path: string): boolean {
    if (pattern === "*") return true;
    const p = pathSegments(pattern);
    const s = pathSegments(path);
    return p.length <= s.length && p.every((seg, i) => segmentMatches(seg, s[i]!));
}

/**
 * Whether a change at `path` touches `pattern`: the pattern covers the path, or the path is an
 * ancestor of the pattern (a whole block that holds the named field was added, removed or
 * rewritten).
 */
export function touchesPath(pattern: string, path: string): boolean {
    if (coversPath(pattern, path)) return true;
    const p = pathSegments(pattern);
    const s = pathSegments(path);
    return s.length < p.length && s.every((seg, i) => segmentMatches(p[i]!, seg));
}
