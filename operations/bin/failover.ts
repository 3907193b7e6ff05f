/** `npm run failover -- --to <region> | --failback ...`: see operations/cli.ts. */
import { failoverMain } from "../cli";
import { run } from "./environment";

run(failoverMain);
