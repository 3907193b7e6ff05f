/** `npm run failover -- --to <region> | --failback ...`: see operations/failoverCommand.ts. */
import { failoverMain } from "../failoverCommand";
import { run } from "./environment";

run(failoverMain);
