/** Amazon Athena controls. */
import { resourcePolicy } from "./lib/define";
import { UNKNOWN, bool, get, isSet, num } from "./lib/values";

const WORKGROUP = "aws:athena/workgroup:Workgroup";

export const athenaWorkgroupResultsEncrypted = resourcePolicy({
    name: "athena-workgroup-results-encrypted",
    description: "Athena.1: workgroups encrypt query results and enforce the workgroup configuration.",
    controls: ["Athena.1", "MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    types: [WORKGROUP],
    module: __filename,
    validate: ({ props, report }) => {
        const cfg = get(props, "configuration");
        if (cfg === UNKNOWN) return;
        const option = get(cfg, "resultConfiguration", "encryptionConfiguration", "encryptionOption");
        const managed = bool(get(cfg, "managedQueryResultsConfiguration", "enabled"));
        if (option !== UNKNOWN && !isSet(option) && managed !== true)
            report("configuration.resultConfiguration.encryptionConfiguration.encryptionOption is not set.");
        // The provider defaults enforceWorkgroupConfiguration to true.
        if (bool(get(cfg, "enforceWorkgroupConfiguration")) === false) report("configuration.enforceWorkgroupConfiguration is false.");
    },
});

export const athenaWorkgroupCloudwatchMetrics = resourcePolicy({
    name: "athena-workgroup-cloudwatch-metrics",
    description: "Athena.4: workgroups publish CloudWatch metrics.",
    controls: ["Athena.4"],
    enforcementLevel: "mandatory",
    types: [WORKGROUP],
    module: __filename,
    validate: ({ props, report }) => {
        // The provider defaults publishCloudwatchMetricsEnabled to true.
        if (bool(get(props, "configuration", "publishCloudwatchMetricsEnabled")) === false)
            report("configuration.publishCloudwatchMetricsEnabled is false.");
    },
});

export const athenaWorkgroupBytesScannedCutoff = resourcePolicy<{ maxBytesScannedCutoffPerQuery: number }>({
    name: "athena-workgroup-bytes-scanned-cutoff",
    description: "Cost: workgroups cap the bytes a query may scan (bytesScannedCutoffPerQuery within the configured bound).",
    controls: ["COST.AthenaCutoff"],
    enforcementLevel: "advisory",
    types: [WORKGROUP],
    config: { maxBytesScannedCutoffPerQuery: { type: "integer", minimum: 10485760, default: 10737418240 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        const v = num(get(props, "configuration", "bytesScannedCutoffPerQuery"));
        if (v === UNKNOWN) return;
        if (v === undefined) report("configuration.bytesScannedCutoffPerQuery is not set.");
        else if (v > config.maxBytesScannedCutoffPerQuery)
            report(`configuration.bytesScannedCutoffPerQuery is ${v}; expected at most ${config.maxBytesScannedCutoffPerQuery}.`);
    },
});

export const athenaPolicies = [athenaWorkgroupResultsEncrypted, athenaWorkgroupCloudwatchMetrics, athenaWorkgroupBytesScannedCutoff];
