import { expect } from "chai";
import { GlobalDashboard, type GlobalDashboardArgs } from "../../../components/global-operations";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered } from "../../support/components";

const T = GlobalDashboard.__pulumiType;
const region = (r: string) => ({
    region: r,
    albArnSuffix: `app/alb-${r}/1`,
    clusterName: `cluster-${r}`,
    serviceName: `service-${r}`,
    healthCheckId: `hc-${r}`,
});
const base: GlobalDashboardArgs = {
    dashboardName: "platform-global",
    regions: [region("us-east-1"), region("eu-west-1")],
    distributionId: "E123",
};

describe("components/global-operations/GlobalDashboard", () => {
    let r: Registered;
    let widgets: any[];
    before(async () => {
        r = await evaluateInRegions((p) => {
            new GlobalDashboard("dashboard", base, { providers: { aws: p["us-east-1"]! } });
        });
        widgets = JSON.parse(r.one("aws:cloudwatch/dashboard:Dashboard", "dashboard").inputs["dashboardBody"] as string).widgets;
    });

    it("registers exactly one dashboard with the given name, parented to the component", () => {
        expect(r.childrenOf(r.one(T, "dashboard").urn)).to.deep.equal(["aws:cloudwatch/dashboard:Dashboard dashboard"]);
        expect(r.one("aws:cloudwatch/dashboard:Dashboard", "dashboard").inputs["dashboardName"]).to.equal("platform-global");
    });

    it("shows each region's ALB, ECS and health metrics side by side, each widget reading its own region", () => {
        const titles = widgets.map((w) => [w.properties.title, w.properties.region, w.x]);
        expect(titles).to.deep.equal([
            ["us-east-1: ALB requests and 5xx", "us-east-1", 0],
            ["us-east-1: ALB p99 latency", "us-east-1", 0],
            ["us-east-1: ECS running tasks", "us-east-1", 0],
            ["us-east-1: Route 53 health", "us-east-1", 0],
            ["eu-west-1: ALB requests and 5xx", "eu-west-1", 12],
            ["eu-west-1: ALB p99 latency", "eu-west-1", 12],
            ["eu-west-1: ECS running tasks", "eu-west-1", 12],
            // Route 53 health-check metrics exist only in us-east-1.
            ["eu-west-1: Route 53 health", "us-east-1", 12],
            ["CloudFront requests and error rates", "us-east-1", 0],
        ]);
        const eu = widgets.slice(4, 8).map((w) => w.properties);
        expect(eu[0].metrics).to.deep.equal([
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/alb-eu-west-1/1"],
            ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", "app/alb-eu-west-1/1"],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "app/alb-eu-west-1/1"],
        ]);
        expect(eu[1]).to.deep.include({
            stat: "p99",
            metrics: [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/alb-eu-west-1/1"]],
        });
        expect(eu[2].metrics).to.deep.equal([
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", "cluster-eu-west-1", "ServiceName", "service-eu-west-1"],
        ]);
        expect(eu[3].metrics).to.deep.equal([["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "hc-eu-west-1"]]);
        expect(widgets[8].properties.metrics.map((m: unknown[]) => m.slice(0, 4))).to.deep.equal([
            ["AWS/CloudFront", "Requests", "DistributionId", "E123"],
            ["AWS/CloudFront", "5xxErrorRate", "DistributionId", "E123"],
            ["AWS/CloudFront", "4xxErrorRate", "DistributionId", "E123"],
        ]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions((p) => {
            new GlobalDashboard("a", base, { providers: { aws: p["us-east-1"]! } });
            new GlobalDashboard("b", { ...base, dashboardName: "other" }, { providers: { aws: p["us-east-1"]! } });
        });
        expectUniqueUrns(two.record);
    });

    describe("validation", () => {
        const cases: [string, Partial<GlobalDashboardArgs>, string][] = [
            [
                "a dashboard name CloudWatch refuses",
                { dashboardName: "my dashboard" },
                'dashboardName: expected 1-255 letters, digits, dashes or underscores, got "my dashboard"',
            ],
            ["no region", { regions: [] }, "regions: expected at least 1 region, got 0"],
            [
                "duplicate regions",
                { regions: [region("us-east-1"), region("us-east-1")] },
                'regions: expected distinct regions, got ["us-east-1","us-east-1"]',
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new GlobalDashboard("dashboard", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
