#!/usr/bin/env node
import { main } from "./cli";

main(process.argv.slice(2)).then(
  (kit) => {
    if (!kit) return;
    const stop = () => {
      kit.close().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
