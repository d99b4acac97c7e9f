import { createTelemetryObserver, type ReportObserver } from "@tokenwise/otel";
import type { Router, RouterSettings } from "@tokenwise/router";
import { expectTypeOf } from "vitest";

declare const router: Router;
expectTypeOf(createTelemetryObserver()).toEqualTypeOf<ReportObserver>();
expectTypeOf(createTelemetryObserver()).toExtend<NonNullable<RouterSettings["observers"]>[number]>();
expectTypeOf(router.onReport).parameter(0).toExtend<ReportObserver>();
