/**
 * What the simulated cloud returns for each resource type the program creates.
 *
 * A model fills in the outputs AWS would compute (ids, ARNs, DNS names, auto-generated
 * physical names); inputs are echoed back as outputs, as the provider does. A type that
 * is not listed here is refused: a new resource type must be modelled before it can be
 * previewed or tested, so a typo in a type token cannot pass silently.
 */
import * as pulumi from "@pulumi/pulumi";
import { autoName, hex, SIMULATED_ACCOUNT_ID, upperId, uuid } from "./ids";
import { simulateVpc } from "./vpc";

/** What a model knows about the resource being created. */
export interface ModelContext {
    readonly type: string;
    /** Pulumi logical name. */
    readonly name: string;
    readonly inputs: Record<string, any>;
    /** Region of the resource's provider (or its own `region` input). */
    readonly region: string;
    readonly account: string;
    /** Stable seed: stack, type and name. */
    readonly seed: string;
}

/** The id and the computed outputs of a simulated resource. */
export interface ModelResult {
    readonly id: string;
    readonly state: Record<string, unknown>;
}

type Model = (ctx: ModelContext) => ModelResult;

/** Physical name: the input when given, else Pulumi's auto-name. */
const physical = (ctx: ModelContext, key = "name", separator = "-"): string =>
    (ctx.inputs[key] as string | undefined) ?? autoName(ctx.name, ctx.seed, separator);

const arn = (ctx: ModelContext, service: string, resource: string, regional = true): string =>
    `arn:aws:${service}:${regional ? ctx.region : ""}:${ctx.account}:${resource}`;

/**
 * A resource known by a physical name: id = name, with an ARN built from it.
 * `service`/`resource` describe the ARN; `{name}` and `{id}` are substituted.
 */
function named(service: string, resource: string, opts: { key?: string; regional?: boolean; separator?: string } = {}): Model {
    return (ctx) => {
        const name = physical(ctx, opts.key ?? "name", opts.separator);
        return {
            id: name,
            state: { [opts.key ?? "name"]: name, arn: arn(ctx, service, resource.replace("{name}", name), opts.regional ?? true) },
        };
    };
}

/** A resource known by a generated id (`<prefix>-<17 hex>` like EC2, or a UUID). */
function generated(
    prefix: string | undefined,
    service?: string,
    resource?: string,
    extra?: (ctx: ModelContext, id: string) => Record<string, unknown>,
): Model {
    return (ctx) => {
        const id = prefix === undefined ? uuid(ctx.seed) : `${prefix}-${hex(ctx.seed, 17)}`;
        const state: Record<string, unknown> = {};
        if (service && resource) state["arn"] = arn(ctx, service, resource.replace("{id}", id));
        return { id, state: { ...state, ...(extra ? extra(ctx, id) : {}) } };
    };
}

/** A companion resource (bucket versioning, policy attachment, ...) whose id is its target's. */
function companion(key: string): Model {
    return (ctx) => ({ id: String(ctx.inputs[key] ?? hex(ctx.seed, 12)), state: {} });
}

/** Elastic Load Balancing's canonical hosted zone ids for ALBs, per region. */
export const ALB_ZONE_IDS: Readonly<Record<string, string>> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-central-1": "Z215JYRZR1TBD5",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-northeast-1": "Z14GRHDCWA56QT",
};

/** CloudFront's fixed hosted zone id for alias records. */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

const loadBalancer: Model = (ctx) => {
    const name = physical(ctx, "name");
    const id = hex(ctx.seed, 16);
    const suffix = `app/${name}/${id}`;
    const zone = ALB_ZONE_IDS[ctx.region] ?? upperId(`zone-${ctx.region}`, 13);
    return {
        id: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
        state: {
            name,
            arn: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
            arnSuffix: suffix,
            dnsName: `${name}-${parseInt(hex(ctx.seed, 8), 16) % 2_000_000_000}.${ctx.region}.elb.amazonaws.com`,
            zoneId: zone,
        },
    };
};

const targetGroup: Model = (ctx) => {
    const name = physical(ctx, "name");
    const suffix = `targetgroup/${name}/${hex(ctx.seed, 16)}`;
    const a = arn(ctx, "elasticloadbalancing", suffix);
    return { id: a, state: { name, arn: a, arnSuffix: suffix } };
};

const bucket: Model = (ctx) => {
    // S3 bucket names are global and lower-case; Pulumi auto-names them the same way.
    const name = ((ctx.inputs["bucket"] as string | undefined) ?? autoName(ctx.name, ctx.seed)).toLowerCase();
    return {
        id: name,
        state: {
            bucket: name,
            arn: `arn:aws:s3:::${name}`,
            bucketDomainName: `${name}.s3.amazonaws.com`,
            bucketRegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
            region: ctx.region,
            hostedZoneId: "Z3AQBSTGFYJSTF",
        },
    };
};

const kmsKey: Model = (ctx) => {
    const id = uuid(ctx.seed);
    return { id, state: { keyId: id, arn: arn(ctx, "kms", `key/${id}`) } };
};

const distribution: Model = (ctx) => {
    const id = `E${upperId(ctx.seed, 13)}`;
    return {
        id,
        state: {
            arn: `arn:aws:cloudfront::${ctx.account}:distribution/${id}`,
            domainName: `d${hex(ctx.seed, 13)}.cloudfront.net`,
            hostedZoneId: CLOUDFRONT_ZONE_ID,
            status: "Deployed",
            etag: `E${upperId(`${ctx.seed}etag`, 13)}`,
        },
    };
};

const webAcl: Model = (ctx) => {
    const name = physical(ctx, "name");
    const id = uuid(ctx.seed);
    const scope = ctx.inputs["scope"] === "CLOUDFRONT" ? "global" : "regional";
    return { id, state: { name, arn: arn(ctx, "wafv2", `${scope}/webacl/${name}/${id}`), capacity: 1000 } };
};

const ecsNamed =
    (kind: string): Model =>
    (ctx) => {
        const name = physical(ctx, "name");
        const cluster = String(ctx.inputs["cluster"] ?? "")
            .split("/")
            .pop();
        const a = arn(ctx, "ecs", kind === "service" ? `service/${cluster}/${name}` : `${kind}/${name}`);
        return { id: kind === "service" ? a : name, state: { name, arn: a } };
    };

const taskDefinition: Model = (ctx) => {
    const family = ctx.inputs["family"] as string;
    const a = arn(ctx, "ecs", `task-definition/${family}:1`);
    return { id: family, state: { arn: a, arnWithoutRevision: arn(ctx, "ecs", `task-definition/${family}`), revision: 1 } };
};

const role: Model = (ctx) => {
    const name = physical(ctx, "name");
    return {
        id: name,
        state: {
            name,
            arn: `arn:aws:iam::${ctx.account}:role${ctx.inputs["path"] ?? "/"}${name}`,
            uniqueId: `AROA${upperId(ctx.seed, 17)}`,
        },
    };
};

const alarm =
    (kind: string): Model =>
    (ctx) => {
        const name = physical(ctx, "name");
        return { id: name, state: { name, arn: arn(ctx, "cloudwatch", `alarm:${name}`), kind } };
    };

const certificate: Model = (ctx) => {
    const id = uuid(ctx.seed);
    const domain = String(ctx.inputs["domainName"] ?? "example.com");
    return {
        id: arn(ctx, "acm", `certificate/${id}`),
        state: {
            arn: arn(ctx, "acm", `certificate/${id}`),
            status: "ISSUED",
            domainValidationOptions: [
                {
                    domainName: domain,
                    resourceRecordName: `_${hex(ctx.seed, 32)}.${domain}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${hex(`${ctx.seed}v`, 32)}.acm-validations.aws.`,
                },
            ],
        },
    };
};

/** Every resource type the simulated cloud can create. */
export const MODELS: Readonly<Record<string, Model>> = {
    // providers and helpers
    "pulumi:providers:aws": (ctx) => ({ id: uuid(ctx.seed), state: {} }),
    "pulumi:providers:random": (ctx) => ({ id: uuid(ctx.seed), state: {} }),
    "random:index/randomPassword:RandomPassword": (ctx) => ({
        id: "none",
        // A fixed, obviously fake value. The provider marks `result` and `bcryptHash` secret
        // (additionalSecretOutputs, applied by the engine, not by the mocks): return them as secrets.
        state: {
            result: pulumi.secret(`simulated-${hex(ctx.seed, Number(ctx.inputs["length"] ?? 32) - 10)}`),
            bcryptHash: pulumi.secret(""),
        },
    }),

    // network
    "awsx:ec2:Vpc": (ctx) => ({ id: "", state: simulateVpc(ctx) }),
    "aws:ec2/flowLog:FlowLog": generated("fl", "ec2", "vpc-flow-log/{id}"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": generated("vpce", "ec2", "vpc-endpoint/{id}", (ctx) => ({ prefixListId: `pl-${hex(ctx.seed, 8)}` })),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": generated("sg", "ec2", "security-group/{id}"),
    "aws:ec2/securityGroup:SecurityGroup": generated("sg", "ec2", "security-group/{id}", (ctx) => ({ name: physical(ctx) })),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": generated("sgr", "ec2", "security-group-rule/{id}"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": generated("sgr", "ec2", "security-group-rule/{id}"),
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": generated("pcx", "ec2", "vpc-peering-connection/{id}", () => ({
        acceptStatus: "pending-acceptance",
    })),
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": (ctx) => ({
        id: String(ctx.inputs["vpcPeeringConnectionId"]),
        state: { acceptStatus: "active" },
    }),
    "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions": companion("vpcPeeringConnectionId"),
    "aws:ec2/route:Route": (ctx) => ({ id: `r-${ctx.inputs["routeTableId"]}${hex(ctx.seed, 8)}`, state: {} }),

    // storage
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketV2:BucketV2": bucket,
    "aws:s3/bucketVersioning:BucketVersioning": companion("bucket"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": companion("bucket"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": companion("bucket"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": companion("bucket"),
    "aws:s3/bucketPolicy:BucketPolicy": companion("bucket"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": companion("bucket"),
    "aws:s3/bucketLogging:BucketLogging": companion("bucket"),
    "aws:s3/bucketNotification:BucketNotification": companion("bucket"),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": companion("bucket"),
    "aws:s3/bucketObjectv2:BucketObjectv2": (ctx) => ({
        id: String(ctx.inputs["key"]),
        state: {
            versionId: hex(`${ctx.seed}version`, 32),
            etag: hex(`${ctx.seed}etag`, 32),
            arn: `arn:aws:s3:::${ctx.inputs["bucket"]}/${ctx.inputs["key"]}`,
        },
    }),
    "aws:kms/key:Key": kmsKey,
    "aws:kms/alias:Alias": (ctx) => ({
        id: String(ctx.inputs["name"] ?? `alias/${ctx.name}`),
        state: { arn: arn(ctx, "kms", String(ctx.inputs["name"] ?? `alias/${ctx.name}`)) },
    }),

    // analytics
    "aws:athena/workgroup:Workgroup": named("athena", "workgroup/{name}"),
    "aws:athena/namedQuery:NamedQuery": generated(undefined),
    "aws:glue/catalogDatabase:CatalogDatabase": (ctx) => {
        const name = physical(ctx, "name", "_");
        return { id: `${ctx.account}:${name}`, state: { name, arn: arn(ctx, "glue", `database/${name}`), catalogId: ctx.account } };
    },
    "aws:glue/catalogTable:CatalogTable": (ctx) => {
        const name = physical(ctx, "name", "_");
        return {
            id: `${ctx.account}:${ctx.inputs["databaseName"]}:${name}`,
            state: { name, arn: arn(ctx, "glue", `table/${ctx.inputs["databaseName"]}/${name}`), catalogId: ctx.account },
        };
    },

    // edge security
    "aws:wafv2/webAcl:WebAcl": webAcl,
    "aws:wafv2/webAclAssociation:WebAclAssociation": (ctx) => ({
        id: `${ctx.inputs["webAclArn"]},${ctx.inputs["resourceArn"]}`,
        state: {},
    }),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": companion("resourceArn"),

    // load balancing
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:lb/targetGroup:TargetGroup": targetGroup,
    "aws:lb/listener:Listener": generated(undefined, undefined, undefined, (ctx, id) => ({
        arn: `${String(ctx.inputs["loadBalancerArn"]).replace(":loadbalancer/", ":listener/")}/${id.replace(/-/g, "").slice(0, 16)}`,
    })),
    "aws:lb/listenerRule:ListenerRule": generated(undefined, undefined, undefined, (ctx, id) => ({
        arn: `${String(ctx.inputs["listenerArn"]).replace(":listener/", ":listener-rule/")}/${id.replace(/-/g, "").slice(0, 16)}`,
    })),

    // service
    "aws:ecs/cluster:Cluster": ecsNamed("cluster"),
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": companion("clusterName"),
    "aws:ecs/service:Service": ecsNamed("service"),
    "aws:ecs/taskDefinition:TaskDefinition": taskDefinition,
    "aws:appautoscaling/target:Target": (ctx) => ({
        id: String(ctx.inputs["resourceId"]),
        state: { arn: arn(ctx, "application-autoscaling", `scalable-target/${hex(ctx.seed, 20)}`) },
    }),
    "aws:appautoscaling/policy:Policy": (ctx) => {
        const name = physical(ctx);
        return {
            id: name,
            state: {
                name,
                arn: arn(ctx, "autoscaling", `scalingPolicy:${uuid(ctx.seed)}:resource/${ctx.inputs["resourceId"]}:policyName/${name}`),
                alarmArns: [],
            },
        };
    },

    // identity
    "aws:iam/role:Role": role,
    "aws:iam/rolePolicy:RolePolicy": (ctx) => {
        const name = physical(ctx);
        return { id: `${ctx.inputs["role"]}:${name}`, state: { name } };
    },
    "aws:iam/policy:Policy": (ctx) => {
        const name = physical(ctx);
        const a = `arn:aws:iam::${ctx.account}:policy/${name}`;
        return { id: a, state: { name, arn: a, policyId: `ANPA${upperId(ctx.seed, 17)}` } };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (ctx) => ({ id: `${ctx.inputs["role"]}-${hex(ctx.seed, 20)}`, state: {} }),

    // observability
    "aws:cloudwatch/logGroup:LogGroup": (ctx) => {
        // `namePrefix` (e.g. WAF's required `aws-waf-logs-`) is completed with a 26-character suffix.
        const prefix = ctx.inputs["namePrefix"] as string | undefined;
        const name = ctx.inputs["name"] === undefined && prefix !== undefined ? `${prefix}${hex(ctx.seed, 26)}` : physical(ctx);
        return { id: name, state: { name, arn: arn(ctx, "logs", `log-group:${name}`) } };
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": (ctx) => ({ id: String(ctx.inputs["policyName"]), state: {} }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": alarm("metric"),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": (ctx) => {
        const name = physical(ctx, "alarmName");
        return { id: name, state: { alarmName: name, arn: arn(ctx, "cloudwatch", `alarm:${name}`) } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (ctx) => {
        const name = String(ctx.inputs["dashboardName"]);
        return { id: name, state: { dashboardArn: `arn:aws:cloudwatch::${ctx.account}:dashboard/${name}` } };
    },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": named("logs", "delivery-source:{name}"),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": named("logs", "delivery-destination:{name}"),
    "aws:cloudwatch/logDelivery:LogDelivery": generated(undefined, "logs", "delivery:{id}"),
    "aws:sns/topic:Topic": (ctx) => {
        const name = physical(ctx);
        const a = arn(ctx, "sns", name);
        return { id: a, state: { name, arn: a } };
    },
    "aws:sns/topicPolicy:TopicPolicy": companion("arn"),
    "aws:sns/topicSubscription:TopicSubscription": (ctx) => {
        const a = `${ctx.inputs["topic"]}:${uuid(ctx.seed)}`;
        return { id: a, state: { arn: a, pendingConfirmation: ctx.inputs["protocol"] === "email" } };
    },
    "aws:xray/samplingRule:SamplingRule": (ctx) => {
        const name = String(ctx.inputs["ruleName"] ?? autoName(ctx.name, ctx.seed));
        return { id: name, state: { ruleName: name, arn: arn(ctx, "xray", `sampling-rule/${name}`) } };
    },
    "aws:xray/group:Group": (ctx) => {
        const name = String(ctx.inputs["groupName"]);
        const a = arn(ctx, "xray", `group/${name}/${upperId(ctx.seed, 24)}`);
        return { id: a, state: { arn: a } };
    },
    "aws:xray/encryptionConfig:EncryptionConfig": (ctx) => ({ id: ctx.region, state: {} }),

    // edge and DNS
    "aws:cloudfront/distribution:Distribution": distribution,
    "aws:route53/healthCheck:HealthCheck": (ctx) => {
        const id = uuid(ctx.seed);
        return { id, state: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:route53/record:Record": (ctx) => ({
        id: `${ctx.inputs["zoneId"]}_${ctx.inputs["name"]}_${ctx.inputs["type"]}${ctx.inputs["setIdentifier"] ? `_${ctx.inputs["setIdentifier"]}` : ""}`,
        state: { fqdn: String(ctx.inputs["name"]) },
    }),
    "aws:acm/certificate:Certificate": certificate,
    "aws:acm/certificateValidation:CertificateValidation": (ctx) => ({ id: String(ctx.inputs["certificateArn"]), state: {} }),

    "aws:synthetics/canary:Canary": (ctx) => {
        const name = physical(ctx);
        return {
            id: name,
            state: {
                name,
                arn: arn(ctx, "synthetics", `canary:${name}`),
                engineArn: arn(ctx, "lambda", `function:cwsyn-${name}-${uuid(ctx.seed)}:1`),
                status: "RUNNING",
            },
        };
    },

    // chaos engineering
    "aws:fis/experimentTemplate:ExperimentTemplate": (ctx) => ({ id: `EXT${upperId(ctx.seed, 14)}`, state: {} }),

    // stack references (read, not created)
    "pulumi:pulumi:StackReference": () => {
        throw new Error("StackReference reads are answered by the simulated cloud's stack-output table");
    },
};

/** Account used when a model needs one. */
export { SIMULATED_ACCOUNT_ID };
