/** `npm run stacks -- <preview|up|destroy|refresh> ...`: see operations/stacksCommand.ts. */
import { stacksMain } from "../stacksCommand";
import { run } from "./environment";

run(stacksMain);
