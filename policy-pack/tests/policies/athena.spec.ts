import * as athena from "../../policies/athena";
import { U, resourcePolicySuite, set } from "../harness";

const WG = "aws:athena/workgroup:Workgroup";
const wg = {
    configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: 1073741824,
        resultConfiguration: {
            outputLocation: "s3://results/",
            encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: "arn:key" },
        },
    },
};

resourcePolicySuite(athena.athenaWorkgroupResultsEncrypted, {
    type: WG,
    compliant: wg,
    cases: [
        [
            "not enforced",
            (p) => set(p, "configuration.enforceWorkgroupConfiguration", false),
            ["configuration.enforceWorkgroupConfiguration is false."],
        ],
    ],
    unset: [
        "configuration.resultConfiguration.encryptionConfiguration",
        ["configuration.resultConfiguration.encryptionConfiguration.encryptionOption is not set."],
    ],
    unknown: { configuration: U.object },
    unknownPlusViolation: [
        "results configuration unknown, enforcement off",
        { configuration: { resultConfiguration: U.object, enforceWorkgroupConfiguration: false } },
        ["configuration.enforceWorkgroupConfiguration is false."],
    ],
});

resourcePolicySuite(athena.athenaWorkgroupCloudwatchMetrics, {
    type: WG,
    compliant: wg,
    cases: [
        [
            "disabled",
            (p) => set(p, "configuration.publishCloudwatchMetricsEnabled", false),
            ["configuration.publishCloudwatchMetricsEnabled is false."],
        ],
    ],
    unset: ["configuration.publishCloudwatchMetricsEnabled", []],
    unknown: { configuration: { publishCloudwatchMetricsEnabled: U.boolean } },
    unknownPlusViolation: [
        "results and cutoff unknown, metrics off",
        { configuration: { resultConfiguration: U.object, bytesScannedCutoffPerQuery: U.number, publishCloudwatchMetricsEnabled: false } },
        ["configuration.publishCloudwatchMetricsEnabled is false."],
    ],
});

resourcePolicySuite(athena.athenaWorkgroupBytesScannedCutoff, {
    type: WG,
    compliant: wg,
    cases: [
        [
            "above the bound",
            (p) => set(p, "configuration.bytesScannedCutoffPerQuery", 10737418241),
            ["configuration.bytesScannedCutoffPerQuery is 10737418241; expected at most 10737418240."],
        ],
    ],
    unset: ["configuration.bytesScannedCutoffPerQuery", ["configuration.bytesScannedCutoffPerQuery is not set."]],
    unknown: { configuration: { bytesScannedCutoffPerQuery: U.number } },
    unknownPlusViolation: [
        "results configuration and enforcement unknown, cutoff above the bound",
        {
            configuration: {
                resultConfiguration: U.object,
                enforceWorkgroupConfiguration: U.boolean,
                bytesScannedCutoffPerQuery: 10737418241,
            },
        },
        ["configuration.bytesScannedCutoffPerQuery is 10737418241; expected at most 10737418240."],
    ],
});
