/** `npm run stacks -- <preview|up|destroy|refresh> ...`: see operations/cli.ts. */
import { stacksMain } from "../cli";
import { run } from "./environment";

run(stacksMain);
