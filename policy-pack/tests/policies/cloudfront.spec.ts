import { expect } from "chai";
import * as cf from "../../policies/cloudfront";
import { type StackItem, U, checkResource, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

const D = "aws:cloudfront/distribution:Distribution";
const origin = (id: string) => ({
    originId: id,
    domainName: `${id}.elb.amazonaws.com`,
    connectionTimeout: 3,
    connectionAttempts: 1,
    customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], httpPort: 80, httpsPort: 443 },
});
const distribution = {
    enabled: true,
    defaultRootObject: "index.html",
    origins: [origin("us-east-1"), origin("eu-west-1")],
    originGroups: [
        {
            originId: "failover",
            failoverCriteria: { statusCodes: [500, 502, 503, 504] },
            members: [{ originId: "us-east-1" }, { originId: "eu-west-1" }],
        },
    ],
    defaultCacheBehavior: {
        targetOriginId: "failover",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
    },
    orderedCacheBehaviors: [{ pathPattern: "/api/*", targetOriginId: "us-east-1", viewerProtocolPolicy: "https-only" }],
    viewerCertificate: {
        acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/c",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
    },
    loggingConfig: { bucket: "logs.s3.amazonaws.com", prefix: "cf/" },
    webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/x",
};
const unknownD = {
    origins: U.array,
    originGroups: U.array,
    defaultCacheBehavior: U.object,
    orderedCacheBehaviors: U.array,
    viewerCertificate: U.object,
    defaultRootObject: U.string,
};

resourcePolicySuite(cf.cloudfrontDefaultRootObject, {
    type: D,
    compliant: distribution,
    cases: [["empty", (p) => set(p, "defaultRootObject", ""), ["defaultRootObject is not set."]]],
    unset: ["defaultRootObject", ["defaultRootObject is not set."]],
    unknown: unknownD,
    unknownPlusViolation: [
        "origins and behaviours unknown, an empty default root object",
        { ...unknownD, defaultRootObject: "" },
        ["defaultRootObject is not set."],
    ],
});

resourcePolicySuite(cf.cloudfrontViewerHttpsOnly, {
    type: D,
    compliant: distribution,
    cases: [
        [
            "default behaviour allow-all",
            (p) => set(p, "defaultCacheBehavior.viewerProtocolPolicy", "allow-all"),
            ['defaultCacheBehavior.viewerProtocolPolicy is "allow-all"; expected "redirect-to-https" or "https-only".'],
        ],
        [
            "ordered behaviour allow-all",
            (p) => set(p, "orderedCacheBehaviors.0.viewerProtocolPolicy", "allow-all"),
            ['orderedCacheBehaviors[0].viewerProtocolPolicy is "allow-all"; expected "redirect-to-https" or "https-only".'],
        ],
    ],
    unset: ["orderedCacheBehaviors", []],
    unknown: unknownD,
    unknownPlusViolation: [
        "ordered behaviours unknown, the default behaviour allow-all",
        { ...unknownD, defaultCacheBehavior: { targetOriginId: U.string, viewerProtocolPolicy: "allow-all" } },
        ['defaultCacheBehavior.viewerProtocolPolicy is "allow-all"; expected "redirect-to-https" or "https-only".'],
    ],
});

resourcePolicySuite(cf.cloudfrontOriginFailover, {
    type: D,
    compliant: distribution,
    cases: [
        [
            "behaviour targets a single origin",
            (p) => set(p, "defaultCacheBehavior.targetOriginId", "us-east-1"),
            ['defaultCacheBehavior.targetOriginId "us-east-1" is not an origin group.'],
        ],
        [
            "one member",
            (p) => set(p, "originGroups.0.members", [{ originId: "us-east-1" }]),
            ["Origin group failover has 1 member(s); expected 2."],
        ],
        [
            "404 only",
            (p) => set(p, "originGroups.0.failoverCriteria.statusCodes", [404]),
            ["Origin group failover does not fail over on 500, 502, 503, 504."],
        ],
        [
            "default behaviour on the group allows writes",
            (p) => set(p, "defaultCacheBehavior.allowedMethods", ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]),
            [
                'defaultCacheBehavior targets origin group "failover" but allows DELETE, PATCH, POST, PUT; CloudFront allows only GET, HEAD and OPTIONS on an origin group.',
            ],
        ],
        [
            "an ordered behaviour on the group allows POST",
            (p) =>
                set(p, "orderedCacheBehaviors.0", {
                    pathPattern: "/api/*",
                    targetOriginId: "failover",
                    viewerProtocolPolicy: "https-only",
                    allowedMethods: ["GET", "HEAD", "POST"],
                }),
            [
                'orderedCacheBehaviors[0] targets origin group "failover" but allows POST; CloudFront allows only GET, HEAD and OPTIONS on an origin group.',
            ],
        ],
    ],
    unset: ["originGroups", ["No originGroups: origin failover is not configured."]],
    unknown: unknownD,
    unknownPlusViolation: [
        "members and target unknown, the failover codes known and wrong",
        {
            ...unknownD,
            originGroups: [{ originId: "g", members: U.array, failoverCriteria: { statusCodes: [404] } }],
            defaultCacheBehavior: { targetOriginId: U.string },
        },
        ["Origin group g does not fail over on 500, 502, 503, 504."],
    ],
});

resourcePolicySuite(cf.cloudfrontOriginFailoverFast, {
    type: D,
    compliant: distribution,
    cases: [
        [
            "slow origin",
            (p) => set(p, "origins.1.connectionTimeout", 10),
            ["Origin eu-west-1 takes 10 s x 1 attempt(s) = 10 s before failover; expected at most 5 s."],
        ],
    ],
    config: { maxCloudFrontFailoverSeconds: 5 },
    unset: ["origins.0.connectionTimeout", ["Origin us-east-1 takes 10 s x 1 attempt(s) = 10 s before failover; expected at most 5 s."]],
    unknown: {
        originGroups: [{ members: [{ originId: "a" }] }],
        origins: [{ originId: "a", connectionTimeout: U.number, connectionAttempts: 1 }],
    },
    unknownPlusViolation: [
        "one group's members unknown, a known member of another group slow",
        {
            originGroups: [
                { originId: "g1", members: U.array },
                { originId: "g2", members: [{ originId: "slow" }, { originId: U.string }] },
            ],
            origins: [{ originId: "slow", connectionTimeout: 10, connectionAttempts: 3 }, { originId: U.string }],
        },
        ["Origin slow takes 10 s x 3 attempt(s) = 30 s before failover; expected at most 5 s."],
    ],
});

describe("cloudfront-origin-failover-fast: unknown origin groups (never iterated as lists)", () => {
    const slow = [{ originId: "a", connectionTimeout: 10, connectionAttempts: 3 }];
    const run = (props: Record<string, unknown>) =>
        checkResource(cf.cloudfrontOriginFailoverFast, D, props, { unknown: true, config: { maxCloudFrontFailoverSeconds: 5 } });
    it("members unknown: not provable, no crash", () =>
        expect(run({ originGroups: [{ originId: "g", members: U.array }], origins: slow })).to.deep.equal([]));
    it("an origin group unknown: not provable, no crash", () => expect(run({ originGroups: [U.object], origins: slow })).to.deep.equal([]));
    it("a member unknown: not provable, no crash", () =>
        expect(run({ originGroups: [{ originId: "g", members: [U.object] }], origins: slow })).to.deep.equal([]));
});

resourcePolicySuite(cf.cloudfrontCustomCertificateTls, {
    type: D,
    compliant: distribution,
    cases: [
        [
            "evaluation mode default certificate",
            (p) => set(p, "viewerCertificate", { cloudfrontDefaultCertificate: true }),
            ["viewerCertificate uses the CloudFront default certificate; expected a custom certificate."],
        ],
        [
            "vip",
            (p) => set(p, "viewerCertificate.sslSupportMethod", "vip"),
            ['viewerCertificate.sslSupportMethod is "vip"; expected "sni-only".'],
        ],
        [
            "old TLS",
            (p) => set(p, "viewerCertificate.minimumProtocolVersion", "TLSv1"),
            ['viewerCertificate.minimumProtocolVersion is "TLSv1"; expected TLSv1.2_2021 or newer.'],
        ],
    ],
    unset: [
        "viewerCertificate.minimumProtocolVersion",
        ["viewerCertificate.minimumProtocolVersion is unset; expected TLSv1.2_2021 or newer."],
    ],
    unknown: unknownD,
    unknownPlusViolation: [
        "the certificate ARN unknown (a custom certificate), SNI and TLS version known and wrong",
        { ...unknownD, viewerCertificate: { acmCertificateArn: U.string, sslSupportMethod: "vip", minimumProtocolVersion: "TLSv1" } },
        [
            'viewerCertificate.sslSupportMethod is "vip"; expected "sni-only".',
            'viewerCertificate.minimumProtocolVersion is "TLSv1"; expected TLSv1.2_2021 or newer.',
        ],
    ],
});

resourcePolicySuite(cf.cloudfrontOriginHttpsTls12, {
    type: D,
    compliant: distribution,
    cases: [
        [
            "evaluation mode http-only",
            (p) => set(p, "origins.0.customOriginConfig.originProtocolPolicy", "http-only"),
            ['Origin us-east-1 originProtocolPolicy is "http-only"; expected "https-only".'],
        ],
        [
            "TLSv1.1 allowed",
            (p) => set(p, "origins.1.customOriginConfig.originSslProtocols", ["TLSv1.1", "TLSv1.2"]),
            ["Origin eu-west-1 originSslProtocols allows TLSv1.1; expected TLSv1.2 only."],
        ],
    ],
    unset: ["origins", []],
    unknown: { origins: [{ originId: "a", customOriginConfig: U.object }] },
    unknownPlusViolation: [
        "one origin's config unknown, another's protocol policy http-only with its TLS list unknown",
        {
            origins: [
                { originId: "a", customOriginConfig: U.object },
                {
                    originId: "b",
                    domainName: U.string,
                    customOriginConfig: { originProtocolPolicy: "http-only", originSslProtocols: U.array },
                },
            ],
        },
        ['Origin b originProtocolPolicy is "http-only"; expected "https-only".'],
    ],
});

const cfStack: StackItem[] = [
    { type: "aws:wafv2/webAcl:WebAcl", name: "edge-acl", props: { scope: "CLOUDFRONT" } },
    { type: D, name: "cdn", props: distribution, propDeps: { webAclId: ["edge-acl"] } },
];

stackPolicySuite(cf.cloudfrontAccessLogging, {
    compliant: cfStack,
    variants: [
        [
            "compliant: CloudWatch log delivery (a LogDeliverySource) instead of loggingConfig",
            (f) => [
                ...edit(f, "cdn", (p) => set(p, "loggingConfig", undefined)),
                {
                    type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
                    name: "src",
                    props: { logType: "ACCESS_LOGS" },
                    propDeps: { resourceArn: ["cdn"] },
                },
            ],
        ],
    ],
    cases: [
        [
            "empty bucket",
            (f) => edit(f, "cdn", (p) => set(p, "loggingConfig.bucket", "")),
            ['cdn: Distribution "cdn" has no access logging (loggingConfig.bucket or a LogDeliverySource).'],
        ],
    ],
    unset: [
        "loggingConfig",
        (f) => edit(f, "cdn", (p) => set(p, "loggingConfig", undefined)),
        ['cdn: Distribution "cdn" has no access logging (loggingConfig.bucket or a LogDeliverySource).'],
    ],
    unknown: (f) => edit(f, "cdn", (p) => set(p, "loggingConfig", U.object)),
    unknownPlusViolation: [
        "one distribution's logging unknown, another's unset",
        [
            ...edit(cfStack, "cdn", (p) => set(p, "loggingConfig", U.object)),
            { type: D, name: "cdn2", props: set(distribution, "loggingConfig", undefined) },
        ],
        ['cdn2: Distribution "cdn2" has no access logging (loggingConfig.bucket or a LogDeliverySource).'],
    ],
});

stackPolicySuite(cf.cloudfrontWafAttached, {
    compliant: cfStack,
    cases: [
        [
            "REGIONAL web ACL",
            (f) => edit(f, "edge-acl", () => ({ scope: "REGIONAL" })),
            ['cdn: Distribution "cdn" uses web ACL "edge-acl" of scope REGIONAL; expected CLOUDFRONT.'],
        ],
    ],
    unset: [
        "webAclId",
        (f) => edit(without(f, "edge-acl"), "cdn", (p) => set(p, "webAclId", undefined)).map((i) => ({ ...i, propDeps: {} })),
        ['cdn: Distribution "cdn" has no webAclId.'],
    ],
    unknown: (f) => edit(f, "cdn", (p) => set(p, "webAclId", U.string)),
    unknownPlusViolation: [
        "one distribution's web ACL unknown, another's of scope REGIONAL",
        [
            ...edit(cfStack, "cdn", (p) => set(p, "webAclId", U.string)),
            { type: "aws:wafv2/webAcl:WebAcl", name: "acl2", props: { scope: "REGIONAL" } },
            { type: D, name: "cdn2", props: distribution, propDeps: { webAclId: ["acl2"] } },
        ],
        ['cdn2: Distribution "cdn2" uses web ACL "acl2" of scope REGIONAL; expected CLOUDFRONT.'],
    ],
});
