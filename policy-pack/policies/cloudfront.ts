/**
 * CloudFront controls and the edge-failover reliability rule. Controls that need a domain and certificate
 * (CloudFront.7/.8/.15/.9/.10) are advisory by default: in evaluation mode the distribution uses the
 * default certificate and reaches the ALBs over HTTP by their DNS names.
 */
import { resourcePolicy, stackPolicy } from "./lib/define";
import { UNKNOWN, get, isSet, list, num, str, strings } from "./lib/values";

export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

/**
 * Default and ordered cache behaviours, each with a label for messages. Unknown ordered behaviours are left
 * out: they never hide the default behaviour.
 */
function behaviours(props: Record<string, unknown>): { label: string; b: unknown }[] {
    const ordered = list(get(props, "orderedCacheBehaviors"));
    const out = [{ label: "defaultCacheBehavior", b: get(props, "defaultCacheBehavior") }];
    if (ordered !== UNKNOWN)
        (ordered ?? []).forEach((b, i) => {
            out.push({ label: `orderedCacheBehaviors[${i}]`, b });
        });
    return out;
}

export const cloudfrontDefaultRootObject = resourcePolicy({
    name: "cloudfront-default-root-object",
    description: "CloudFront.1: distributions set a default root object (exempt a pure API origin, with a reason).",
    controls: ["CloudFront.1"],
    enforcementLevel: "advisory",
    types: [DISTRIBUTION],
    module: __filename,
    validate: ({ props, report }) => {
        const v = get(props, "defaultRootObject");
        if (v !== UNKNOWN && !isSet(v)) report("defaultRootObject is not set.");
    },
});

export const cloudfrontViewerHttpsOnly = resourcePolicy({
    name: "cloudfront-viewer-https-only",
    description: "CloudFront.3: every cache behaviour requires HTTPS from viewers (viewerProtocolPolicy is not allow-all).",
    controls: ["CloudFront.3", "MISSION.EncryptionInTransit"],
    enforcementLevel: "mandatory",
    types: [DISTRIBUTION],
    module: __filename,
    validate: ({ props, report }) => {
        for (const { label, b } of behaviours(props)) {
            const p = str(get(b, "viewerProtocolPolicy"));
            if (p === "allow-all") report(`${label}.viewerProtocolPolicy is "allow-all"; expected "redirect-to-https" or "https-only".`);
        }
    },
});

const FAILOVER_STATUS_CODES = [500, 502, 503, 504];
/** Methods a behaviour targeting an origin group may allow. */
const READ_METHODS = ["GET", "HEAD", "OPTIONS"];

export const cloudfrontOriginFailover = resourcePolicy({
    name: "cloudfront-origin-failover",
    description:
        "CloudFront.4: an origin group with two members fails over on 500, 502, 503 and 504, the default behaviour targets it, and no behaviour on an origin group allows write methods (CloudFront refuses them).",
    controls: ["CloudFront.4"],
    enforcementLevel: "mandatory",
    types: [DISTRIBUTION],
    module: __filename,
    validate: ({ props, report }) => {
        const groups = list(get(props, "originGroups"));
        if (groups === UNKNOWN) return;
        if (!groups || groups.length === 0) return report("No originGroups: origin failover is not configured.");
        const target = str(get(props, "defaultCacheBehavior", "targetOriginId"));
        const ids = groups.map((g) => str(get(g, "originId")));
        if (target !== UNKNOWN && !ids.includes(UNKNOWN) && target !== undefined && !ids.includes(target)) {
            report(`defaultCacheBehavior.targetOriginId "${target}" is not an origin group.`);
        }
        // CloudFront refuses, at create time, a behaviour that targets an origin group and allows
        // a write method: origin failover is for GET, HEAD and OPTIONS only.
        const groupIds = ids.filter((id): id is string => typeof id === "string");
        const behaviours: [string, unknown][] = [["defaultCacheBehavior", get(props, "defaultCacheBehavior")]];
        const ordered = list(get(props, "orderedCacheBehaviors"));
        if (ordered !== UNKNOWN) for (const [i, b] of (ordered ?? []).entries()) behaviours.push([`orderedCacheBehaviors[${i}]`, b]);
        for (const [where, behaviour] of behaviours) {
            const targetId = str(get(behaviour, "targetOriginId"));
            const methods = list(get(behaviour, "allowedMethods"));
            if (targetId === UNKNOWN || targetId === undefined || !groupIds.includes(targetId) || methods === UNKNOWN || !methods) continue;
            const writes = methods.filter((m): m is string => typeof m === "string" && !READ_METHODS.includes(m));
            if (writes.length)
                report(
                    `${where} targets origin group "${targetId}" but allows ${writes.join(", ")}; CloudFront allows only GET, HEAD and OPTIONS on an origin group.`,
                );
        }
        groups.forEach((g, i) => {
            const id = typeof ids[i] === "string" ? ids[i] : String(i);
            const members = list(get(g, "members"));
            if (members !== UNKNOWN && (members?.length ?? 0) < 2)
                report(`Origin group ${id} has ${members?.length ?? 0} member(s); expected 2.`);
            const codes = list(get(g, "failoverCriteria", "statusCodes"));
            if (codes === UNKNOWN || codes?.includes(UNKNOWN)) return;
            const missing = FAILOVER_STATUS_CODES.filter((c) => !(codes ?? []).some((x) => Number(x) === c));
            if (missing.length) report(`Origin group ${id} does not fail over on ${missing.join(", ")}.`);
        });
    },
});

export const cloudfrontOriginFailoverFast = resourcePolicy<{ maxCloudFrontFailoverSeconds: number }>({
    name: "cloudfront-origin-failover-fast",
    description:
        "Edge failover: for every origin in an origin group, connectionTimeout x connectionAttempts is within the configured bound.",
    controls: ["REL.EdgeFailover"],
    enforcementLevel: "mandatory",
    types: [DISTRIBUTION],
    config: { maxCloudFrontFailoverSeconds: { type: "integer", minimum: 1, maximum: 30, default: 30 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        const groups = list(get(props, "originGroups"));
        const origins = list(get(props, "origins"));
        if (groups === UNKNOWN || origins === UNKNOWN || !groups || !origins) return;
        // Only origins known to be in a group are judged: an unknown group or member list (or member id) may
        // hide more members, but never turns a known member's slow failover into something unprovable.
        const grouped = new Set<string>();
        for (const g of groups) {
            const members = list(get(g, "members"));
            if (members === UNKNOWN) continue;
            for (const m of members ?? []) {
                const id = str(get(m, "originId"));
                if (typeof id === "string") grouped.add(id);
            }
        }
        for (const o of origins) {
            const id = str(get(o, "originId"));
            if (typeof id !== "string" || !grouped.has(id)) continue;
            // CloudFront defaults: 10 s timeout, 3 attempts.
            const timeout = num(get(o, "connectionTimeout")) ?? 10;
            const attempts = num(get(o, "connectionAttempts")) ?? 3;
            if (timeout === UNKNOWN || attempts === UNKNOWN) continue;
            if (timeout * attempts > config.maxCloudFrontFailoverSeconds) {
                report(
                    `Origin ${id} takes ${timeout} s x ${attempts} attempt(s) = ${timeout * attempts} s before failover; expected at most ${config.maxCloudFrontFailoverSeconds} s.`,
                );
            }
        }
    },
});

export const cloudfrontAccessLogging = stackPolicy({
    name: "cloudfront-access-logging",
    description: "CloudFront.5: distributions log access (loggingConfig to S3, or a CloudWatch log delivery source).",
    controls: ["CloudFront.5"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const d of graph.ofType(DISTRIBUTION)) {
            const bucket = get(d.props, "loggingConfig", "bucket");
            if (bucket === UNKNOWN || isSet(bucket)) continue;
            const { found, unattributed } = graph.companionsOf(d, ["aws:cloudwatch/logDeliverySource:LogDeliverySource"], "resourceArn", [
                DISTRIBUTION,
            ]);
            if (found.length === 0 && !unattributed)
                report(`Distribution "${d.name}" has no access logging (loggingConfig.bucket or a LogDeliverySource).`, d.urn);
        }
    },
});

export const cloudfrontWafAttached = stackPolicy({
    name: "cloudfront-waf-attached",
    description: "CloudFront.6: distributions are associated with a WAFv2 web ACL of scope CLOUDFRONT.",
    controls: ["CloudFront.6"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const d of graph.ofType(DISTRIBUTION)) {
            const id = get(d.props, "webAclId");
            if (id === UNKNOWN) continue;
            if (!isSet(id)) {
                report(`Distribution "${d.name}" has no webAclId.`, d.urn);
                continue;
            }
            for (const acl of d.propertyDependencies?.webAclId ?? []) {
                if (acl.type !== "aws:wafv2/webAcl:WebAcl") continue;
                const scope = str(get(acl.props, "scope"));
                if (typeof scope === "string" && scope !== "CLOUDFRONT")
                    report(`Distribution "${d.name}" uses web ACL "${acl.name}" of scope ${scope}; expected CLOUDFRONT.`, d.urn);
            }
        }
    },
});

const MODERN_TLS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const cloudfrontCustomCertificateTls = resourcePolicy({
    name: "cloudfront-custom-certificate-tls",
    description:
        "CloudFront.7, CloudFront.8, CloudFront.15: a custom ACM certificate, SNI, and minimum TLSv1.2_2021 (domain mode: advisory in evaluation mode).",
    controls: ["CloudFront.7", "CloudFront.8", "CloudFront.15"],
    enforcementLevel: "advisory",
    types: [DISTRIBUTION],
    module: __filename,
    validate: ({ props, report }) => {
        const vc = get(props, "viewerCertificate");
        if (vc === UNKNOWN) return;
        const acm = get(vc, "acmCertificateArn");
        const iam = get(vc, "iamCertificateId");
        // An unknown certificate id is a custom certificate not yet created: SNI and the TLS floor are still judged.
        if (acm !== UNKNOWN && iam !== UNKNOWN && !isSet(acm) && !isSet(iam)) {
            return report("viewerCertificate uses the CloudFront default certificate; expected a custom certificate.");
        }
        const sni = str(get(vc, "sslSupportMethod"));
        if (typeof sni === "string" && sni !== "sni-only") report(`viewerCertificate.sslSupportMethod is "${sni}"; expected "sni-only".`);
        const min = str(get(vc, "minimumProtocolVersion"));
        if (min !== UNKNOWN && (min === undefined || !MODERN_TLS.includes(min))) {
            report(`viewerCertificate.minimumProtocolVersion is ${min ? `"${min}"` : "unset"}; expected TLSv1.2_2021 or newer.`);
        }
    },
});

export const cloudfrontOriginHttpsTls12 = resourcePolicy({
    name: "cloudfront-origin-https-tls12",
    description:
        "CloudFront.9, CloudFront.10: custom origins are reached over HTTPS with TLSv1.2 only (domain mode: advisory in evaluation mode).",
    controls: ["CloudFront.9", "CloudFront.10"],
    enforcementLevel: "advisory",
    types: [DISTRIBUTION],
    module: __filename,
    validate: ({ props, report }) => {
        const origins = list(get(props, "origins"));
        if (origins === UNKNOWN || !origins) return;
        origins.forEach((o, i) => {
            const cfg = get(o, "customOriginConfig");
            if (cfg === UNKNOWN || cfg === undefined || cfg === null) return;
            const idv = str(get(o, "originId"));
            const id = typeof idv === "string" ? idv : String(i);
            const policy = str(get(cfg, "originProtocolPolicy"));
            if (typeof policy === "string" && policy !== "https-only")
                report(`Origin ${id} originProtocolPolicy is "${policy}"; expected "https-only".`);
            const protos = strings(get(cfg, "originSslProtocols"));
            if (protos === UNKNOWN || protos?.includes(UNKNOWN)) return;
            const weak = (protos ?? []).filter((p) => p !== "TLSv1.2");
            if (weak.length) report(`Origin ${id} originSslProtocols allows ${weak.join(", ")}; expected TLSv1.2 only.`);
        });
    },
});

export const cloudfrontPolicies = [
    cloudfrontDefaultRootObject,
    cloudfrontViewerHttpsOnly,
    cloudfrontOriginFailover,
    cloudfrontOriginFailoverFast,
    cloudfrontAccessLogging,
    cloudfrontWafAttached,
    cloudfrontCustomCertificateTls,
    cloudfrontOriginHttpsTls12,
];
